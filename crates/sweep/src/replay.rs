//! The sweep's replay of one (combination, symbol): [`barstream_engine::replay()`]'s loop,
//! jumping over the bars between signals with [`ReplayState::advance_quiet`] when no order
//! is pending and no risk exit is set (with risk exits every bar is stepped), and the
//! equity-curve summary built as the curve grows: flat stretches (no position) go to the
//! accumulator with [`CurveAccumulator::push_flat`], O(1) per block instead of two divisions
//! per bar. Equal to `replay()` + `curve_summary` (same trades, equity, counters and summary
//! bits; tested below, in `run_tests.rs` and in the engine's `advance_quiet` test).

use barstream_engine::replay::{ReplayOutput, ReplayState, SignalsRef};
use barstream_engine::{NoEvents, ReplayConfig};
use barstream_model::Bars;
use barstream_stats::summary::{CurveAccumulator, CurveSummary};

/// Replays `bars` (len n) with `signals` (each len n) and `atr` (len n, or empty without an
/// ATR stop) under `cfg`, as [`barstream_engine::replay()`] does, and summarises the equity
/// curve over `bars.ts` as [`barstream_stats::summary::curve_summary`] does (same bits).
/// `any`: a scratch buffer reused between calls (its contents are overwritten).
///
/// # Panics
/// If a signal column or a non-empty `atr` is shorter than the bars.
pub fn replay_summarised(
    bars: Bars,
    signals: SignalsRef,
    atr: &[f64],
    cfg: &ReplayConfig,
    any: &mut Vec<u8>,
) -> (ReplayOutput, CurveSummary) {
    let n = bars.len();
    any_signal(&signals, n, any);
    let mut state = ReplayState::new(*cfg, n);
    let mut curve = CurveAccumulator::new(bars.ts);
    // Bars of the curve already handed to `curve`.
    let mut summarised = 0;
    let mut t = 0;
    while t < n {
        if state.can_advance_quiet() && any[t] == 0 {
            let e = next_signal(any, t + 1);
            let flat = state.position().is_none();
            state.advance_quiet(&bars.high[t..e], &bars.low[t..e], &bars.close[t..e]);
            // Flat: every quiet bar is marked `cash + 0.0` with the same cash (nothing
            // fills), so the run repeats its first value: bars t + 1..e go in as flat.
            if flat {
                let eq = state.equity();
                debug_assert!(eq[t..e].iter().all(|v| v.to_bits() == eq[t].to_bits()));
                curve.push_slice(&eq[summarised..=t]);
                curve.push_flat(e - t - 1);
                summarised = e;
            }
            t = e;
            continue;
        }
        let a = if atr.is_empty() { f64::NAN } else { atr[t] };
        state.step(bars.ohlc(t), signals.at(t), a, &mut NoEvents);
        t += 1;
    }
    // After `finish`: a close-at-end fill changes the last equity value.
    let out = state.finish(n.checked_sub(1).map(|t| bars.ohlc(t)));
    curve.push_slice(&out.equity[summarised..]);
    (out, curve.finish())
}

/// Sets `any` to n bytes, 1 where any of the four signals of the bar is set: one pass over
/// the four bool columns as bytes (vectorised), so the search for the next signal bar
/// ([`next_signal`]) reads 8 bars per load.
fn any_signal(s: &SignalsRef, n: usize, any: &mut Vec<u8>) {
    let (el, xl, es, xs) = (
        &s.entry_long[..n],
        &s.exit_long[..n],
        &s.entry_short[..n],
        &s.exit_short[..n],
    );
    any.clear();
    any.extend(
        el.iter()
            .zip(xl)
            .zip(es.iter().zip(xs))
            .map(|((&a, &b), (&c, &d))| (a | b | c | d) as u8),
    );
}

/// The first bar at or after `from` whose `any` flag is set, or `any.len()`. Flags are 0 or
/// 1, so 8 of them read as one little-endian word are nonzero iff one is set, and the first
/// set one is the word's lowest nonzero byte: one load and test per 8 bars.
///
/// # Panics
/// If `from > any.len()`.
#[inline]
fn next_signal(any: &[u8], from: usize) -> usize {
    let mut at = from;
    while let Some(bytes) = any.get(at..at + 8) {
        let word = u64::from_le_bytes(bytes.try_into().expect("8 bytes"));
        if word != 0 {
            return at + (word.trailing_zeros() / 8) as usize;
        }
        at += 8;
    }
    let rest = &any[at..];
    at + rest.iter().position(|&b| b != 0).unwrap_or(rest.len())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::{load, symbol};
    use barstream_engine::replay::replay;
    use barstream_engine::{FillTiming, RiskParams};
    use barstream_stats::summary::curve_summary;
    use barstream_strategy::Strategy;

    #[test]
    fn next_signal_finds_the_first_set_flag_across_chunk_edges() {
        let mut any = vec![0u8; 300];
        for &i in &[0, 63, 64, 130, 299] {
            any[i] = 1;
        }
        let want = |from: usize| (from..300).find(|&i| any[i] == 1).unwrap_or(300);
        for from in 0..=300 {
            assert_eq!(next_signal(&any, from), want(from), "from {from}");
        }
        assert_eq!(next_signal(&[0; 10], 0), 10);
    }

    /// The fast path (quiet-bar jumps, flat stretches summarised in O(1), reused mask buffer)
    /// against the plain one (`replay` + `curve_summary` on the whole curve) on real bars:
    /// long/short and long-only (long flat stretches), both fill timings, with and without
    /// risk exits, one scratch buffer for all.
    #[test]
    fn summarised_replay_equals_replay_and_curve_summary_bit_for_bit() {
        let u = load(&["AAPL", "XOM", "APTV"]);
        let long_short = r#"{"name": "x", "indicators": {"f": {"kind": "sma", "period": 7}, "s": {"kind": "sma", "period": 40}},
            "entry_long": "crossover(f, s)", "exit_long": "crossunder(f, s)",
            "entry_short": "crossunder(f, s)", "exit_short": "crossover(f, s)"}"#;
        let long_only = r#"{"name": "y", "indicators": {"r": {"kind": "rsi", "period": 14}},
            "entry_long": "r < 30", "exit_long": "r > 55"}"#;
        let mut any = Vec::new();
        let mut flat_bars = 0;
        for spec in [long_short, long_only] {
            let s = Strategy::from_json(spec).unwrap();
            for i in 0..3 {
                let bars = symbol(&u, i);
                let sig = s.signals(&bars.view());
                for fill in [FillTiming::NextOpen, FillTiming::SameClose] {
                    for risk in [
                        RiskParams::default(),
                        RiskParams {
                            stop_loss: Some(0.05),
                            ..RiskParams::default()
                        },
                    ] {
                        let cfg = ReplayConfig {
                            fill,
                            risk,
                            slippage: 0.0005,
                            ..ReplayConfig::default()
                        };
                        let want = replay(bars, SignalsRef::from(&sig), &[], &cfg);
                        let want_curve = curve_summary(bars.ts, &want.equity);
                        let (got, curve) =
                            replay_summarised(bars, SignalsRef::from(&sig), &[], &cfg, &mut any);
                        assert_eq!(got, want, "{spec} symbol {i} {fill:?} {risk:?}");
                        assert!(
                            curve.bit_eq(&want_curve),
                            "{spec} symbol {i} {fill:?} {risk:?}: {curve:?} vs {want_curve:?}"
                        );
                        flat_bars += want.equity.windows(2).filter(|w| w[0] == w[1]).count();
                    }
                }
            }
        }
        // The flat path was exercised (long-only RSI is out of the market most of the time).
        assert!(flat_bars > 1000, "{flat_bars} flat bars");
    }
}
