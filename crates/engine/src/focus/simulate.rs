//! One replay over a slice of a symbol's bars with entries restricted to the windows:
//! the step shared by the plain path (the whole series) and focused replay (segments).

use barstream_strategy::{BarsRef, Strategy};

use super::mask::{relabel_reversals, restrict_entries};
use super::windows::Windows;
use crate::bars::Bars;
use crate::config::ReplayConfig;
use crate::replay::{replay, ReplayOutput, SignalsRef};

/// Replays bars `start..end` of `bars` starting flat with `cash` (currency): signals
/// and the ATR of the ATR stop computed over the slice, entries kept only inside
/// `windows`, reversal exits relabelled. Trades and equity index the slice (bar `t` of
/// the output is bar `start + t` of `bars`); a position still open after `end - 1` is
/// closed there as `end_of_data`, as [`replay`] does.
///
/// # Panics
/// If `start > end` or `end > bars.len()`.
pub(crate) fn simulate(
    strategy: &Strategy,
    bars: Bars,
    cfg: &ReplayConfig,
    windows: &Windows,
    start: usize,
    end: usize,
    cash: f64,
) -> ReplayOutput {
    assert!(
        start <= end && end <= bars.len(),
        "simulate: bad slice {start}..{end}"
    );
    let part = bars.slice(start, end);
    let view = BarsRef {
        open: part.open,
        high: part.high,
        low: part.low,
        close: part.close,
        volume: part.volume,
    };
    let original = strategy.signals(&view);
    let s = restrict_entries(&original, &windows.mask(start, end));
    let atr = match cfg.risk.atr_stop {
        Some((period, _)) => barstream_indicators::atr(part.high, part.low, part.close, period),
        None => Vec::new(),
    };
    let cfg = ReplayConfig {
        initial_cash: cash,
        ..*cfg
    };
    let mut out = replay(
        part,
        SignalsRef {
            entry_long: &s.entry_long,
            exit_long: &s.exit_long,
            entry_short: &s.entry_short,
            exit_short: &s.exit_short,
        },
        &atr,
        &cfg,
    );
    relabel_reversals(&mut out.trades, &original, cfg.fill);
    out
}
