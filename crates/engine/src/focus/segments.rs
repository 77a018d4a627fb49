//! Focused replay of one symbol: simulate only segments around the candidate windows
//! and reconstruct the plain path's result exactly.
//!
//! A segment is a slice `start..end` of the bars:
//! - `start`: the first window's start minus the strategy's exact-from bars
//!   ([`barstream_strategy::SlicePlan`]), rounded down to a multiple of the anchor
//!   stride (0 when that would be negative). Entries are masked there, so the replay is
//!   flat until the window opens, and from the window on every signal and ATR value
//!   equals the full series' (see [`barstream_strategy::slice`]).
//! - `end`: two bars past the last window (a `next_open` entry decided on the window's
//!   last bar fills on the next one), plus `max_bars + 1` when a time exit bounds the
//!   holding time, else [`DEFAULT_EXTENSION`] bars; while the position opened in the
//!   segment is still open at `end - 1` (and `end < n`), `end` grows (at least doubling
//!   the segment) and the segment is simulated again.
//! - Windows whose own `start` falls before the current `end` join the segment.
//!
//! Between segments the plain path is flat (a segment ends flat, and the next one's
//! entries are masked until its window), so equity there is the cash the last segment
//! ended with and the next segment starts from it: cash carries, and
//! fraction-of-equity sizing is exact too. The equity curve over all n bars is rebuilt
//! (constant between segments) and the statistics are computed on it, over the same
//! bars as the plain path.

use barstream_stats::summary::CurveAccumulator;
use barstream_strategy::Strategy;

use super::simulate::simulate;
use super::windows::Windows;
use crate::bars::Bars;
use crate::config::ReplayConfig;
use crate::replay::ReplayOutput;
use crate::run::{stats_of, SymbolResult};
use crate::trade::{ExitReason, Trade};

/// Bars simulated past the last window of a segment when no time exit bounds the
/// holding time; the segment grows from there while a position is open.
pub const DEFAULT_EXTENSION: usize = 64;

/// One simulated slice of the bars, `start..end` (bar indices within the symbol).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Segment {
    /// First bar simulated (lead-in included).
    pub start: usize,
    /// One past the last bar simulated.
    pub end: usize,
}

/// What focused replay produces for one symbol.
#[derive(Debug, Clone)]
pub struct FocusedResult {
    /// Trades (bar indices within the symbol), equity over all n bars, statistics:
    /// equal to [`super::run_plain`]'s. (From [`run_focused_into`], `equity` is empty: the
    /// curve went into the caller's buffer.)
    pub result: SymbolResult,
    /// Candidate windows after merging.
    pub windows: usize,
    /// The simulated segments, ascending and disjoint.
    pub segments: Vec<Segment>,
    /// Bars inside the simulated segments (the coverage numerator).
    pub bars_simulated: usize,
    /// Bars replayed in total, counting segments simulated again after growing.
    pub bars_replayed: usize,
}

/// Runs focused replay of `strategy` on `bars` (one symbol, len n) with entries allowed
/// only inside `windows`. `cfg` comes from [`crate::run::config_for`]. The result equals
/// [`super::run_plain`] with the same arguments (trades, equity, statistics); see the
/// module docs for how, and `crates/engine/tests/focused_parity.rs` for the evidence.
pub fn run_focused(
    strategy: &Strategy,
    bars: Bars,
    cfg: &ReplayConfig,
    windows: &Windows,
) -> FocusedResult {
    let mut equity = vec![0.0; bars.len()];
    let mut r = run_focused_into(strategy, bars, cfg, windows, &mut equity);
    r.result.equity = equity;
    r
}

/// [`run_focused`] writing the equity curve into `equity` (len n, e.g. the symbol's rows
/// of a batch-wide buffer) instead of a vector of its own: every bar is written once,
/// segments with their replayed values, the bars between them with the cash they hold.
/// The returned `result.equity` is empty.
///
/// # Panics
/// If `equity.len() != bars.len()`.
pub fn run_focused_into(
    strategy: &Strategy,
    bars: Bars,
    cfg: &ReplayConfig,
    windows: &Windows,
    equity: &mut [f64],
) -> FocusedResult {
    let n = bars.len();
    assert_eq!(equity.len(), n, "run_focused_into: equity buffer length");
    let plan = strategy.slice_plan();
    let lead_start = |w: (usize, usize)| {
        let s = w.0.saturating_sub(plan.exact_from);
        s - s % plan.align
    };
    let tail = cfg
        .risk
        .max_bars
        .map_or(DEFAULT_EXTENSION, |m| m as usize + 1);
    let reach = |w: (usize, usize)| (w.1 + 2 + tail).min(n);

    let ranges = windows.ranges();
    let mut acc = Totals {
        trades: Vec::new(),
        bars_in_market: 0,
        ambiguous_bars: 0,
        rejected_orders: 0,
        cash: cfg.initial_cash,
        written: 0,
    };
    // The curve statistics are summarised piece by piece: O(1) per 32 flat bars.
    let mut curve = CurveAccumulator::new(bars.ts);
    let mut segments = Vec::new();
    let mut replayed = 0;
    let mut i = 0;
    while i < ranges.len() {
        let start = lead_start(ranges[i]);
        let (mut last, mut end) = (i, reach(ranges[i]));
        let out = loop {
            while last + 1 < ranges.len() && lead_start(ranges[last + 1]) < end {
                last += 1;
                end = end.max(reach(ranges[last]));
            }
            let out = simulate(strategy, bars, cfg, windows, start, end, acc.cash);
            replayed += end - start;
            let open_at_end = out
                .trades
                .last()
                .is_some_and(|t| t.exit_reason == ExitReason::EndOfData);
            if !open_at_end || end == n {
                break out;
            }
            end = (end + tail.max(end - start)).min(n);
        };
        acc.flat_until(start, equity, &mut curve);
        curve.push_slice(&out.equity);
        acc.append(out, start, equity);
        segments.push(Segment { start, end });
        i = last + 1;
    }
    acc.flat_until(n, equity, &mut curve);
    let stats = stats_of(
        bars.ts,
        bars.close,
        cfg.initial_cash,
        &acc.trades,
        equity,
        acc.bars_in_market,
        curve.finish(),
    );
    FocusedResult {
        result: SymbolResult {
            trades: acc.trades,
            equity: Vec::new(),
            stats,
            ambiguous_bars: acc.ambiguous_bars,
            rejected_orders: acc.rejected_orders,
        },
        windows: ranges.len(),
        bars_simulated: segments.iter().map(|s| s.end - s.start).sum(),
        segments,
        bars_replayed: replayed,
    }
}

/// The whole-series output gathered segment by segment.
struct Totals {
    trades: Vec<Trade>,
    bars_in_market: usize,
    ambiguous_bars: usize,
    rejected_orders: usize,
    /// Cash after the last segment (the equity of every bar until the next one).
    cash: f64,
    /// Bars of the equity buffer written so far.
    written: usize,
}

impl Totals {
    /// Bars `written..to`: flat since the previous segment, so their equity is its closing
    /// cash, marked as the replay marks a flat bar (`cash + 0.0`).
    fn flat_until(&mut self, to: usize, equity: &mut [f64], curve: &mut CurveAccumulator) {
        let flat = self.cash + 0.0;
        push_constant(curve, flat, to - self.written);
        equity[self.written..to].fill(flat);
        self.written = to;
    }

    /// A segment's output (bars from `start`).
    fn append(&mut self, out: ReplayOutput, start: usize, equity: &mut [f64]) {
        self.trades.extend(out.trades.into_iter().map(|mut t| {
            t.entry_bar += start;
            t.exit_bar += start;
            t
        }));
        let end = start + out.equity.len();
        equity[start..end].copy_from_slice(&out.equity);
        self.written = end;
        self.bars_in_market += out.bars_in_market;
        self.ambiguous_bars += out.ambiguous_bars;
        self.rejected_orders += out.rejected_orders;
        self.cash = out.final_cash;
    }
}

/// `count` bars of equity `value` for the curve statistics: a flat run when it repeats the
/// last bar pushed (it does between segments: the last segment ended flat at that cash).
fn push_constant(curve: &mut CurveAccumulator, value: f64, count: usize) {
    if count == 0 {
        return;
    }
    let mut count = count;
    if curve.last().map(f64::to_bits) != Some(value.to_bits()) {
        curve.push_slice(&[value]);
        count -= 1;
    }
    curve.push_flat(count);
}
