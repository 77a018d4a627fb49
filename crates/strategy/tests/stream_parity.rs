//! Streaming evaluation equals batch evaluation at every bar, on real data.
//!
//! For every example strategy, the `RICH` spec (every indicator kind, chaining,
//! multi-output inputs) and the `CONSTRUCTS` spec (every rule construct: `prev` of
//! numbers, conditions and constants, nested `prev`, `not`, unary minus, division by
//! zero, every comparison, crossovers with constants), over AAPL daily, backtesting.py's
//! GOOG, LINKUSDT 1-minute bars and AAPL with gaps (leading and interior NaN in single
//! fields and whole bars): the signals of [`StrategyStream`] equal
//! [`Strategy::signals`] at every bar, and every indicator output equals the batch
//! value within 1e-12 relative (NaN exactly where the batch has NaN). The test also
//! counts values that are not bit-identical; the crate docs claim there are none.

use crate::common;

use barstream_strategy::{Bar, Strategy, StrategyStream};
use common::{load, Ohlcv, RICH};

/// Every rule construct the language has (see the crate README), over chained and
/// multi-output indicators.
const CONSTRUCTS: &str = r#"{
  "name": "constructs",
  "indicators": {
    "dc": { "kind": "donchian", "period": 10 },
    "dcm": { "kind": "sma", "period": 3, "input": "dc.middle" },
    "chain2": { "kind": "wma", "period": 5, "input": "dcm" },
    "m": { "kind": "macd", "fast": 5, "slow": 13, "signal": 4 },
    "hist_ema": { "kind": "ema", "period": 4, "input": "m.hist" },
    "r": { "kind": "rsi", "period": 7, "input": "open" },
    "sdv": { "kind": "stddev", "period": 10, "input": "volume" }
  },
  "entry_long": "prev(close > open, 2) and not prev(crossover(close, dc.middle), 1) or -close <= -dc.upper",
  "exit_long": "close >= prev(prev(high, 1), 2) and volume != prev(volume, 1)",
  "entry_short": "crossover(50, r) or (close - open) / (high - low) == 0 or prev(2, 3) < 1",
  "exit_short": "crossunder(hist_ema, 0) or chain2 < prev(chain2, 5) * 0.99 and sdv > 0 and high - low >= 0"
}"#;

/// `d` with gaps: leading NaNs of different lengths per field, a whole-bar NaN,
/// single-field NaNs and an infinity.
fn gappy(d: &Ohlcv) -> Ohlcv {
    let mut g = Ohlcv {
        open: d.open.clone(),
        high: d.high.clone(),
        low: d.low.clone(),
        close: d.close.clone(),
        volume: d.volume.clone(),
    };
    for i in 0..3 {
        g.high[i] = f64::NAN;
    }
    g.close[0] = f64::NAN;
    g.volume[..5].fill(f64::NAN);
    for col in [
        &mut g.open,
        &mut g.high,
        &mut g.low,
        &mut g.close,
        &mut g.volume,
    ] {
        col[400] = f64::NAN;
    }
    g.high[650] = f64::NAN;
    g.low[651] = f64::NAN;
    g.close[900] = f64::INFINITY;
    g.volume[1000] = f64::NAN;
    g
}

struct Tally {
    values: usize,
    not_bit_identical: usize,
    fired: usize,
}

/// Streams `data` through `spec` and compares with the batch at every bar.
fn assert_stream_equals_batch(spec: &str, data: &Ohlcv, what: &str, tally: &mut Tally) {
    let strategy = Strategy::from_json(spec).unwrap();
    let (signals, values) = strategy.evaluate(&data.bars());
    let mut live = StrategyStream::new(&strategy);
    for t in 0..data.close.len() {
        let bar = Bar {
            open: data.open[t],
            high: data.high[t],
            low: data.low[t],
            close: data.close[t],
            volume: data.volume[t],
        };
        let got = live.update(&strategy, &bar);
        let want = [
            signals.entry_long[t],
            signals.exit_long[t],
            signals.entry_short[t],
            signals.exit_short[t],
        ];
        assert_eq!(
            [
                got.entry_long,
                got.exit_long,
                got.entry_short,
                got.exit_short
            ],
            want,
            "{what} {}: signals at bar {t}",
            strategy.name()
        );
        tally.fired += want.iter().filter(|&&x| x).count();
        assert_eq!(live.indicator_values().len(), values.len());
        for ((name, col), &v) in values.iter().zip(live.indicator_values()) {
            let b = col[t];
            tally.values += 1;
            if b.to_bits() == v.to_bits() {
                continue;
            }
            tally.not_bit_identical += 1;
            assert_eq!(
                b.is_nan(),
                v.is_nan(),
                "{what} {name} at bar {t}: {v} vs {b}"
            );
            assert!(
                (b - v).abs() <= 1e-12 * b.abs().max(v.abs()),
                "{what} {name} at bar {t}: stream {v} vs batch {b}"
            );
        }
    }
    assert_eq!(live.bars(), data.close.len() as u64);
}

fn specs() -> Vec<String> {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../../examples/strategies");
    let mut files: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "json"))
        .collect();
    files.sort();
    assert!(files.len() >= 3, "example strategies: {files:?}");
    let mut out: Vec<String> = files
        .iter()
        .map(|p| std::fs::read_to_string(p).unwrap())
        .collect();
    out.push(RICH.to_string());
    out.push(CONSTRUCTS.to_string());
    out
}

#[test]
fn stream_signals_and_indicator_values_equal_the_batch_at_every_bar_on_real_data() {
    let aapl = load("sp500_5yr/AAPL_data.csv");
    let data = [
        ("AAPL", gappy(&aapl)),
        ("AAPL", aapl),
        ("GOOG", load("backtesting_py/GOOG.csv")),
        (
            "LINKUSDT 1m",
            load("crypto_1m_binance/LINKUSDT-1m-2023-02.csv"),
        ),
    ];
    let mut tally = Tally {
        values: 0,
        not_bit_identical: 0,
        fired: 0,
    };
    for spec in specs() {
        for (i, (name, d)) in data.iter().enumerate() {
            let what = if i == 0 { "AAPL with gaps" } else { name };
            assert_stream_equals_batch(&spec, d, what, &mut tally);
        }
    }
    // Rules must fire, or equal signals say little.
    assert!(tally.fired > 10_000, "fired {}", tally.fired);
    assert!(tally.values > 1_000_000, "values {}", tally.values);
    assert_eq!(
        tally.not_bit_identical, 0,
        "within 1e-12 but not bit-identical: {} of {} values",
        tally.not_bit_identical, tally.values
    );
}

#[test]
fn a_checkpoint_resumes_exactly_and_a_foreign_one_is_refused() {
    let strategy = Strategy::from_json(CONSTRUCTS).unwrap();
    let data = load("sp500_5yr/AAPL_data.csv");
    let bar = |t: usize| Bar {
        open: data.open[t],
        high: data.high[t],
        low: data.low[t],
        close: data.close[t],
        volume: data.volume[t],
    };
    let n = data.close.len();
    let mut whole = StrategyStream::new(&strategy);
    let want: Vec<_> = (0..n).map(|t| whole.update(&strategy, &bar(t))).collect();
    for cut in [0, 1, 2, 3, 12, 250, n - 1] {
        let mut a = StrategyStream::new(&strategy);
        for t in 0..cut {
            a.update(&strategy, &bar(t));
        }
        let text = serde_json::to_string(&a).unwrap();
        let mut b: StrategyStream = serde_json::from_str(&text).unwrap();
        b.check_fits(&strategy).unwrap();
        for (t, w) in want.iter().enumerate().skip(cut) {
            assert_eq!(&b.update(&strategy, &bar(t)), w, "cut {cut}, bar {t}");
        }
        assert_eq!(b.indicator_values(), whole.indicator_values());
    }
    // A state made for another strategy does not fit.
    let other = Strategy::from_json(RICH).unwrap();
    let err = StrategyStream::new(&other)
        .check_fits(&strategy)
        .unwrap_err();
    assert!(err.starts_with("indicator state does not match"), "{err}");
    let same_indicators = CONSTRUCTS.replace("prev(2, 3) < 1", "prev(2, 4) < 1");
    let err = StrategyStream::new(&Strategy::from_json(&same_indicators).unwrap())
        .check_fits(&strategy)
        .unwrap_err();
    assert_eq!(
        err,
        "rule state of entry_short does not match the strategy's rule"
    );
}
