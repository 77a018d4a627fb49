//! One replay over a slice of a symbol's bars with entries restricted to the windows:
//! the step shared by the plain path (the whole series) and focused replay (segments).

use barstream_strategy::Strategy;

use super::mask::{relabel_reversals, restrict_entries};
use super::windows::Windows;
use crate::config::{CloseAtEnd, ReplayConfig};
use crate::replay::{replay, ReplayOutput, SignalsRef};
use barstream_model::Bars;

/// Where each stage of one simulation starts (bar indices of the symbol); each is at or
/// before `replay`, and the simulation ends at the same bar for all.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Starts {
    /// First bar the signals are computed over (a multiple of the plan's `align`, or 0).
    pub signals: usize,
    /// First bar the ATR of the ATR stop is computed over.
    pub atr: usize,
    /// First bar replayed: the replay starts flat there with the cash given.
    pub replay: usize,
}

impl Starts {
    /// Every stage from bar `start`: the whole computation over the slice.
    pub fn all(start: usize) -> Starts {
        Starts {
            signals: start,
            atr: start,
            replay: start,
        }
    }
}

/// Replays bars `from.replay..end` of `bars` starting flat with `cash` (currency):
/// signals computed over `from.signals..end` and the ATR of the ATR stop over
/// `from.atr..end` (slices long enough for their values to be exact from `from.replay`
/// on), entries kept only inside `windows`, reversal exits relabelled. Trades and equity
/// index the replayed bars (bar `t` of the output is bar `from.replay + t` of `bars`); a
/// position still open after `end - 1` is returned open ([`ReplayOutput::open`]), or, on
/// the symbol's last bar (`end == bars.len()`), treated by `cfg.close_at_end` as
/// [`replay`] does.
///
/// # Panics
/// If a start is after `from.replay`, `from.replay > end` or `end > bars.len()`.
pub(crate) fn simulate(
    strategy: &Strategy,
    bars: Bars,
    cfg: &ReplayConfig,
    windows: &Windows,
    from: Starts,
    end: usize,
    cash: f64,
) -> ReplayOutput {
    let start = from.replay;
    assert!(
        from.signals <= start && from.atr <= start && start <= end && end <= bars.len(),
        "simulate: bad slice {from:?}..{end}"
    );
    let lead = bars.slice(from.signals, end);
    let all = strategy.signals(&lead.view());
    // The replayed bars' part of the signal columns.
    let skip = start - from.signals;
    let original = SignalsRef {
        entry_long: &all.entry_long[skip..],
        exit_long: &all.exit_long[skip..],
        entry_short: &all.entry_short[skip..],
        exit_short: &all.exit_short[skip..],
    };
    let s = restrict_entries(original, windows, start);
    let atr = match cfg.risk.atr_stop {
        Some((period, _)) => {
            let a = bars.slice(from.atr, end);
            barstream_indicators::atr(a.high, a.low, a.close, period)
        }
        None => Vec::new(),
    };
    let atr = atr.get(start - from.atr..).unwrap_or(&[]);
    let cfg = ReplayConfig {
        initial_cash: cash,
        // A segment ending before the last bar is extended while a position is open; only
        // the symbol's real end closes it.
        close_at_end: if end == bars.len() {
            cfg.close_at_end
        } else {
            CloseAtEnd::None
        },
        ..*cfg
    };
    let mut out = replay(bars.slice(start, end), SignalsRef::from(&s), atr, &cfg);
    relabel_reversals(&mut out.trades, original, cfg.fill);
    out
}
