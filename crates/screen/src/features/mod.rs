//! Features: look-ahead-free per-bar events over one symbol's bars, one per file.
//!
//! Each feature marks, for every bar t, the [`Reason`](crate::Reason)s that fire at
//! t's close, using only bars `0..=t`. A non-finite input never fires (NaN
//! comparisons are false); indicators come from `barstream-indicators` (TA-Lib
//! definitions, NaN during warm-up).
//!
//! | file | reasons | fires at bar t when |
//! |---|---|---|
//! | [`ma_cross`] | `sma_cross_up/down`, `ema_cross_up/down` | `fast[t-1] < slow[t-1] && fast[t] > slow[t]` (down: mirrored) |
//! | [`atr_regime`] | `atr_regime_high/low` | rolling percentile rank of ATR[t] `>= high` / `<= low` |
//! | [`session`] | `gap_up/down`, `session_high_break/low_break` | first bar of a session opens `min_gap` beyond the last close; close crosses the previous session's high/low |
//! | [`donchian`] | `donchian_breakout_up/down` | `close[t] > max(high[t-period..t])` (down: `< min(low[..])`), channel of the bars BEFORE t |
//! | [`rsi_extreme`] | `rsi_oversold/overbought` | `RSI[t] <= low` / `>= high` |

use barstream_model::Bars;

pub mod atr_regime;
pub mod donchian;
pub mod ma_cross;
pub mod percentile;
pub mod rsi_extreme;
pub mod session;

/// One feature: marks the bars at which its reasons fire.
pub trait Feature: Send + Sync + std::fmt::Debug {
    /// Bars of history before the first bar at which it can fire on gap-free
    /// input (e.g. a 30-bar SMA cross reads bar t-1's SMA: 30).
    fn lookback(&self) -> usize;

    /// ORs into `mask[t]` the bit of every reason firing at bar t, for each
    /// `t >= from` (earlier bars may be left unmarked: indicators still run over
    /// them). `mask.len() == bars.len()`; only bars `0..=t` are read for `mask[t]`.
    fn mark(&self, bars: &Bars, from: usize, mask: &mut [u32]);
}

/// Marks `up` where `a` crosses above `b` at t (`a[t-1] < b[t-1]` and
/// `a[t] > b[t]`, strict on both bars, as backtesting.py's `crossover`) and `down`
/// where it crosses below. NaN on either bar never crosses.
pub(crate) fn mark_crosses(a: &[f64], b: &[f64], up: u32, down: u32, mask: &mut [u32]) {
    for t in 1..mask.len() {
        let (a0, b0, a1, b1) = (a[t - 1], b[t - 1], a[t], b[t]);
        if a0 < b0 && a1 > b1 {
            mask[t] |= up;
        } else if a0 > b0 && a1 < b1 {
            mask[t] |= down;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_cross_needs_strict_inequality_on_both_bars() {
        let a = [1.0, 2.0, 2.0, 3.0, 1.0, f64::NAN, 5.0];
        let b = [2.0, 2.0, 2.5, 2.5, 2.5, 2.5, 2.5];
        let mut m = [0u32; 7];
        mark_crosses(&a, &b, 1, 2, &mut m);
        // t=1 touches (2 == 2): no cross; t=3 crosses up; t=4 down; NaN blocks t=5 and t=6.
        assert_eq!(m, [0, 0, 0, 1, 2, 0, 0]);
    }
}
