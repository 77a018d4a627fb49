//! The fast risk-exit path equals the plain path on real data, bit for bit.
//!
//! Fast (`replay`, what `run_symbol` uses): the stop in force kept per completed bar, the
//! full stop/target check only on bars that may exit, the ATR computed inside the
//! loop. Plain (`replay::reference::replay_plain` with a batch `barstream_indicators::atr`
//! column): the full check on every bar held, the levels recomputed from their
//! definitions each bar, the ATR read from the column, i.e. the previous implementation.
//! The reference is an independent path through the same rules, not a stored value.
//!
//! Data: all 505 S&P 500 daily files (`sp500_5yr`) and three Binance 1-minute months
//! (`crypto_1m_binance`); SMA cross long and short (reversals), both fill timings, both
//! ambiguity policies, risk settings under which every exit reason fires (asserted).

use crate::common;

use std::collections::BTreeSet;

use barstream_engine::replay::reference::replay_plain;
use barstream_engine::risk::atr_feed::AtrFeed;
use barstream_engine::{
    replay, AmbiguityPolicy, Bars, ExitReason, FillTiming, ReplayConfig, ReplayOutput, RiskParams,
    SignalsRef,
};
use barstream_strategy::Strategy;
use common::{raw, read_daily, read_minutes, Loaded};

/// Long and short SMA cross: entries reverse, so both sides and reversals occur.
const SPEC: &str = r#"{"name":"x","indicators":{"fast":{"kind":"sma","period":5},"slow":{"kind":"sma","period":20}},
  "entry_long":"crossover(fast, slow)","entry_short":"crossunder(fast, slow)"}"#;

/// Risk settings for bars whose typical range is `scale` (fraction of price): all five
/// exits together, and subsets (trailing alone, ATR alone, stop + target) so that each
/// exit also fires when it is the only stop.
fn risk_sets(scale: f64) -> Vec<RiskParams> {
    let all = RiskParams {
        stop_loss: Some(2.0 * scale),
        take_profit: Some(3.0 * scale),
        trailing_stop: Some(1.5 * scale),
        atr_stop: Some((14, 1.5)),
        max_bars: Some(15),
    };
    vec![
        all,
        RiskParams {
            trailing_stop: Some(scale),
            max_bars: Some(40),
            ..RiskParams::default()
        },
        RiskParams {
            atr_stop: Some((10, 1.0)),
            take_profit: Some(2.0 * scale),
            ..RiskParams::default()
        },
        RiskParams {
            stop_loss: Some(scale),
            take_profit: Some(1.2 * scale),
            ..RiskParams::default()
        },
        RiskParams {
            stop_loss: Some(4.0 * scale),
            trailing_stop: Some(2.5 * scale),
            ..RiskParams::default()
        },
    ]
}

fn configs(risk: RiskParams) -> Vec<ReplayConfig> {
    let mut out = Vec::new();
    for fill in [FillTiming::NextOpen, FillTiming::SameClose] {
        for ambiguity in [AmbiguityPolicy::StopFirst, AmbiguityPolicy::TargetFirst] {
            out.push(ReplayConfig {
                initial_cash: 100_000.0,
                slippage: 0.0005,
                fill,
                ambiguity,
                risk,
                ..ReplayConfig::default()
            });
        }
    }
    out
}

/// Debug text of a replay: Rust prints every f64 in its shortest round-trip form, so
/// equal text means equal bits (and NaN where NaN).
fn text(o: &ReplayOutput) -> String {
    format!("{o:?}")
}

/// Runs every configuration fast and plain on `bars`; returns the exit reasons seen and
/// the ambiguous bar count.
fn check_symbol(name: &str, d: &Loaded, scale: f64, seen: &mut BTreeSet<&'static str>) -> usize {
    let strategy = Strategy::from_json(SPEC).unwrap();
    let bars: Bars = d.bars();
    let signals = strategy.signals(&bars.view());
    let s = SignalsRef::from(&signals);
    let mut ambiguous = 0;
    for risk in risk_sets(scale) {
        let column = risk.atr_stop.map_or(Vec::new(), |(p, _)| {
            barstream_indicators::atr(bars.high, bars.low, bars.close, p)
        });
        for cfg in configs(risk) {
            let fast = replay(bars, s, &[], &cfg);
            let plain = replay_plain(bars, s, &column, &cfg);
            assert_eq!(text(&fast), text(&plain), "{name}: {cfg:?}");
            // A given column takes the same path as the fed ATR.
            assert_eq!(
                text(&replay(bars, s, &column, &cfg)),
                text(&plain),
                "{name}"
            );
            ambiguous += fast.ambiguous_bars;
            seen.extend(fast.trades.iter().map(|t| t.exit_reason.as_str()));
        }
    }
    ambiguous
}

fn assert_every_exit_fired(seen: &BTreeSet<&'static str>, ambiguous: usize, ctx: &str) {
    for r in [
        ExitReason::StopLoss,
        ExitReason::TakeProfit,
        ExitReason::TrailingStop,
        ExitReason::AtrStop,
        ExitReason::TimeExit,
        ExitReason::Reverse,
    ] {
        assert!(seen.contains(r.as_str()), "{ctx}: no {} exit", r.as_str());
    }
    assert!(ambiguous > 0, "{ctx}: no ambiguous bar");
}

#[test]
fn fast_path_equals_plain_path_on_all_sp500_symbols() {
    let mut files: Vec<_> = std::fs::read_dir(raw("sp500_5yr"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    files.sort();
    assert_eq!(files.len(), 505, "sp500_5yr should hold 505 files");
    let (mut seen, mut ambiguous) = (BTreeSet::new(), 0);
    for f in &files {
        let d = read_daily(f);
        ambiguous += check_symbol(&f.display().to_string(), &d, 0.02, &mut seen);
    }
    assert_every_exit_fired(&seen, ambiguous, "sp500");
}

#[test]
fn fast_path_equals_plain_path_on_crypto_minutes() {
    let (mut seen, mut ambiguous) = (BTreeSet::new(), 0);
    for s in ["LINKUSDT", "AVAXUSDT", "ALGOUSDT"] {
        let d = read_minutes(&raw(&format!("crypto_1m_binance/{s}-1m-2023-02.csv")));
        ambiguous += check_symbol(s, &d, 0.002, &mut seen);
    }
    assert_every_exit_fired(&seen, ambiguous, "crypto 1m");
}

/// `AtrFeed` (the ATR fed inside the loop) equals the batch `atr` bit for bit at every
/// bar, also with non-finite prices that restart the warm-up.
#[test]
fn atr_feed_equals_batch_atr_bit_for_bit() {
    let d = read_minutes(&raw("crypto_1m_binance/LINKUSDT-1m-2023-02.csv"));
    let mut high = d.high.clone();
    let mut low = d.low.clone();
    let mut close = d.close.clone();
    high[500] = f64::NAN;
    low[9_000] = f64::INFINITY;
    close[20_000] = f64::NAN;
    close[20_003] = f64::NEG_INFINITY;
    for p in [1, 2, 14, 50] {
        let batch = barstream_indicators::atr(&high, &low, &close, p);
        let mut feed = AtrFeed::new(p);
        for (t, b) in batch.iter().enumerate() {
            let v = feed.update(high[t], low[t], close[t]);
            assert_eq!(v.to_bits(), b.to_bits(), "period {p} bar {t}");
        }
    }
}
