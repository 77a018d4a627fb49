//! Parameter sweeps: `expandGrid` and the `SweepJob` class (converts only; the engine is
//! `barstream_sweep`). Contract: `docs/sweep-api.md` / `docs/sweep.md`.

use std::cell::Cell;
use std::sync::atomic::Ordering;
use std::sync::{Arc, Mutex};

use barstream_engine::ReplayConfig;
use barstream_model::UnixNanos;
use barstream_sweep::{
    metrics, run_sweep, Control, Plan, SweepConfig, SweepJob, SweepResult, DEFAULT_MEMORY_BUDGET_MB,
};
use napi::bindgen_prelude::{AsyncTask, BigInt, Float64Array, Int32Array};
use napi::{Env, Task};
use napi_derive::napi;

use crate::binding_bars::BindingBarBatch;
use crate::binding_config::BindingBacktestConfig;
use crate::guard::guarded;

/// An expanded grid.
#[napi(object)]
pub struct BindingGrid {
    /// Parameter dot paths, file order.
    pub paths: Vec<String>,
    /// Parameter values, combos x paths, row-major.
    pub values: Float64Array,
    /// Number of combinations (after constraints and sampling).
    pub combos: u32,
    /// Size of the full grid, before constraints and sampling.
    pub full_grid_size: f64,
}

/// Sweep settings: `backtestBatch`'s settings plus the evaluation window and memory budget.
#[napi(object)]
pub struct BindingSweepConfig {
    /// Starting cash per symbol, account currency. Default 10000.
    pub cash: Option<f64>,
    /// Commission as a fraction of notional per fill (0.002 = 0.2%). Default 0.
    pub commission: Option<f64>,
    /// Fixed commission per order, currency. Default 0.
    pub commission_fixed: Option<f64>,
    /// Adverse slippage as a fraction of price (0.0005 = 5 bp). Default 0.
    pub slippage: Option<f64>,
    /// `"next_open"` (default) or `"same_close"`.
    pub fill: Option<String>,
    /// `"stop_first"` (default) or `"target_first"`.
    pub ambiguity: Option<String>,
    /// A position still open after the last bar: `"none"` (default: left open, marked at
    /// the last close, in no trade statistic), `"last_close"` or `"last_open"` (closed
    /// there as a market order; `last_open` = backtesting.py's `finalize_trades=True`).
    pub close_at_end: Option<String>,
    /// Worker threads (1..=cores). Default: all cores.
    pub threads: Option<u32>,
    /// Bars with ts < evalFromTs are warm-up only: indicators see them, no order is placed,
    /// and statistics start at the first bar >= evalFromTs (equity = cash there). UTC ns.
    pub eval_from_ts: Option<BigInt>,
    /// Bars with ts > evalToTs are ignored entirely (not even read by indicators). UTC ns.
    pub eval_to_ts: Option<BigInt>,
    /// Upper bound on one range's working memory (universe accumulators, strategies, the
    /// range's result rows), MiB (default 64); see `SweepJob.combosPerRange`.
    pub memory_budget_mb: Option<u32>,
}

impl TryFrom<&BindingSweepConfig> for SweepConfig {
    type Error = String;

    fn try_from(c: &BindingSweepConfig) -> Result<Self, String> {
        let base = ReplayConfig::try_from(&BindingBacktestConfig {
            cash: c.cash,
            commission: c.commission,
            commission_fixed: c.commission_fixed,
            slippage: c.slippage,
            fill: c.fill.clone(),
            ambiguity: c.ambiguity.clone(),
            close_at_end: c.close_at_end.clone(),
            threads: c.threads,
        })?;
        let ns = |name: &str, v: &Option<BigInt>| -> Result<Option<UnixNanos>, String> {
            match v {
                None => Ok(None),
                Some(b) => match b.get_i64() {
                    (x, true) => Ok(Some(UnixNanos(x))),
                    _ => Err(format!("{name} does not fit in i64 nanoseconds")),
                },
            }
        };
        let cfg = SweepConfig {
            base,
            threads: c.threads.map_or(usize::MAX, |t| t as usize),
            eval_from_ts: ns("evalFromTs", &c.eval_from_ts)?,
            eval_to_ts: ns("evalToTs", &c.eval_to_ts)?,
            memory_budget_mb: c
                .memory_budget_mb
                .map_or(DEFAULT_MEMORY_BUDGET_MB, |m| m as usize),
        };
        cfg.validate().map_err(|e| e.to_string())?;
        Ok(cfg)
    }
}

/// Validates and expands a grid against a spec (every combination's spec is checked).
/// Throws with the JSON path on a bad grid, or naming the combination and its spec error.
#[napi(catch_unwind)]
pub fn expand_grid(spec_json: String, grid_json: String) -> napi::Result<BindingGrid> {
    let plan = Plan::build(&spec_json, &grid_json, &ReplayConfig::default())
        .map_err(napi::Error::from_reason)?;
    let g = plan.grid;
    Ok(BindingGrid {
        paths: g.paths,
        values: Float64Array::new(g.values),
        combos: g.combos as u32,
        full_grid_size: g.full_grid_size as f64,
    })
}

/// Rows of every (combination, symbol) finished.
#[napi(object)]
pub struct BindingPerSymbolRows {
    /// Combination id per row.
    pub combo: Int32Array,
    /// Symbol index (into the batch's symbols) per row.
    pub symbol_index: Int32Array,
    /// Metrics, rows x metricNames, row-major.
    pub metrics: Float64Array,
}

/// Universe rows of every combination finished for every symbol.
#[napi(object)]
pub struct BindingUniverseRows {
    /// Combination id per row.
    pub combo: Int32Array,
    /// Metrics, rows x metricNames, row-major.
    pub metrics: Float64Array,
}

/// What `SweepJob.run()` resolves to.
#[napi(object)]
pub struct BindingSweepResult {
    /// True when `cancel()` stopped the run early.
    pub cancelled: bool,
    /// Metric names, stats-crate snake_case.
    pub metric_names: Vec<String>,
    /// One row per (combo, symbol) finished.
    pub per_symbol: BindingPerSymbolRows,
    /// One row per combo finished for every symbol (universe aggregate stats).
    pub universe: BindingUniverseRows,
    /// Distinct indicator series computed, summed over symbols.
    pub indicators_computed: f64,
    /// Indicator series requested by all combos, summed over symbols.
    pub indicators_requested: f64,
    /// Combos x evaluated bars replayed.
    pub bar_evaluations: f64,
    /// Compute wall time, ms.
    pub compute_ms: f64,
}

/// The bars and the range runner of one `SweepJob`, shared by its tasks (one at a time).
struct JobState {
    bars: BindingBarBatch,
    offsets: Vec<usize>,
    ranges: SweepJob,
}

/// Which work a [`SweepTask`] does.
#[derive(Clone)]
enum Work {
    /// Every combination (`run()`).
    All,
    /// Combinations `start..end` (`runRange()`).
    Range(usize, usize),
}

/// The work of one `SweepJob.run()` or `SweepJob.runRange()`.
pub struct SweepTask {
    state: Arc<Mutex<JobState>>,
    plan: Arc<Plan>,
    cfg: SweepConfig,
    control: Arc<Control>,
    work: Work,
}

impl Task for SweepTask {
    type Output = SweepResult;
    type JsValue = BindingSweepResult;

    fn compute(&mut self) -> napi::Result<Self::Output> {
        // A panic inside `guarded` is caught there, so the lock is never poisoned by the
        // engine; recover the state anyway rather than fail every later call.
        let mut state = self.state.lock().unwrap_or_else(|e| e.into_inner());
        let JobState {
            bars,
            offsets,
            ranges,
        } = &mut *state;
        let batch = bars.batch(offsets);
        let (plan, cfg, control) = (&self.plan, &self.cfg, &self.control);
        guarded("sweep", &bars.symbols, || match self.work {
            Work::All => run_sweep(plan, batch, cfg, control),
            Work::Range(a, b) => ranges.run_range(plan, batch, a..b, control),
        })
    }

    fn resolve(&mut self, _env: Env, r: Self::Output) -> napi::Result<Self::JsValue> {
        Ok(BindingSweepResult {
            cancelled: r.cancelled,
            metric_names: metrics::NAMES.iter().map(|s| s.to_string()).collect(),
            per_symbol: BindingPerSymbolRows {
                combo: Int32Array::new(r.symbol_combo),
                symbol_index: Int32Array::new(r.symbol_index),
                metrics: Float64Array::new(r.symbol_metrics),
            },
            universe: BindingUniverseRows {
                combo: Int32Array::new(r.universe_combo),
                metrics: Float64Array::new(r.universe_metrics),
            },
            indicators_computed: r.indicators_computed as f64,
            indicators_requested: r.indicators_requested as f64,
            bar_evaluations: r.bar_evaluations as f64,
            compute_ms: r.compute_ms,
        })
    }
}

/// A parameter sweep over a batch of symbols: validated on construction, run once off the
/// JS thread, with progress and cancellation.
#[napi(js_name = "SweepJob")]
pub struct BindingSweepJob {
    /// Bars and range runner, locked by the running task. Behind `&self` (a cell and a
    /// mutex): napi-rs keeps a `&mut self` method's borrow alive while its AsyncTask runs,
    /// which made `progress()` and `cancel()` throw ("cannot be borrowed mutably while
    /// another borrow is active") during the run.
    state: Arc<Mutex<JobState>>,
    /// Set by `run()` (call once).
    ran: Cell<bool>,
    combos_per_range: usize,
    plan: Arc<Plan>,
    cfg: SweepConfig,
    control: Arc<Control>,
    units: usize,
}

#[napi]
impl BindingSweepJob {
    /// Validates spec + grid + bars (the same `BindingBarBatch` as `backtestBatch`) and
    /// settings. Throws on bad input: the grid's JSON path, the combination and its spec
    /// error, a bad setting, or the batch layout problem (symbol, row).
    #[napi(constructor, catch_unwind)]
    pub fn new(
        bars: BindingBarBatch,
        spec_json: String,
        grid_json: String,
        config: BindingSweepConfig,
    ) -> napi::Result<Self> {
        let fail = |e: String| napi::Error::from_reason(format!("SweepJob: {e}"));
        let cfg = SweepConfig::try_from(&config).map_err(fail)?;
        let plan = Plan::build(&spec_json, &grid_json, &cfg.base).map_err(fail)?;
        let offsets = bars.offsets().map_err(|e| fail(e.to_string()))?;
        let ranges = SweepJob::new(bars.batch(&offsets), &cfg)
            .map_err(|e| fail(e.with_symbols(&bars.symbols).to_string()))?;
        let units = bars.symbols.len() * plan.grid.combos;
        Ok(BindingSweepJob {
            combos_per_range: ranges.combos_per_range(),
            state: Arc::new(Mutex::new(JobState {
                bars,
                offsets,
                ranges,
            })),
            ran: Cell::new(false),
            plan: Arc::new(plan),
            cfg,
            control: Arc::new(Control::default()),
            units,
        })
    }

    /// Combination `combo`'s strategy spec (JSON text): the spec with the grid's values for
    /// that combination substituted, exactly what the sweep runs for it. Throws when `combo`
    /// is not below `combos`.
    #[napi(catch_unwind)]
    pub fn combo_spec(&self, combo: u32) -> napi::Result<String> {
        let c = combo as usize;
        if c >= self.plan.grid.combos {
            return Err(napi::Error::from_reason(format!(
                "SweepJob.comboSpec: combination {c} does not exist: the grid has {} combinations",
                self.plan.grid.combos
            )));
        }
        self.plan.combo_spec(c).map_err(napi::Error::from_reason)
    }

    /// Number of combinations.
    #[napi(getter)]
    pub fn combos(&self) -> u32 {
        self.plan.grid.combos as u32
    }

    /// Parameter dot paths, grid-file order.
    #[napi(getter)]
    pub fn paths(&self) -> Vec<String> {
        self.plan.grid.paths.clone()
    }

    /// Parameter values, combos x paths, row-major.
    #[napi(getter)]
    pub fn values(&self) -> Float64Array {
        Float64Array::new(self.plan.grid.values.clone())
    }

    /// Total work units (symbols x combos).
    #[napi(getter)]
    pub fn units(&self) -> f64 {
        self.units as f64
    }

    /// Most combinations one `runRange` call may take: as many as fit `memoryBudgetMb`
    /// (a range's universe accumulators, strategies and result rows), at least 1.
    #[napi(getter)]
    pub fn combos_per_range(&self) -> u32 {
        self.combos_per_range as u32
    }

    /// Runs every combination on the bounded rayon pool (config.threads) off the JS thread, in
    /// ranges, and resolves with all rows (memory grows with the combinations; `runRange`
    /// bounds it). Resolves with what is complete when cancelled (`cancelled = true`). Call
    /// once: a second call throws.
    #[napi(catch_unwind, ts_return_type = "Promise<BindingSweepResult>")]
    pub fn run(&self) -> napi::Result<AsyncTask<SweepTask>> {
        if self.ran.replace(true) {
            return Err(napi::Error::from_reason(
                "SweepJob.run: already called (call once)",
            ));
        }
        Ok(self.task(Work::All))
    }

    /// Runs combinations `start..end` (ids, half-open; at most `combosPerRange` of them) off
    /// the JS thread and resolves with their rows: per (combination, symbol) in order symbol,
    /// combination; one universe row per combination when none was cancelled. The job's
    /// accumulator buffers are reused from range to range; `progress()` counts over all
    /// ranges; after `cancel()` every call resolves at once with `cancelled = true`. Calls
    /// run one at a time (a second waits for the first). Throws (rejects) when the range is
    /// reversed, past `combos`, or longer than `combosPerRange`.
    #[napi(catch_unwind, ts_return_type = "Promise<BindingSweepResult>")]
    pub fn run_range(&self, start: u32, end: u32) -> AsyncTask<SweepTask> {
        self.task(Work::Range(start as usize, end as usize))
    }

    /// Work units finished so far (a cheap atomic read, for a progress bar).
    #[napi]
    pub fn progress(&self) -> f64 {
        self.control.progress.load(Ordering::Relaxed) as f64
    }

    /// Asks the workers to stop after their current unit; `run()` then resolves.
    #[napi]
    pub fn cancel(&self) {
        self.control.cancel.store(true, Ordering::Relaxed);
    }
}

impl BindingSweepJob {
    fn task(&self, work: Work) -> AsyncTask<SweepTask> {
        AsyncTask::new(SweepTask {
            state: self.state.clone(),
            plan: self.plan.clone(),
            cfg: self.cfg,
            control: self.control.clone(),
            work,
        })
    }
}
