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
//! Within a segment each stage starts only where it must: the signals at the first
//! window's start minus `signals_exact_from` (aligned), the ATR of the ATR stop at the
//! window's start minus `atr_exact_from`, the replay at the window's start itself. Before
//! the window the plain path is flat with entries masked, so its equity there is the
//! segment's starting cash and nothing else happens: the lead-in is only needed to warm
//! the indicators, and each indicator needs only its own lead-in.
//!
//! Between segments the plain path is flat (a segment ends flat, and the next one's
//! entries are masked until its window), so equity there is the cash the last segment
//! ended with and the next segment starts from it: cash carries, and
//! fraction-of-equity sizing is exact too. The statistics are computed over the same
//! bars as the plain path: the curve is summarised piece by piece (segments, then flat
//! runs in O(1) per block), and is kept as the segments' values plus one flat value per
//! gap ([`run_focused_compact`]), expanded to all n bars only when asked
//! ([`expand_equity`]).

use barstream_stats::summary::CurveAccumulator;
use barstream_strategy::Strategy;

use super::simulate::{simulate, Starts};
use super::windows::Windows;
use crate::config::ReplayConfig;
use crate::replay::ReplayOutput;
use crate::run::{stats_of, SymbolResult};
use barstream_model::Bars;
use barstream_model::Trade;

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
    /// equal to [`super::run_plain`]'s. (From [`run_focused_compact`], `equity` is empty:
    /// the curve is `pieces` and `flat`, see [`FocusedResult::expand_equity`].)
    pub result: SymbolResult,
    /// Candidate windows after merging.
    pub windows: usize,
    /// The simulated segments, ascending and disjoint.
    pub segments: Vec<Segment>,
    /// Equity (currency) of the flat bars between segments: `flat[j]` holds on the bars
    /// before segment j (after segment j - 1), `flat[segments.len()]` after the last one;
    /// len `segments.len() + 1`.
    pub flat: Vec<f64>,
    /// Equity (currency) of the simulated bars, segment after segment, len
    /// `bars_simulated`.
    pub pieces: Vec<f64>,
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
    let mut r = run_focused_compact(strategy, bars, cfg, windows);
    let mut equity = vec![0.0; bars.len()];
    r.expand_equity(&mut equity);
    r.result.equity = equity;
    r
}

/// [`run_focused`] without the whole equity curve: only the simulated segments' equity is
/// kept ([`FocusedResult::pieces`]); the flat bars between them are described by
/// [`FocusedResult::flat`]. [`FocusedResult::expand_equity`] rebuilds the curve when it
/// is needed; at low coverage most of the curve is flat, and writing it is a large share
/// of the work. The returned `result.equity` is empty.
pub fn run_focused_compact(
    strategy: &Strategy,
    bars: Bars,
    cfg: &ReplayConfig,
    windows: &Windows,
) -> FocusedResult {
    let n = bars.len();
    let plan = strategy.slice_plan();
    let aligned = |s: usize| s - s % plan.align;
    let lead_start = |w: (usize, usize)| aligned(w.0.saturating_sub(plan.exact_from));
    let tail = cfg
        .risk
        .max_bars
        .map_or(DEFAULT_EXTENSION, |m| m as usize + 1);
    let reach = |w: (usize, usize)| (w.1 + 2 + tail).min(n);

    let ranges = windows.ranges();
    let mut acc = Totals {
        trades: Vec::new(),
        open: None,
        bars_in_market: 0,
        ambiguous_bars: 0,
        rejected_orders: 0,
        cash: cfg.initial_cash,
        covered: 0,
        last: f64::NAN,
        flat: Vec::new(),
    };
    // The curve statistics are summarised piece by piece: O(1) per 32 flat bars.
    let mut curve = CurveAccumulator::new(bars.ts);
    let mut segments = Vec::new();
    let mut pieces = Vec::new();
    let mut replayed = 0;
    let mut i = 0;
    while i < ranges.len() {
        let start = lead_start(ranges[i]);
        // Each stage starts only as early as it needs to be exact at the window: the
        // replay at the window itself (flat until then, entries masked), the signals and
        // the ATR at their own lead-ins.
        let window = ranges[i].0;
        let from = Starts {
            signals: aligned(window.saturating_sub(plan.signals_exact_from)).max(start),
            atr: window.saturating_sub(plan.atr_exact_from).max(start),
            replay: window,
        };
        let (mut last, mut end) = (i, reach(ranges[i]));
        let out = loop {
            while last + 1 < ranges.len() && lead_start(ranges[last + 1]) < end {
                last += 1;
                end = end.max(reach(ranges[last]));
            }
            let out = simulate(strategy, bars, cfg, windows, from, end, acc.cash);
            replayed += end - start;
            if out.open.is_none() || end == n {
                break out;
            }
            end = (end + tail.max(end - start)).min(n);
        };
        acc.flat_until(start, &mut curve);
        acc.lead_in(window - start, &mut pieces, &mut curve);
        curve.push_slice(&out.equity);
        acc.append(out, window, &mut pieces);
        segments.push(Segment { start, end });
        i = last + 1;
    }
    acc.flat_until(n, &mut curve);
    let stats = stats_of(
        bars.ts,
        bars.close,
        cfg.initial_cash,
        &acc.trades,
        acc.last,
        acc.bars_in_market,
        curve.finish(),
    );
    FocusedResult {
        result: SymbolResult {
            trades: acc.trades,
            open: acc.open,
            equity: Vec::new(),
            stats,
            ambiguous_bars: acc.ambiguous_bars,
            rejected_orders: acc.rejected_orders,
        },
        windows: ranges.len(),
        bars_simulated: segments.iter().map(|s| s.end - s.start).sum(),
        segments,
        flat: acc.flat,
        pieces,
        bars_replayed: replayed,
    }
}

impl FocusedResult {
    /// Writes the whole equity curve into `out` (len n, the symbol's bars): `flat[j]` on
    /// the bars before segment j, the segments' values from `pieces`,
    /// `flat[segments.len()]` after the last.
    ///
    /// # Panics
    /// If `out` is not one value per bar of the symbol.
    pub fn expand_equity(&self, out: &mut [f64]) {
        let (mut at, mut used) = (0, 0);
        for (s, &value) in self.segments.iter().zip(&self.flat) {
            out[at..s.start].fill(value);
            let len = s.end - s.start;
            out[s.start..s.end].copy_from_slice(&self.pieces[used..used + len]);
            (at, used) = (s.end, used + len);
        }
        out[at..].fill(self.flat[self.segments.len()]);
    }
}

/// The whole-series output gathered segment by segment.
struct Totals {
    trades: Vec<Trade>,
    /// The position open after the last bar (only the last segment can end open).
    open: Option<Trade>,
    bars_in_market: usize,
    ambiguous_bars: usize,
    rejected_orders: usize,
    /// Cash after the last segment (the equity of every bar until the next one).
    cash: f64,
    /// Bars of the curve accounted for so far.
    covered: usize,
    /// The curve's value at bar `covered - 1` (NaN before any bar).
    last: f64,
    /// Equity of each flat run so far (see [`FocusedResult::flat`]).
    flat: Vec<f64>,
}

impl Totals {
    /// Bars `covered..to`: flat since the previous segment, so their equity is its closing
    /// cash, marked as the replay marks a flat bar (`cash + 0.0`).
    fn flat_until(&mut self, to: usize, curve: &mut CurveAccumulator) {
        let flat = self.cash + 0.0;
        push_constant(curve, flat, to - self.covered);
        self.flat.push(flat);
        if to > self.covered {
            self.last = flat;
        }
        self.covered = to;
    }

    /// `count` bars of a segment's lead-in, not replayed: flat with the cash the segment
    /// starts with, as the replay would mark them; their equity goes to `pieces`.
    fn lead_in(&mut self, count: usize, pieces: &mut Vec<f64>, curve: &mut CurveAccumulator) {
        let flat = self.cash + 0.0;
        push_constant(curve, flat, count);
        pieces.extend(std::iter::repeat_n(flat, count));
        if count > 0 {
            self.last = flat;
        }
        self.covered += count;
    }

    /// A segment's replayed output (bars from `start`); its equity goes to `pieces`.
    fn append(&mut self, out: ReplayOutput, start: usize, pieces: &mut Vec<f64>) {
        let shift = |mut t: Trade| {
            t.entry_bar += start;
            t.exit_bar += start;
            t
        };
        self.trades.extend(out.trades.into_iter().map(shift));
        self.open = out.open.map(shift);
        pieces.extend_from_slice(&out.equity);
        if let Some(&v) = out.equity.last() {
            self.last = v;
        }
        self.covered = start + out.equity.len();
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
