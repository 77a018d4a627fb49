//! The plain path's signals: entries only inside windows, exits never masked.
//!
//! Outside the windows an entry rule must not open a position, but in a full replay
//! the opposite entry also *closes* an open position (a reversal). So outside windows
//! the opposite entry is folded into the exit (`exit_long |= entry_short`,
//! `exit_short |= entry_long`): the position closes on the same bar at the same price,
//! and no new one opens. [`relabel_reversals`] then gives such exits the reason the
//! full replay gives them (`reverse`). The replay itself is not changed.

use barstream_strategy::Signals;

use super::windows::Windows;
use crate::replay::SignalsRef;

use crate::config::FillTiming;
use barstream_model::{ExitReason, Side, Trade};

/// `signals` (the bars `start..start + len`, each column len `len`) with entries kept only
/// inside `windows` and, elsewhere, opposite entries turned into exits. Built run by run
/// (outside the windows first, then each window's bars copied over), not bar by bar.
///
/// # Panics
/// If the signal columns differ in length.
pub fn restrict_entries(signals: SignalsRef, windows: &Windows, start: usize) -> Signals {
    let n = signals.entry_long.len();
    assert!(
        [signals.exit_long, signals.entry_short, signals.exit_short]
            .iter()
            .all(|c| c.len() == n),
        "restrict_entries: signal columns differ in length"
    );
    let fold = |exit: &[bool], opposite: &[bool]| -> Vec<bool> {
        exit.iter().zip(opposite).map(|(&x, &o)| x | o).collect()
    };
    let mut out = Signals {
        entry_long: vec![false; n],
        exit_long: fold(signals.exit_long, signals.entry_short),
        entry_short: vec![false; n],
        exit_short: fold(signals.exit_short, signals.entry_long),
    };
    for (a, b) in windows.within(start, start + n) {
        out.entry_long[a..b].copy_from_slice(&signals.entry_long[a..b]);
        out.exit_long[a..b].copy_from_slice(&signals.exit_long[a..b]);
        out.entry_short[a..b].copy_from_slice(&signals.entry_short[a..b]);
        out.exit_short[a..b].copy_from_slice(&signals.exit_short[a..b]);
    }
    out
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
        // Windows over bars 10..14: [10, 11] allowed, 12 and 13 not.
        let w = Windows::around(20, &[10], 1).unwrap();
        let r = restrict_entries(SignalsRef::from(&s), &w, 10);
        assert_eq!(r.entry_long, [true, false, false, false]);
        assert_eq!(r.entry_short, [false, true, false, false]);
        // Bar 2: the short entry outside the window still closes a long.
        assert_eq!(r.exit_long, [false, true, true, false]);
        // Bar 3: the long entry outside the window still closes a short.
        assert_eq!(r.exit_short, [false, false, false, true]);
    }
}
