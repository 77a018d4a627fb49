//! The parallel sweep: for each symbol, the shared indicators once, then every combination
//! on the bounded rayon pool in work units of (symbol, chunk of combinations).
//!
//! Order of work: combinations are processed in passes of as many as the universe
//! accumulators' memory budget allows; within a pass, symbols in batch order (so each
//! combination's universe sums its symbols in the order `aggregate_equity` does), and within
//! a symbol, chunks of combinations in parallel. Cancellation is checked per unit; a
//! cancelled run returns the rows of finished units and the universe rows of combinations
//! finished for every symbol.

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
    /// Upper bound on the universe accumulators' memory, MiB.
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
            memory_budget_mb: 512,
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

/// Runs every combination of `plan` over every symbol of `batch`.
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
    batch.validate()?;
    cfg.validate()?;
    let start = Instant::now();
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
    let symbol_bars = |i: usize| {
        let o = batch.offsets[i];
        batch.bars.slice(o, o + windows[i].end)
    };
    let members: Vec<(&[i64], &[f64])> = (0..k)
        .map(|i| {
            let b = symbol_bars(i);
            (&b.ts[windows[i].from..], &b.close[windows[i].from..])
        })
        .collect();
    let axis = Axis::new(&members, cfg.base.initial_cash);
    let per_pass = axis.combos_per_pass(cfg.memory_budget_mb);
    let combos = plan.grid.combos;
    let m = NAMES.len();
    let mut out = SweepResult::default();
    // Exact sizes up front: the result rows are the only memory that grows with the
    // combinations, so they must not be over-allocated by doubling.
    let rows_total = k * combos;
    out.symbol_combo.reserve_exact(rows_total);
    out.symbol_index.reserve_exact(rows_total);
    out.symbol_metrics.reserve_exact(rows_total * m);
    out.universe_combo.reserve_exact(combos);
    out.universe_metrics.reserve_exact(combos * m);
    let pool = pool(cfg.threads);
    let threads = pool.current_num_threads();
    'passes: for pass_start in (0..combos).step_by(per_pass) {
        let pass = pass_start..(pass_start + per_pass).min(combos);
        // This pass's strategies (validated when the plan was built), built in parallel.
        let specs: Vec<Combo> = pool
            .install(|| {
                pass.clone()
                    .into_par_iter()
                    .map(|c| plan.combo(c))
                    .collect::<Result<_, _>>()
            })
            .map_err(|message| Error::InvalidSpec { message })?;
        let mut unis: Vec<ComboUniverse> =
            pass.clone().map(|_| ComboUniverse::new(&axis)).collect();
        // Enough units per symbol to keep every thread busy on a single long series.
        let chunk = pass.len().div_ceil(threads * 4).max(1);
        let mut upcoming = (k > 0).then(|| plan.share(&specs, symbol_bars(0)));
        for (i, win) in windows.iter().enumerate() {
            if control.cancel.load(Ordering::Relaxed) {
                out.cancelled = true;
                break 'passes;
            }
            let bars = symbol_bars(i);
            let shared = upcoming.take().expect("computed for this symbol");
            out.indicators_computed += shared.computed;
            out.indicators_requested += shared.requested;
            let mut rows = vec![f64::NAN; pass.len() * m];
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
                                run_unit(specs, bars, *win, &shared, &axis, i, rows, unis);
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
                break 'passes;
            }
        }
        let mut row = vec![0.0; m];
        for (j, u) in unis.iter().enumerate() {
            metrics::write_row(&u.stats(&axis), &mut row);
            out.universe_combo.push((pass.start + j) as i32);
            out.universe_metrics.extend_from_slice(&row);
        }
    }
    out.compute_ms = start.elapsed().as_secs_f64() * 1e3;
    Ok(out)
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
