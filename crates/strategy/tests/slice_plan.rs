//! `Strategy::slice_plan`: a slice starting at a multiple of `align` gives, from
//! `exact_from` on, exactly the whole series' indicator values and signals, on real
//! daily and 1-minute bars, for every indicator kind (chains included).

mod common;

use barstream_strategy::{BarsRef, Strategy};

/// Every indicator kind, a chain over a recursive input (sma of rsi), a running sum
/// chained twice (stddev of wma) and every rule construct.
const ALL_KINDS: &str = r#"{
  "name": "all_kinds",
  "indicators": {
    "fast": { "kind": "sma", "period": 10 }, "slow": { "kind": "sma", "period": 30 },
    "e": { "kind": "ema", "period": 20 }, "w": { "kind": "wma", "period": 15 },
    "r": { "kind": "rsi", "period": 14 }, "rs": { "kind": "sma", "period": 5, "input": "r" },
    "roc": { "kind": "roc", "period": 10 }, "sd": { "kind": "stddev", "period": 20, "input": "w" },
    "hi": { "kind": "highest", "period": 20 }, "lo": { "kind": "lowest", "period": 20 },
    "a": { "kind": "atr", "period": 14 }, "bb": { "kind": "bbands", "period": 20 },
    "m": { "kind": "macd", "fast": 12, "slow": 26, "signal": 9 },
    "dc": { "kind": "donchian", "period": 20 }
  },
  "entry_long": "crossover(fast, slow) or (rs < 40 and close > bb.middle)",
  "exit_long": "crossunder(e, w) or close > prev(hi, 1) or m.hist < 0",
  "entry_short": "crossunder(fast, slow) and not (roc > 0) or close < dc.lower + sd",
  "exit_short": "close - open > a or crossover(r, 60)",
  "risk": { "atr_stop": { "period": 10, "multiple": 2 } }
}"#;

/// Checks every aligned slice start (every `step`-th multiple of `align`) of `rel`;
/// `atr_stop`: the period of the spec's ATR stop, whose ATR is checked too.
/// Returns the number of slice bars compared.
fn assert_slices_exact(spec: &str, rel: &str, step: usize, atr_stop: Option<usize>) -> usize {
    let s = Strategy::from_json(spec).unwrap();
    let plan = s.slice_plan();
    assert!(plan.exact_from >= s.warmup());
    let d = common::load(rel);
    let (full, full_values) = s.evaluate(&d.bars());
    let n = d.close.len();
    let mut checked = 0;
    let mut start = plan.align;
    while start + plan.exact_from < n {
        let end = (start + plan.exact_from + 300).min(n);
        let part = BarsRef {
            open: &d.open[start..end],
            high: &d.high[start..end],
            low: &d.low[start..end],
            close: &d.close[start..end],
            volume: &d.volume[start..end],
        };
        let (sig, values) = s.evaluate(&part);
        for t in plan.exact_from..end - start {
            let g = start + t;
            for ((name, v), (_, f)) in values.iter().zip(&full_values) {
                assert_eq!(
                    v[t].to_bits(),
                    f[g].to_bits(),
                    "{rel} slice {start}: {name} at bar {g}"
                );
            }
            assert_eq!(
                [
                    sig.entry_long[t],
                    sig.exit_long[t],
                    sig.entry_short[t],
                    sig.exit_short[t]
                ],
                [
                    full.entry_long[g],
                    full.exit_long[g],
                    full.entry_short[g],
                    full.exit_short[g]
                ],
                "{rel} slice {start}: signals at bar {g}"
            );
            checked += 1;
        }
        if let Some(p) = atr_stop {
            let fa = barstream_indicators::atr(&d.high, &d.low, &d.close, p);
            let pa = barstream_indicators::atr(part.high, part.low, part.close, p);
            for t in plan.exact_from..end - start {
                assert_eq!(
                    pa[t].to_bits(),
                    fa[start + t].to_bits(),
                    "{rel}: atr stop at {}",
                    start + t
                );
            }
        }
        start += plan.align * step;
    }
    checked
}

#[test]
fn aligned_slices_reproduce_every_indicator_and_signal_on_daily_bars() {
    let plan = Strategy::from_json(ALL_KINDS).unwrap().slice_plan();
    // The largest stride among sma 30, wma 15, stddev 20, bbands 20: 8 * 30 -> 256.
    assert_eq!(plan.align, 256);
    let mut checked = 0;
    for sym in ["AAPL", "XOM", "NVDA", "F"] {
        checked +=
            assert_slices_exact(ALL_KINDS, &format!("sp500_5yr/{sym}_data.csv"), 1, Some(10));
    }
    assert!(checked > 0, "daily series too short for the plan {plan:?}");
}

#[test]
fn aligned_slices_reproduce_every_indicator_and_signal_on_minute_bars() {
    let n = assert_slices_exact(
        ALL_KINDS,
        "crypto_1m_binance/ALGOUSDT-1m-2023-02.csv",
        7,
        Some(10),
    );
    assert!(n > 5_000);
}

#[test]
fn sma_only_strategies_need_no_lead_in_beyond_the_warmup() {
    // ALGOUSDT has flat stretches where the two SMAs tie exactly: without anchors a
    // later start flips crossovers there (measured), with them it cannot.
    let spec = r#"{"name": "x", "indicators": {"f": {"kind": "sma", "period": 10}, "s": {"kind": "sma", "period": 30}},
        "entry_long": "crossover(f, s)", "exit_long": "crossunder(f, s)"}"#;
    let s = Strategy::from_json(spec).unwrap();
    assert_eq!(s.slice_plan().align, 256);
    assert_eq!(s.slice_plan().exact_from, s.warmup());
    for sym in ["ALGOUSDT", "NEARUSDT"] {
        let rel = format!("crypto_1m_binance/{sym}-1m-2023-02.csv");
        assert!(assert_slices_exact(spec, &rel, 1, None) > 30_000);
    }
}
