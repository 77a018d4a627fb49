//! `Strategy::slice_plan`: a slice starting at a multiple of `align` gives, from
//! `exact_from` on, exactly the whole series' indicator values and signals, on real
//! daily and 1-minute bars, for every indicator kind and chains of every class.

use crate::common;

use barstream_strategy::{BarsRef, Strategy};
use common::RICH;

/// Chains the rich spec lacks: a running sum over a recursive input (sma of rsi) and over
/// another running sum (stddev of wma).
const CHAINS: &str = r#"{
  "name": "chains",
  "indicators": {
    "r": { "kind": "rsi", "period": 14 }, "rs": { "kind": "sma", "period": 5, "input": "r" },
    "w": { "kind": "wma", "period": 15 }, "sd": { "kind": "stddev", "period": 20, "input": "w" }
  },
  "entry_long": "rs < 40 and close > w + sd",
  "exit_long": "crossover(rs, 60)"
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
        }
        // The signals alone are exact from their own (earlier) bar on.
        for t in plan.signals_exact_from..end - start {
            let g = start + t;
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
            assert!(plan.atr_exact_from > 0);
            for t in plan.atr_exact_from..end - start {
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
    let plan = Strategy::from_json(RICH).unwrap().slice_plan();
    // The largest stride among sma 10, wma 8, stddev 20, bbands 20: 8 * 20 -> 256.
    assert_eq!(plan.align, 256);
    assert_eq!(Strategy::from_json(CHAINS).unwrap().slice_plan().align, 256);
    let mut checked = 0;
    for sym in ["AAPL", "XOM", "NVDA", "F"] {
        let rel = format!("sp500_5yr/{sym}_data.csv");
        checked += assert_slices_exact(RICH, &rel, 1, Some(14));
        checked += assert_slices_exact(CHAINS, &rel, 1, None);
    }
    assert!(checked > 0, "daily series too short for the plan {plan:?}");
}

#[test]
fn aligned_slices_reproduce_every_indicator_and_signal_on_minute_bars() {
    let rel = "crypto_1m_binance/ALGOUSDT-1m-2023-02.csv";
    assert!(assert_slices_exact(RICH, rel, 7, Some(14)) > 5_000);
    assert!(assert_slices_exact(CHAINS, rel, 7, None) > 5_000);
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
