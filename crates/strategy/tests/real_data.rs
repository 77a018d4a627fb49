//! Evaluation on real bars: backtesting.py parity, no look-ahead, warm-up,
//! chaining and rule semantics against a per-bar reference.

use crate::common;

use barstream_indicators as ind;
use barstream_strategy::{Signals, Strategy};
use common::{load, Rng, RICH};

const AAPL: &str = "sp500_5yr/AAPL_data.csv";

/// Bitwise equality, so NaN == NaN.
fn same(a: &[f64], b: &[f64]) -> bool {
    a.len() == b.len() && a.iter().zip(b).all(|(x, y)| x.to_bits() == y.to_bits())
}

fn signal_columns(s: &Signals) -> [&Vec<bool>; 4] {
    [&s.entry_long, &s.exit_long, &s.entry_short, &s.exit_short]
}

#[test]
fn sma_cross_entries_are_the_bars_before_backtesting_py_fills_on_goog() {
    // Golden: backtesting.py 0.6.6 README SmaCross on GOOG, made by
    // tests/golden/backtesting_py/make_sma_cross_goog.py. A market order placed
    // on bar t fills at bar t+1's open, so each trade's entry_bar - 1 is a signal bar.
    let golden_path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../tests/golden/backtesting_py/sma_cross_goog.json"
    );
    let golden: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(golden_path).unwrap()).unwrap();
    let spec = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../examples/strategies/sma_cross.json"
    );
    let strategy = Strategy::from_json(&std::fs::read_to_string(spec).unwrap()).unwrap();
    let data = load("backtesting_py/GOOG.csv");
    assert_eq!(data.close.len() as u64, golden["n_bars"].as_u64().unwrap());
    let s = strategy.signals(&data.bars());

    let mut expected: Vec<(usize, bool)> = golden["trades"]
        .as_array()
        .unwrap()
        .iter()
        .chain(golden["open_trades_at_end"].as_array().unwrap())
        .map(|t| {
            (
                t["entry_bar"].as_u64().unwrap() as usize - 1,
                t["side"] == "long",
            )
        })
        .collect();
    expected.sort();
    // A signal on the last bar has no next bar to fill on.
    let n = data.close.len();
    let actual: Vec<(usize, bool)> = (0..n - 1)
        .filter_map(|t| match (s.entry_long[t], s.entry_short[t]) {
            (true, false) => Some((t, true)),
            (false, true) => Some((t, false)),
            (false, false) => None,
            (true, true) => panic!("bar {t}: long and short entries together"),
        })
        .collect();
    assert_eq!(actual.len(), 94);
    // An and-only strategy never fires during its warm-up.
    assert_eq!(strategy.warmup(), 20);
    assert!(signal_columns(&s)
        .iter()
        .all(|c| c[..20].iter().all(|&x| !x)));
    assert_eq!(actual, expected);
    // Exits coincide with the opposite entry (exclusive orders reverse the position).
    assert_eq!(s.exit_long, s.entry_short);
    assert_eq!(s.exit_short, s.entry_long);
}

#[test]
fn rewriting_the_future_changes_nothing_up_to_the_cut_on_aapl() {
    let strategy = Strategy::from_json(RICH).unwrap();
    let data = load(AAPL);
    let n = data.close.len();
    let (base_signals, base_values) = strategy.evaluate(&data.bars());
    assert!(
        base_signals.entry_long.iter().filter(|&&x| x).count() > 5,
        "rule too rare to test"
    );
    let mut rng = Rng(0x5EED_0001);
    let mut cuts: Vec<usize> = (0..6)
        .map(|_| strategy.warmup() + rng.below(n - strategy.warmup() - 1))
        .collect();
    cuts.push(strategy.warmup());
    for t in cuts {
        let future = data.with_future_scaled(t + 1, 1.7);
        let (signals, values) = strategy.evaluate(&future.bars());
        for (k, (a, b)) in signal_columns(&base_signals)
            .iter()
            .zip(signal_columns(&signals))
            .enumerate()
        {
            assert_eq!(
                a[..=t],
                b[..=t],
                "signal column {k} changed at or before cut {t}"
            );
        }
        for ((name, a), (_, b)) in base_values.iter().zip(&values) {
            assert!(
                same(&a[..=t], &b[..=t]),
                "{name} changed at or before cut {t}"
            );
            assert!(
                !same(&a[t + 1..], &b[t + 1..]),
                "rewrite did not reach {name} after cut {t}"
            );
        }
    }
}

#[test]
fn warmup_is_the_first_bar_where_every_indicator_is_defined_on_aapl() {
    // Same indicators as RICH, rules that add no lookback, no ATR stop.
    let spec: serde_json::Value = serde_json::from_str(RICH).unwrap();
    let only_indicators = serde_json::json!({
        "name": "lookbacks", "indicators": spec["indicators"], "entry_long": "close > 0"
    });
    let strategy = Strategy::from_json(&only_indicators.to_string()).unwrap();
    let data = load(AAPL);
    let values = strategy.indicator_values(&data.bars());
    let first_defined = |v: &Vec<f64>| v.iter().position(|x| !x.is_nan()).unwrap();
    let latest = values.iter().map(|(_, v)| first_defined(v)).max().unwrap();
    assert_eq!(strategy.warmup(), latest);
    // Past the warm-up nothing is NaN: leading NaNs of chained inputs were skipped.
    for (name, v) in &values {
        assert!(
            v[first_defined(v)..].iter().all(|x| !x.is_nan()),
            "{name} has a NaN after warm-up"
        );
    }
    // The lookbacks the README promises, bar for bar.
    let first = |name: &str| first_defined(&values.iter().find(|(n, _)| n == name).unwrap().1);
    assert_eq!(first("fast"), 9);
    assert_eq!(first("r"), 14);
    assert_eq!(first("r_smooth"), 14 + 4);
    assert_eq!(first("mid_slope"), 19 + 3);
    assert_eq!(first("m.signal"), 33);
    assert_eq!(first("dc.middle"), 19);
    assert_eq!(first("vol"), 14);
}

#[test]
fn a_chained_indicator_equals_the_indicator_run_on_its_defined_input_on_aapl() {
    let strategy = Strategy::from_json(RICH).unwrap();
    let data = load(AAPL);
    let values = strategy.indicator_values(&data.bars());
    let get = |name: &str| &values.iter().find(|(n, _)| n == name).unwrap().1;
    let rsi = ind::rsi(&data.close, 14);
    assert!(same(get("r"), &rsi));
    let tail = ind::ema(&rsi[14..], 5);
    assert!(get("r_smooth")[..14].iter().all(|x| x.is_nan()));
    assert!(same(&get("r_smooth")[14..], &tail));
    let dc_upper = ind::highest(&data.high, 20);
    let dc_lower = ind::lowest(&data.low, 20);
    assert!(same(get("dc.upper"), &dc_upper));
    let mid: Vec<f64> = dc_upper
        .iter()
        .zip(&dc_lower)
        .map(|(u, l)| (u + l) / 2.0)
        .collect();
    assert!(same(get("dc.middle"), &mid));
}

/// Kleene truth of a comparison: None when an operand is NaN.
fn cmp(a: f64, b: f64, f: fn(f64, f64) -> bool) -> Option<bool> {
    (!a.is_nan() && !b.is_nan()).then(|| f(a, b))
}

fn and(a: Option<bool>, b: Option<bool>) -> Option<bool> {
    match (a, b) {
        (Some(false), _) | (_, Some(false)) => Some(false),
        (Some(true), Some(true)) => Some(true),
        _ => None,
    }
}

fn or(a: Option<bool>, b: Option<bool>) -> Option<bool> {
    match (a, b) {
        (Some(true), _) | (_, Some(true)) => Some(true),
        (Some(false), Some(false)) => Some(false),
        _ => None,
    }
}

#[test]
fn rules_match_a_per_bar_reference_evaluation_on_aapl() {
    let strategy = Strategy::from_json(RICH).unwrap();
    let data = load(AAPL);
    let (s, values) = strategy.evaluate(&data.bars());
    let v = |name: &str| values.iter().find(|(n, _)| n == name).unwrap().1.clone();
    let (fast, slow, r_smooth, dc_upper) = (v("fast"), v("slow"), v("r_smooth"), v("dc.upper"));
    let (macd, signal, bb_lower, sd, mid_slope) = (
        v("m.macd"),
        v("m.signal"),
        v("bb.lower"),
        v("sd"),
        v("mid_slope"),
    );
    let close = &data.close;
    let at = |x: &[f64], t: usize, k: usize| if t >= k { x[t - k] } else { f64::NAN };
    // backtesting.py lib.crossover, one bar at a time.
    let crossover = |a: &[f64], b: &[f64], t: usize| {
        and(
            cmp(at(a, t, 1), at(b, t, 1), |x, y| x < y),
            cmp(a[t], b[t], |x, y| x > y),
        )
    };
    let mut fired = [0usize; 2];
    for t in 0..close.len() {
        // crossover(fast, slow) and r_smooth < 60 or close > prev(dc.upper, 1)
        let entry = or(
            and(
                crossover(&fast, &slow, t),
                cmp(r_smooth[t], 60.0, |x, y| x < y),
            ),
            cmp(close[t], at(&dc_upper, t, 1), |x, y| x > y),
        );
        // crossunder(m.macd, m.signal) or close < bb.lower - 0.5 * sd or not (mid_slope > -1)
        let exit = or(
            or(
                crossover(&signal, &macd, t),
                cmp(close[t], bb_lower[t] - 0.5 * sd[t], |x, y| x < y),
            ),
            cmp(mid_slope[t], -1.0, |x, y| x > y).map(|b| !b),
        );
        assert_eq!(
            s.entry_long[t],
            entry == Some(true),
            "entry_long at bar {t}"
        );
        assert_eq!(s.exit_long[t], exit == Some(true), "exit_long at bar {t}");
        fired[0] += usize::from(s.entry_long[t]);
        fired[1] += usize::from(s.exit_long[t]);
    }
    assert!(
        fired.iter().all(|&c| c > 5),
        "rules too rare to test: {fired:?}"
    );
    // One side of an `or` may fire before the whole strategy's warm-up (34 bars),
    // but not before its own operands exist: close > prev(dc.upper, 1) from bar 20.
    assert!(s.entry_long[..34].iter().any(|&x| x));
    assert!(s.entry_long[..20].iter().all(|&x| !x));
}
