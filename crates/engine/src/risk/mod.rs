//! Risk exits on an open position: where each exit level comes from and when it
//! fires inside a bar.
//!
//! Intrabar semantics (DESIGN.md): a stop or target inside a bar fills at its level,
//! or at the bar's open when the bar gapped through it. When the stop and the target
//! both lie inside one bar the [`AmbiguityPolicy`] decides (default: stop first) and
//! the bar is counted. Stop levels from the fixed stop, the trailing stop and the ATR
//! stop are combined into the tightest one; its reason is the one reported.
//!
//! - [`stop_loss`]: fixed distance from the entry price.
//! - [`take_profit`]: fixed target distance from the entry price.
//! - [`trailing_stop`]: distance from the best price on completed bars.
//! - [`atr_stop`]: ATR multiple from the entry price, ATR taken at the signal bar.
//! - [`time_exit`]: market exit at the open after `max_bars` bars held.
//! - [`atr_feed`]: the ATR the ATR stop reads, fed one bar per replay step.
//!
//! Per bar cost: [`RiskLevels`] keeps the stop in force for the next bar (tightest of
//! stop loss, ATR stop and trailing stop, the trailing part updated after a completed bar
//! that moved the best price, [`RiskLevels::follow_move`]) and the target, so a bar
//! without an exit costs four compares ([`RiskLevels::may_exit`]); only a bar that may
//! exit runs the full [`RiskLevels::check_bar`], which decides from the levels as
//! defined above.

pub mod atr_feed;
pub mod atr_stop;
pub mod stop_loss;
pub mod take_profit;
pub mod time_exit;
pub mod trailing_stop;

use serde::{Deserialize, Serialize};

use crate::config::{AmbiguityPolicy, RiskParams};
use barstream_model::{ExitReason, Side};

/// The exit levels of one open position, fixed at entry except the trailing stop.
#[derive(Debug, Clone, Copy, Serialize, Deserialize)]
pub struct RiskLevels {
    side: Side,
    /// Tightest fixed stop (stop loss or ATR stop) and its reason; NaN when none.
    #[serde(with = "barstream_model::serde_f64")]
    fixed_stop: f64,
    fixed_reason: ExitReason,
    /// Take-profit level; NaN when none.
    #[serde(with = "barstream_model::serde_f64")]
    target: f64,
    /// Trailing distance (fraction); NaN when none.
    #[serde(with = "barstream_model::serde_f64")]
    trail: f64,
    /// Bar index at whose open the time exit fires; `usize::MAX` when none.
    time_exit_bar: usize,
    /// `fixed_stop`, or -inf (long) / +inf (short) when there is none.
    #[serde(with = "barstream_model::serde_f64")]
    fixed_screen: f64,
    /// Trailing factor (`trailing_stop::factor`): trailing level = best x factor; NaN when none.
    #[serde(with = "barstream_model::serde_f64")]
    trail_factor: f64,
    /// The stop in force for the next bar: `stop(best).0` when that is a number, else
    /// -inf (long) / +inf (short). Kept by [`RiskLevels::follow`].
    #[serde(with = "barstream_model::serde_f64")]
    stop_in_force: f64,
}

/// A risk exit found in a bar: reason and fill price before slippage.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct RiskExit {
    /// Which rule fired.
    pub reason: ExitReason,
    /// Fill price before slippage (the level, or the open on a gap).
    pub price: f64,
    /// True for a market fill (stop, gap, time exit) that pays slippage; false for a
    /// take-profit limit fill at its level.
    pub market: bool,
}

impl RiskLevels {
    /// Levels for a position of `side` entered at `entry_price` on bar `entry_bar`.
    ///
    /// `atr_at_signal`: ATR value at the bar whose close made the entry decision (NaN:
    /// no ATR stop for this trade, e.g. during the ATR's warm-up).
    pub fn new(
        params: &RiskParams,
        side: Side,
        entry_price: f64,
        entry_bar: usize,
        atr_at_signal: f64,
    ) -> RiskLevels {
        let sl = params
            .stop_loss
            .map_or(f64::NAN, |f| stop_loss::level(side, entry_price, f));
        let atr = params.atr_stop.map_or(f64::NAN, |(_, m)| {
            atr_stop::level(side, entry_price, atr_at_signal, m)
        });
        let (fixed_stop, fixed_reason) =
            tighter(side, (sl, ExitReason::StopLoss), (atr, ExitReason::AtrStop));
        let fixed_screen = if fixed_stop.is_nan() {
            // No stop: a level no price passes (only a price of -inf/+inf would reach it,
            // and then `check_bar` decides, finding nothing).
            -side.sign() * f64::INFINITY
        } else {
            fixed_stop
        };
        let trail = params.trailing_stop.unwrap_or(f64::NAN);
        let mut levels = RiskLevels {
            side,
            fixed_stop,
            fixed_reason,
            target: params
                .take_profit
                .map_or(f64::NAN, |f| take_profit::level(side, entry_price, f)),
            trail,
            time_exit_bar: params
                .max_bars
                .map_or(usize::MAX, |m| time_exit::exit_bar(entry_bar, m)),
            fixed_screen,
            trail_factor: trailing_stop::factor(side, trail),
            stop_in_force: fixed_screen,
        };
        levels.follow(entry_price);
        levels
    }

    /// Updates the stop in force after a completed bar, given `best` as in
    /// [`RiskLevels::stop`] (the entry price before the first bar). One multiply and one
    /// compare when a trailing stop is set, nothing otherwise.
    ///
    /// The level equals `stop(best).0` bit for bit whenever that is a number: the same
    /// trailing product (`trailing_stop::factor`) and the same strict "tighter" compare,
    /// the fixed stop winning ties.
    #[inline]
    pub fn follow(&mut self, best: f64) {
        if self.trail_factor.is_nan() {
            return;
        }
        self.trail_to(best);
    }

    /// [`RiskLevels::follow`] after a bar that moved the best price from `before` to
    /// `best`: nothing when it did not move (the level is a function of `best`), which is
    /// most bars held.
    #[inline]
    pub fn follow_move(&mut self, before: f64, best: f64) {
        if self.trail_factor.is_nan() || best == before {
            return;
        }
        self.trail_to(best);
    }

    /// Sets the stop in force from `best` (a trailing stop is set).
    #[inline]
    fn trail_to(&mut self, best: f64) {
        let trailing = best * self.trail_factor;
        let tighter = match self.side {
            Side::Long => trailing > self.fixed_screen,
            Side::Short => trailing < self.fixed_screen,
        };
        self.stop_in_force = if tighter { trailing } else { self.fixed_screen };
    }

    /// False when bar (open, high, low) certainly triggers no stop or target exit: the
    /// four comparisons of [`RiskLevels::check_bar`] against the stop in force (see
    /// [`RiskLevels::follow`]) and the target. True when `check_bar` must decide; it
    /// then finds an exit, except for a price of -inf/+inf with no stop set.
    #[inline]
    pub fn may_exit(&self, open: f64, high: f64, low: f64) -> bool {
        let (stop, target) = (self.stop_in_force, self.target);
        match self.side {
            Side::Long => open <= stop || low <= stop || open >= target || high >= target,
            Side::Short => open >= stop || high >= stop || open <= target || low <= target,
        }
    }

    /// True when the time exit is due at bar `t`'s open.
    #[inline]
    pub fn time_exit_due(&self, t: usize) -> bool {
        t >= self.time_exit_bar
    }

    /// The stop in force during a bar and its reason, given `best`: the best price on
    /// completed bars since entry (highest high for a long, lowest low for a short,
    /// starting at the entry price). NaN when no stop is set.
    #[inline]
    pub fn stop(&self, best: f64) -> (f64, ExitReason) {
        let trailing = if self.trail.is_nan() {
            f64::NAN
        } else {
            trailing_stop::level(self.side, best, self.trail)
        };
        tighter(
            self.side,
            (self.fixed_stop, self.fixed_reason),
            (trailing, ExitReason::TrailingStop),
        )
    }

    /// Checks one bar (open, high, low) for a stop or target exit.
    ///
    /// `best`: as in [`RiskLevels::stop`]. `check_open`: false on the bar the position
    /// was entered at its open (the open is the entry itself, not a gap).
    /// Returns the exit, if any, and whether the bar was ambiguous (both levels inside).
    #[inline]
    pub fn check_bar(
        &self,
        open: f64,
        high: f64,
        low: f64,
        best: f64,
        policy: AmbiguityPolicy,
    ) -> (Option<RiskExit>, bool) {
        let (stop, stop_reason) = self.stop(best);
        let target = self.target;
        // Distances in the trade's favour: positive means "beyond the level".
        let (stop_hit_open, target_hit_open, stop_in_bar, target_in_bar) = match self.side {
            Side::Long => (open <= stop, open >= target, low <= stop, high >= target),
            Side::Short => (open >= stop, open <= target, high >= stop, low <= target),
        };
        // Gaps first: the open is the first price of the bar.
        if stop_hit_open {
            return (
                Some(RiskExit {
                    reason: stop_reason,
                    price: open,
                    market: true,
                }),
                false,
            );
        }
        if target_hit_open {
            return (
                Some(RiskExit {
                    reason: ExitReason::TakeProfit,
                    price: open,
                    market: false,
                }),
                false,
            );
        }
        let stop_exit = RiskExit {
            reason: stop_reason,
            price: stop,
            market: true,
        };
        let target_exit = RiskExit {
            reason: ExitReason::TakeProfit,
            price: target,
            market: false,
        };
        match (stop_in_bar, target_in_bar) {
            (true, true) => match policy {
                AmbiguityPolicy::StopFirst => (Some(stop_exit), true),
                AmbiguityPolicy::TargetFirst => (Some(target_exit), true),
            },
            (true, false) => (Some(stop_exit), false),
            (false, true) => (Some(target_exit), false),
            (false, false) => (None, false),
        }
    }
}

/// The tighter of two stop levels for `side` (the higher one for a long); NaN-aware.
#[inline]
fn tighter(side: Side, a: (f64, ExitReason), b: (f64, ExitReason)) -> (f64, ExitReason) {
    if a.0.is_nan() {
        return b;
    }
    if b.0.is_nan() {
        return a;
    }
    let b_tighter = match side {
        Side::Long => b.0 > a.0,
        Side::Short => b.0 < a.0,
    };
    if b_tighter {
        b
    } else {
        a
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn params() -> RiskParams {
        RiskParams {
            stop_loss: Some(0.05),
            take_profit: Some(0.10),
            ..RiskParams::default()
        }
    }

    #[test]
    fn long_stop_inside_bar_fills_at_level() {
        let lv = RiskLevels::new(&params(), Side::Long, 100.0, 0, f64::NAN);
        let (exit, amb) = lv.check_bar(99.0, 101.0, 94.0, 100.0, AmbiguityPolicy::StopFirst);
        assert_eq!(
            exit,
            Some(RiskExit {
                reason: ExitReason::StopLoss,
                price: 95.0,
                market: true
            })
        );
        assert!(!amb);
    }

    #[test]
    fn long_gap_through_stop_fills_at_open() {
        let lv = RiskLevels::new(&params(), Side::Long, 100.0, 0, f64::NAN);
        let (exit, _) = lv.check_bar(90.0, 92.0, 89.0, 100.0, AmbiguityPolicy::StopFirst);
        assert_eq!(exit.unwrap().price, 90.0);
    }

    #[test]
    fn short_gap_through_target_fills_at_open_as_take_profit() {
        let lv = RiskLevels::new(&params(), Side::Short, 100.0, 0, f64::NAN);
        let (exit, _) = lv.check_bar(85.0, 86.0, 84.0, 100.0, AmbiguityPolicy::StopFirst);
        assert_eq!(
            exit,
            Some(RiskExit {
                reason: ExitReason::TakeProfit,
                price: 85.0,
                market: false
            })
        );
    }

    #[test]
    fn bar_holding_stop_and_target_follows_policy_and_is_ambiguous() {
        let lv = RiskLevels::new(&params(), Side::Long, 100.0, 0, f64::NAN);
        let (a, amb_a) = lv.check_bar(100.0, 111.0, 94.0, 100.0, AmbiguityPolicy::StopFirst);
        let (b, amb_b) = lv.check_bar(100.0, 111.0, 94.0, 100.0, AmbiguityPolicy::TargetFirst);
        assert_eq!(a.unwrap().reason, ExitReason::StopLoss);
        assert_eq!(b.unwrap().reason, ExitReason::TakeProfit);
        assert!((b.unwrap().price - 110.0).abs() < 1e-9);
        assert!(amb_a && amb_b);
    }

    #[test]
    fn tighter_of_stop_loss_and_atr_stop_is_used() {
        let p = RiskParams {
            stop_loss: Some(0.05),
            atr_stop: Some((14, 2.0)),
            ..RiskParams::default()
        };
        // ATR 1.0 x 2 = 2.0 below entry: 98 is tighter than 95 for a long.
        let lv = RiskLevels::new(&p, Side::Long, 100.0, 0, 1.0);
        assert_eq!(lv.stop(100.0), (98.0, ExitReason::AtrStop));
        // ATR undefined (warm-up): only the fixed stop remains.
        let lv = RiskLevels::new(&p, Side::Long, 100.0, 0, f64::NAN);
        assert_eq!(lv.stop(100.0), (95.0, ExitReason::StopLoss));
    }

    #[test]
    fn trailing_stop_takes_over_once_price_has_run() {
        let p = RiskParams {
            stop_loss: Some(0.05),
            trailing_stop: Some(0.03),
            ..RiskParams::default()
        };
        let lv = RiskLevels::new(&p, Side::Long, 100.0, 0, f64::NAN);
        // At entry the 3% trail (97) is tighter than the 5% stop (95).
        assert_eq!(lv.stop(100.0).1, ExitReason::TrailingStop);
        let (level, _) = lv.stop(120.0);
        assert!((level - 116.4).abs() < 1e-12);
    }
}
