//! The parallel sweep: for each symbol, the shared indicators once, then every combination
//! on the bounded rayon pool in work units of (symbol, chunk of combinations).
//!
//! Order of work: combinations are processed in ranges of as many as the memory budget
//! allows ([`SweepJob::run_range`]); within a range, symbols in batch order (so each
//! combination's universe sums its symbols in the order `aggregate_equity` does), and within
//! a symbol, chunks of combinations in parallel. Cancellation is checked per unit; a
//! cancelled range returns the rows of finished units and no universe row (its combinations
//! did not finish every symbol).

use std::ops::Range;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::time::Instant;

use barstream_engine::pool::pool;
use barstream_engine::replay::SignalsRef;
use barstream_engine::run::stats_of;
use barstream_engine::ReplayConfig;
use barstream_model::{Bars, Batch, Error, UnixNanos};
use rayon::prelude::*;

use crate::metrics::{self, NAMES};
use crate::plan::{Combo, Plan, Shared};
use crate::replay::replay_summarised;
use crate::universe::{Axis, ComboUniverse};

/// Default of [`SweepConfig::memory_budget_mb`], MiB: small enough that a range's buffers
/// stay cheap to reuse, large enough that per-range costs (strategies built, indicators shared
/// per symbol) stay small next to the replays.
pub const DEFAULT_MEMORY_BUDGET_MB: usize = 64;

/// Settings of a sweep besides the grid.
#[derive(Debug, Clone, Copy)]
pub struct SweepConfig {
    /// Cash, costs, fill timing, ambiguity policy (sizing and risk come from each combination).
    pub base: ReplayConfig,
    /// Worker threads (clamped to 1..=cores).
    pub threads: usize,
    /// Bars with ts < this are warm-up only: indicators see them, no order is placed,
    /// statistics start at the first bar >= it (equity = cash there).
    pub eval_from_ts: Option<UnixNanos>,
    /// Bars with ts > this are ignored entirely (not even read by indicators).
    pub eval_to_ts: Option<UnixNanos>,
    /// Upper bound on one range's working memory (universe accumulators, strategies and the
    /// range's result rows), MiB; ranges are sized to fit it (see [`SweepJob`]).
    pub memory_budget_mb: usize,
}

impl SweepConfig {
    /// Checks the settings.
    ///
    /// # Errors
    /// [`Error::InvalidConfig`] naming the bad setting: see [`ReplayConfig::validate`];
    /// `evalFromTs` after `evalToTs`.
    pub fn validate(&self) -> Result<(), Error> {
        self.base.validate()?;
        if let (Some(UnixNanos(a)), Some(UnixNanos(b))) = (self.eval_from_ts, self.eval_to_ts) {
            if a > b {
                return Err(Error::config(
                    "evalFromTs",
                    format!("({a}) is after evalToTs ({b})"),
                ));
            }
        }
        Ok(())
    }
}

impl Default for SweepConfig {
    fn default() -> Self {
        SweepConfig {
            base: ReplayConfig::default(),
            threads: usize::MAX,
            eval_from_ts: None,
            eval_to_ts: None,
            memory_budget_mb: DEFAULT_MEMORY_BUDGET_MB,
        }
    }
}

/// Progress and cancellation shared with the caller (both cheap atomics).
#[derive(Debug, Default)]
pub struct Control {
    /// Work done, in (symbol, combination) pairs.
    pub progress: AtomicUsize,
    /// Set to ask the workers to stop after their current unit.
    pub cancel: AtomicBool,
}

/// What a sweep produces (row layouts: the N-API contract, `docs/sweep-api.md`).
#[derive(Debug, Clone, Default)]
pub struct SweepResult {
    /// True when cancelled before the end.
    pub cancelled: bool,
    /// Per (combination, symbol) finished: combination id.
    pub symbol_combo: Vec<i32>,
    /// Per (combination, symbol) finished: symbol index in the batch.
    pub symbol_index: Vec<i32>,
    /// Per (combination, symbol) finished: [`NAMES`] values, row-major.
    pub symbol_metrics: Vec<f64>,
    /// Per combination finished for every symbol: combination id.
    pub universe_combo: Vec<i32>,
    /// Per combination finished: universe [`NAMES`] values, row-major.
    pub universe_metrics: Vec<f64>,
    /// Distinct indicator series computed, summed over symbols (and passes).
    pub indicators_computed: usize,
    /// Indicator series requested by the combinations, summed over symbols.
    pub indicators_requested: usize,
    /// Combinations x evaluated bars replayed.
    pub bar_evaluations: u64,
    /// Wall time of the run, ms.
    pub compute_ms: f64,
}

/// Per symbol: rows `0..end` feed the indicators, rows `from..end` are evaluated.
#[derive(Debug, Clone, Copy)]
struct Window {
    from: usize,
    end: usize,
}

/// Runs every combination of `plan` over every symbol of `batch`: a [`SweepJob`] run range
/// after range, the ranges' rows concatenated (so the result holds every row: memory grows
/// with the combinations; a caller that must bound it calls [`SweepJob::run_range`] itself).
///
/// # Errors
/// See [`Batch::validate`] (the error names the failing symbol by index; map it to the
/// name with [`Error::with_symbols`]) and [`SweepConfig::validate`].
///
/// # Panics
/// If the operating system refuses to spawn the worker threads (see
/// [`barstream_engine::pool::pool`]).
pub fn run_sweep(
    plan: &Plan,
    batch: Batch,
    cfg: &SweepConfig,
    control: &Control,
) -> Result<SweepResult, Error> {
    let start = Instant::now();
    let mut job = SweepJob::new(batch, cfg)?;
    let combos = plan.grid.combos;
    let mut out = SweepResult::default();
    // Exact sizes up front: the result rows are the only memory that grows with the
    // combinations, so they must not be over-allocated by doubling.
    let (k, m) = (batch.symbols(), NAMES.len());
    out.symbol_combo.reserve_exact(k * combos);
    out.symbol_index.reserve_exact(k * combos);
    out.symbol_metrics.reserve_exact(k * combos * m);
    out.universe_combo.reserve_exact(combos);
    out.universe_metrics.reserve_exact(combos * m);
    for first in (0..combos).step_by(job.combos_per_range()) {
        let range = first..(first + job.combos_per_range()).min(combos);
        let r = job.run_range(plan, batch, range, control)?;
        out.symbol_combo.extend_from_slice(&r.symbol_combo);
        out.symbol_index.extend_from_slice(&r.symbol_index);
        out.symbol_metrics.extend_from_slice(&r.symbol_metrics);
        out.universe_combo.extend_from_slice(&r.universe_combo);
        out.universe_metrics.extend_from_slice(&r.universe_metrics);
        out.indicators_computed += r.indicators_computed;
        out.indicators_requested += r.indicators_requested;
        out.bar_evaluations += r.bar_evaluations;
        if r.cancelled {
            out.cancelled = true;
            break;
        }
    }
    out.compute_ms = start.elapsed().as_secs_f64() * 1e3;
    Ok(out)
}

/// A sweep run in ranges of combinations: the universe's time axis and the symbols'
/// evaluation windows computed once, and one set of universe accumulators reused by every
/// range (reset, not reallocated: a fresh zeroed buffer per range costs page faults on
/// every page). A range's working memory (accumulators, strategies and its result rows)
/// fits `memory_budget_mb`, so a caller that keeps only what it needs of each range's rows
/// runs any number of combinations in bounded memory.
#[derive(Debug)]
pub struct SweepJob {
    cfg: SweepConfig,
    windows: Vec<Window>,
    axis: Axis,
    symbols: usize,
    bars: usize,
    per_range: usize,
    /// Reused accumulators; the first `dirty` hold a previous range's sums.
    unis: Vec<ComboUniverse>,
    dirty: usize,
}

impl SweepJob {
    /// Prepares a sweep over `batch` (the same batch must be passed to every
    /// [`SweepJob::run_range`]).
    ///
    /// # Errors
    /// See [`Batch::validate`] and [`SweepConfig::validate`].
    pub fn new(batch: Batch, cfg: &SweepConfig) -> Result<SweepJob, Error> {
        batch.validate()?;
        cfg.validate()?;
        let k = batch.symbols();
        let windows: Vec<Window> = (0..k)
            .map(|i| {
                let ts = &batch.bars.ts[batch.offsets[i]..batch.offsets[i + 1]];
                let end = cfg
                    .eval_to_ts
                    .map_or(ts.len(), |to| ts.partition_point(|&t| t <= to.as_i64()));
                let from = cfg
                    .eval_from_ts
                    .map_or(0, |f| ts[..end].partition_point(|&t| t < f.as_i64()));
                Window { from, end }
            })
            .collect();
        let members: Vec<(&[i64], &[f64])> = (0..k)
            .map(|i| {
                let o = batch.offsets[i];
                let w = windows[i];
                (
                    &batch.bars.ts[o + w.from..o + w.end],
                    &batch.bars.close[o + w.from..o + w.end],
                )
            })
            .collect();
        let axis = Axis::new(&members, cfg.base.initial_cash);
        let per_range = axis.combos_per_range(k, cfg.memory_budget_mb);
        Ok(SweepJob {
            cfg: *cfg,
            windows,
            axis,
            symbols: k,
            bars: batch.bars.ts.len(),
            per_range,
            unis: Vec::new(),
            dirty: 0,
        })
    }

    /// Most combinations one [`SweepJob::run_range`] call may take: as many as fit the
    /// memory budget (see [`Axis::combos_per_range`]), at least 1.
    pub fn combos_per_range(&self) -> usize {
        self.per_range
    }

    /// Runs the combinations `range` (ids, half-open) over every symbol and returns their
    /// rows (per (combination, symbol) in processing order: symbol, then combination; one
    /// universe row per combination finished for every symbol). Progress accumulates in
    /// `control` across calls; once `control.cancel` is set, every call returns at once with
    /// `cancelled` and the rows finished.
    ///
    /// # Errors
    /// [`Error::InvalidConfig`] when `range` is empty-reversed, past the grid's combinations,
    /// longer than [`SweepJob::combos_per_range`], or `batch` is not the batch the job was
    /// made with (symbol or bar count differs); [`Error::InvalidSpec`] if a combination's
    /// strategy fails to build.
    ///
    /// # Panics
    /// If the operating system refuses to spawn the worker threads.
    pub fn run_range(
        &mut self,
        plan: &Plan,
        batch: Batch,
        range: Range<usize>,
        control: &Control,
    ) -> Result<SweepResult, Error> {
        let combos = plan.grid.combos;
        if range.start > range.end || range.end > combos {
            return Err(Error::config(
                "range",
                format!(
                    "{}..{} is not a range of the grid's {combos} combinations",
                    range.start, range.end
                ),
            ));
        }
        if range.len() > self.per_range {
            return Err(Error::config(
                "range",
                format!(
                    "{}..{} holds {} combinations; at most {} fit the memory budget",
                    range.start,
                    range.end,
                    range.len(),
                    self.per_range
                ),
            ));
        }
        if batch.symbols() != self.symbols || batch.bars.ts.len() != self.bars {
            return Err(Error::config(
                "batch",
                "is not the batch this sweep job was made with".to_string(),
            ));
        }
        let start = Instant::now();
        let (k, m) = (self.symbols, NAMES.len());
        let windows = &self.windows;
        let axis = &self.axis;
        let control_cancelled = || control.cancel.load(Ordering::Relaxed);
        let mut out = SweepResult::default();
        let symbol_bars = |i: usize| {
            let o = batch.offsets[i];
            batch.bars.slice(o, o + windows[i].end)
        };
        let pass = range;
        if control_cancelled() {
            out.cancelled = true;
            return Ok(out);
        }
        out.symbol_combo.reserve_exact(k * pass.len());
        out.symbol_index.reserve_exact(k * pass.len());
        out.symbol_metrics.reserve_exact(k * pass.len() * m);
        let pool = pool(self.cfg.threads);
        let threads = pool.current_num_threads();
        // This range's strategies (validated when the plan was built), built in parallel.
        let specs: Vec<Combo> = pool
            .install(|| {
                pass.clone()
                    .into_par_iter()
                    .map(|c| plan.combo(c))
                    .collect::<Result<_, _>>()
            })
            .map_err(|message| Error::InvalidSpec { message })?;
        // The accumulators of earlier ranges, reset in place; new ones only when this range
        // is longer than any before.
        for u in &mut self.unis[..self.dirty.min(pass.len())] {
            u.reset();
        }
        while self.unis.len() < pass.len() {
            self.unis.push(ComboUniverse::new(axis));
        }
        self.dirty = self.dirty.max(pass.len());
        let unis = &mut self.unis[..pass.len()];
        // Enough units per symbol to keep every thread busy on a single long series.
        let chunk = pass.len().div_ceil(threads * 4).max(1);
        let mut upcoming = (k > 0 && !pass.is_empty()).then(|| plan.share(&specs, symbol_bars(0)));
        let mut rows = vec![f64::NAN; pass.len() * m];
        for (i, win) in windows.iter().enumerate() {
            if pass.is_empty() {
                break;
            }
            if control_cancelled() {
                out.cancelled = true;
                break;
            }
            let bars = symbol_bars(i);
            let shared = upcoming.take().expect("computed for this symbol");
            out.indicators_computed += shared.computed;
            out.indicators_requested += shared.requested;
            rows.fill(f64::NAN);
            // The next symbol's shared indicators are computed while this symbol's units
            // run, so no thread waits for that serial step.
            let (done, next): (Vec<bool>, _) = pool.install(|| {
                rayon::join(
                    || {
                        rows.par_chunks_mut(chunk * m)
                            .zip(unis.par_chunks_mut(chunk))
                            .enumerate()
                            .map(|(u, (rows, unis))| {
                                if control.cancel.load(Ordering::Relaxed) {
                                    return false;
                                }
                                let first = pass.start + u * chunk;
                                let ids = first..first + unis.len();
                                let specs = &specs[ids.start - pass.start..ids.end - pass.start];
                                run_unit(specs, bars, *win, &shared, axis, i, rows, unis);
                                control.progress.fetch_add(unis.len(), Ordering::Relaxed);
                                true
                            })
                            .collect()
                    },
                    || (i + 1 < k).then(|| plan.share(&specs, symbol_bars(i + 1))),
                )
            });
            upcoming = next;
            for (u, &ok) in done.iter().enumerate() {
                let ids = pass.start + u * chunk..(pass.start + (u + 1) * chunk).min(pass.end);
                if !ok {
                    out.cancelled = true;
                    continue;
                }
                out.bar_evaluations += (ids.len() * (win.end - win.from)) as u64;
                for c in ids {
                    out.symbol_combo.push(c as i32);
                    out.symbol_index.push(i as i32);
                    let r = (c - pass.start) * m;
                    out.symbol_metrics.extend_from_slice(&rows[r..r + m]);
                }
            }
            if out.cancelled {
                break;
            }
        }
        if !out.cancelled {
            out.universe_combo.reserve_exact(pass.len());
            out.universe_metrics.reserve_exact(pass.len() * m);
            let mut row = vec![0.0; m];
            for (j, u) in unis.iter().enumerate() {
                metrics::write_row(&u.stats(axis), &mut row);
                out.universe_combo.push((pass.start + j) as i32);
                out.universe_metrics.extend_from_slice(&row);
            }
        }
        out.compute_ms = start.elapsed().as_secs_f64() * 1e3;
        Ok(out)
    }
}

/// Runs the combinations `specs` over symbol `sym`'s bars (rows `0..win.end`, evaluated from
/// `win.from`), writing one metrics row per combination into `rows` and adding each
/// combination's curve and trades to its universe in `unis`.
#[expect(
    clippy::too_many_arguments,
    reason = "one work unit's inputs, all borrowed"
)]
fn run_unit(
    specs: &[Combo],
    bars: Bars,
    win: Window,
    shared: &Shared,
    axis: &Axis,
    sym: usize,
    rows: &mut [f64],
    unis: &mut [ComboUniverse],
) {
    let m = NAMES.len();
    let eval = bars.slice(win.from, win.end);
    let from = win.from;
    // The signal mask's buffer, shared by the unit's replays.
    let mut any = Vec::with_capacity(eval.len());
    for (j, spec) in specs.iter().enumerate() {
        let signals = spec.strategy.signals_shared(&shared.series);
        let s = SignalsRef::from(&signals);
        let sliced = SignalsRef {
            entry_long: &s.entry_long[from..],
            exit_long: &s.exit_long[from..],
            entry_short: &s.entry_short[from..],
            exit_short: &s.exit_short[from..],
        };
        let cfg = &spec.config;
        let atr: &[f64] = match cfg.risk.atr_stop {
            Some((period, _)) => &shared.atr[&period][from..],
            None => &[],
        };
        let (out, curve) = replay_summarised(eval, sliced, atr, cfg, &mut any);
        // `symbol_result`'s statistics, with the curve summarised during the replay.
        let stats = stats_of(
            eval.ts,
            eval.close,
            cfg.initial_cash,
            &out.trades,
            out.equity.last().copied().unwrap_or(f64::NAN),
            out.bars_in_market,
            curve,
        );
        metrics::write_row(&stats, &mut rows[j * m..(j + 1) * m]);
        unis[j].add(axis, sym, &out.equity, &out.trades);
    }
}
