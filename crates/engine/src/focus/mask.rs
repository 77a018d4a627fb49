//! The plain path's signals: entries only inside windows, exits never masked.
//!
//! Outside the windows an entry rule must not open a position, but in a full replay
//! the opposite entry also *closes* an open position (a reversal). So outside windows
//! the opposite entry is folded into the exit (`exit_long |= entry_short`,
//! `exit_short |= entry_long`): the position closes on the same bar at the same price,
//! and no new one opens. [`relabel_reversals`] then gives such exits the reason the
//! full replay gives them (`reverse`). The replay itself is not changed.

use barstream_strategy::Signals;

use crate::replay::SignalsRef;

use crate::config::FillTiming;
use crate::trade::{ExitReason, Side, Trade};

/// `signals` with entries kept only where `allowed` (one flag per bar, same length) and,
/// elsewhere, opposite entries turned into exits.
///
/// # Panics
/// If `allowed` and the signal columns differ in length.
pub fn restrict_entries(signals: SignalsRef, allowed: &[bool]) -> Signals {
    let n = allowed.len();
    assert!(
        signals.entry_long.len() == n && signals.entry_short.len() == n,
        "restrict_entries: {n} flags for {} bars",
        signals.entry_long.len()
    );
    let keep = |entry: &[bool]| -> Vec<bool> {
        entry.iter().zip(allowed).map(|(&e, &a)| e && a).collect()
    };
    let fold = |exit: &[bool], opposite: &[bool]| -> Vec<bool> {
        exit.iter()
            .zip(opposite)
            .zip(allowed)
            .map(|((&x, &o), &a)| x || (o && !a))
            .collect()
    };
    Signals {
        entry_long: keep(signals.entry_long),
        exit_long: fold(signals.exit_long, signals.entry_short),
        entry_short: keep(signals.entry_short),
        exit_short: fold(signals.exit_short, signals.entry_long),
    }
}

/// Sets the exit reason of signal exits decided on a bar where the opposite entry rule
/// fired (in `original`, the unrestricted signals) to [`ExitReason::Reverse`], as the
/// full replay reports them. `trades` index the same bars as `original`. The deciding bar
/// is the exit bar's predecessor with `next_open` fills and the exit bar itself with
/// `same_close` fills.
pub fn relabel_reversals(trades: &mut [Trade], original: SignalsRef, fill: FillTiming) {
    for t in trades
        .iter_mut()
        .filter(|t| t.exit_reason == ExitReason::Signal)
    {
        let decided = match fill {
            FillTiming::NextOpen => t.exit_bar - 1,
            FillTiming::SameClose => t.exit_bar,
        };
        let opposite = match t.side {
            Side::Long => original.entry_short,
            Side::Short => original.entry_long,
        };
        if opposite[decided] {
            t.exit_reason = ExitReason::Reverse;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn signals(el: &str, xl: &str, es: &str, xs: &str) -> Signals {
        let v = |s: &str| s.chars().map(|c| c == '1').collect();
        Signals {
            entry_long: v(el),
            exit_long: v(xl),
            entry_short: v(es),
            exit_short: v(xs),
        }
    }

    #[test]
    fn entries_outside_windows_are_dropped_and_opposite_entries_close() {
        let s = signals("1001", "0100", "0110", "0000");
        let r = restrict_entries(SignalsRef::from(&s), &[true, true, false, false]);
        assert_eq!(r.entry_long, [true, false, false, false]);
        assert_eq!(r.entry_short, [false, true, false, false]);
        // Bar 2: the short entry outside the window still closes a long.
        assert_eq!(r.exit_long, [false, true, true, false]);
        // Bar 3: the long entry outside the window still closes a short.
        assert_eq!(r.exit_short, [false, false, false, true]);
    }
}
