//! `BacktestRun`: a backtest gathered batch by batch into one run result, computed off
//! the JS thread (`push`, `pushFocused`, `finish` are AsyncTasks on the bounded pool).
//! The engine's `barstream_engine::outcome::RunBuilder` does the gathering; this file
//! only converts. Also `LiveEngine.finishRun()`'s conversion ([`live_run_result`]).

use std::sync::{Arc, Mutex, MutexGuard};

use barstream_engine::config_schema::setting;
use barstream_engine::focus::{FocusedResult, Windows};
use barstream_engine::outcome::{RunBuilder, RunPart, RunResult};
use barstream_engine::{pool::pool, run_batch, LiveEngine, ReplayConfig};
use barstream_strategy::Strategy;
use napi::bindgen_prelude::AsyncTask;
use napi::{Env, Task};
use napi_derive::napi;

use crate::binding_bars::BindingBarBatch;
use crate::binding_config::BindingBacktestConfig;
use crate::binding_focus::{
    focus_summaries, focused_with_verify, windows_of, BindingCandidates, BindingFocusSummary,
    BindingVerify,
};
use crate::binding_run_result::BindingRunResult;
use crate::guard::guarded;

/// Options of a `BacktestRun`.
#[napi(object)]
pub struct BindingRunOptions {
    /// Keep every bar's open/high/low in the result's curves (for candles). Default false:
    /// it adds 24 bytes per bar.
    pub keep_ohlc: Option<bool>,
    /// Also give every symbol's buy & hold and drawdown per bar (`curves.hold`,
    /// `curves.drawdown`), what a per-symbol chart draws. Default false: it adds 16 bytes
    /// per bar.
    pub chart_curves: Option<bool>,
    /// Worker threads for the symbols of a batch (>= 1); overrides `config.threads`.
    /// Default: `config.threads`, else all cores.
    pub threads: Option<u32>,
}

/// What `push` resolves to: the batch's share of the run.
#[napi(object)]
pub struct BindingPushSummary {
    /// Symbols of the batch.
    pub symbols: u32,
    /// Trades of the batch.
    pub trades: u32,
}

/// What `pushFocused` resolves to: the focused-replay figures of the batch (its trades,
/// statistics and whole curves go into the run).
#[napi(object)]
pub struct BindingRunFocus {
    /// Per symbol of the batch, in batch order (as `focusedBatch`'s `focus`).
    pub focus: Vec<BindingFocusSummary>,
    /// The plain-path check, when `verify` was asked for.
    pub verify: Option<BindingVerify>,
}

type State = Arc<Mutex<Option<RunBuilder>>>;

fn fail(method: &str, msg: impl std::fmt::Display) -> napi::Error {
    napi::Error::from_reason(format!("BacktestRun.{method}: {msg}"))
}

fn lock<'a>(state: &'a State, method: &str) -> napi::Result<MutexGuard<'a, Option<RunBuilder>>> {
    state
        .lock()
        .map_err(|_| fail(method, "the run's state is poisoned by an earlier panic"))
}

/// Fills `slot` with `part` (or its error) and returns `part`'s outcome to the caller.
fn fill<T>(
    state: &State,
    method: &str,
    slot: usize,
    part: napi::Result<(RunPart, T)>,
) -> napi::Result<T> {
    let mut guard = lock(state, method)?;
    let builder = guard
        .as_mut()
        .ok_or_else(|| fail(method, "finish() was called before this batch completed"))?;
    match part {
        Ok((p, extra)) => {
            builder.fill(slot, Ok(p)).map_err(|e| fail(method, e))?;
            Ok(extra)
        }
        Err(e) => {
            // Recorded so that finish() fails too, naming the batch; ignore a second error.
            let _ = builder.fill(slot, Err(e.reason.clone()));
            Err(e)
        }
    }
}

/// The work of one `push`.
pub struct PushTask {
    bars: BindingBarBatch,
    strategy: Arc<Strategy>,
    cfg: ReplayConfig,
    threads: usize,
    keep_ohlc: bool,
    slot: usize,
    state: State,
}

impl Task for PushTask {
    type Output = BindingPushSummary;
    type JsValue = BindingPushSummary;

    fn compute(&mut self) -> napi::Result<Self::Output> {
        let part = guarded("BacktestRun.push", &self.bars.symbols, || {
            let offsets = self.bars.offsets()?;
            let batch = self.bars.batch(&offsets);
            let results =
                pool(self.threads).install(|| run_batch(&self.strategy, batch, &self.cfg))?;
            let part = RunPart::from_batch(&self.bars.symbols, &batch, &results, self.keep_ohlc)
                .map_err(|m| barstream_model::Error::input("batch results", m))?;
            let summary = BindingPushSummary {
                symbols: part.symbols.len() as u32,
                trades: part.trades.len() as u32,
            };
            Ok::<_, barstream_model::Error>((part, summary))
        });
        fill(&self.state, "push", self.slot, part)
    }

    fn resolve(&mut self, _env: Env, output: Self::Output) -> napi::Result<Self::JsValue> {
        Ok(output)
    }
}

/// The work of one `pushFocused`.
pub struct PushFocusedTask {
    bars: BindingBarBatch,
    strategy: Arc<Strategy>,
    cfg: ReplayConfig,
    windows: Vec<Windows>,
    threads: usize,
    verify: bool,
    keep_ohlc: bool,
    slot: usize,
    state: State,
}

impl Task for PushFocusedTask {
    type Output = (Vec<FocusedResult>, Option<BindingVerify>);
    type JsValue = BindingRunFocus;

    fn compute(&mut self) -> napi::Result<Self::Output> {
        let what = "BacktestRun.pushFocused";
        let part = (|| {
            let offsets = self
                .bars
                .offsets()
                .map_err(|e| napi::Error::from_reason(e.to_string()))?;
            let (results, verify) = focused_with_verify(
                what,
                &self.bars,
                &offsets,
                (&self.strategy, &self.cfg, &self.windows),
                self.threads,
                self.verify,
            )?;
            let batch = self.bars.batch(&offsets);
            let part = guarded(what, &self.bars.symbols, || {
                RunPart::from_focused(&self.bars.symbols, &batch, &results, self.keep_ohlc)
            })?;
            Ok((part, (results, verify)))
        })();
        fill(&self.state, "pushFocused", self.slot, part)
    }

    fn resolve(&mut self, _env: Env, output: Self::Output) -> napi::Result<Self::JsValue> {
        let (results, verify) = output;
        Ok(BindingRunFocus {
            focus: focus_summaries(&results, &self.windows),
            verify,
        })
    }
}

/// The work of `finish`: the universe statistics and curves, then the conversion.
pub struct FinishTask {
    builder: Option<RunBuilder>,
}

impl Task for FinishTask {
    type Output = RunResult;
    type JsValue = BindingRunResult;

    fn compute(&mut self) -> napi::Result<Self::Output> {
        let builder = self
            .builder
            .take()
            .ok_or_else(|| fail("finish", "already computed"))?;
        guarded("BacktestRun.finish", &[], || builder.finish())
    }

    fn resolve(&mut self, _env: Env, output: Self::Output) -> napi::Result<Self::JsValue> {
        BindingRunResult::try_from(output)
    }
}

/// A backtest over a universe gathered batch by batch: push every batch (full replay with
/// `push`, focused replay with `pushFocused`), then `finish()` once for the whole result
/// (per-symbol outcomes and statistics, trade and curve columns, universe statistics and
/// curves), computed once in Rust. Batches may be pushed concurrently; the result keeps
/// the order of the `push` calls.
#[napi(js_name = "BacktestRun")]
pub struct BindingBacktestRun {
    strategy: Arc<Strategy>,
    cfg: ReplayConfig,
    threads: usize,
    state: State,
}

#[napi]
impl BindingBacktestRun {
    /// `specJson`: strategy spec text; `config`: the same settings as `backtestBatch`
    /// (checked as `validateBacktestConfig` does); `options`: `keepOhlc`, `chartCurves`,
    /// `threads`.
    /// Throws on a bad spec or setting, naming it.
    #[napi(constructor, catch_unwind)]
    pub fn new(
        spec_json: String,
        config: BindingBacktestConfig,
        options: Option<BindingRunOptions>,
    ) -> napi::Result<Self> {
        let strategy =
            Strategy::from_json(&spec_json).map_err(|e| fail("constructor", e.to_string()))?;
        let cfg = ReplayConfig::try_from(&config).map_err(|e| fail("constructor", e))?;
        let keep_ohlc = options.as_ref().and_then(|o| o.keep_ohlc).unwrap_or(false);
        let chart_curves = options
            .as_ref()
            .and_then(|o| o.chart_curves)
            .unwrap_or(false);
        let threads = options.as_ref().and_then(|o| o.threads).or(config.threads);
        if let Some(t) = threads {
            setting("threads")
                .check_number(f64::from(t))
                .map_err(|e| fail("constructor", e))?;
        }
        Ok(BindingBacktestRun {
            strategy: Arc::new(strategy),
            threads: threads.map_or(usize::MAX, |t| t as usize),
            state: Arc::new(Mutex::new(Some(
                RunBuilder::new(cfg.initial_cash, keep_ohlc).with_chart_curves(chart_curves),
            ))),
            cfg,
        })
    }

    /// Reserves the next batch position; `(slot, keepOhlc)`.
    fn reserve(&self, method: &str) -> napi::Result<(usize, bool)> {
        let mut guard = lock(&self.state, method)?;
        let b = guard
            .as_mut()
            .ok_or_else(|| fail(method, "the run is finished; make a new BacktestRun"))?;
        Ok((b.reserve(), b.keep_ohlc()))
    }

    /// Backtests every symbol of `bars` (the same `BindingBarBatch` as `backtestBatch`,
    /// borrowed zero-copy) off the JS thread and adds them to the run. Resolves to the
    /// batch's symbol and trade counts. Rejects, naming the first symbol and the problem,
    /// when the batch layout is invalid; `finish()` then fails too.
    #[napi(catch_unwind, ts_return_type = "Promise<BindingPushSummary>")]
    pub fn push(&self, bars: BindingBarBatch) -> napi::Result<AsyncTask<PushTask>> {
        let (slot, keep_ohlc) = self.reserve("push")?;
        Ok(AsyncTask::new(PushTask {
            bars,
            strategy: self.strategy.clone(),
            cfg: self.cfg,
            threads: self.threads,
            keep_ohlc,
            slot,
            state: self.state.clone(),
        }))
    }

    /// Focused replay of every symbol of `bars` around `candidates` (as `focusedBatch`),
    /// off the JS thread, added to the run with each symbol's whole equity curve rebuilt
    /// in Rust. With `verify`, the plain path runs too and is compared bit for bit.
    /// Resolves to the coverage figures (and the check). Throws at once on a candidate
    /// outside its symbol's bars or offsets that do not match the batch.
    #[napi(catch_unwind, ts_return_type = "Promise<BindingRunFocus>")]
    pub fn push_focused(
        &self,
        bars: BindingBarBatch,
        candidates: BindingCandidates,
        verify: Option<bool>,
    ) -> napi::Result<AsyncTask<PushFocusedTask>> {
        let windows = windows_of(&bars, &candidates).map_err(|e| fail("pushFocused", e))?;
        let (slot, keep_ohlc) = self.reserve("pushFocused")?;
        Ok(AsyncTask::new(PushFocusedTask {
            bars,
            strategy: self.strategy.clone(),
            cfg: self.cfg,
            windows,
            threads: self.threads,
            verify: verify.unwrap_or(false),
            keep_ohlc,
            slot,
            state: self.state.clone(),
        }))
    }

    /// The whole run result, computed once off the JS thread (universe statistics equal
    /// `universeStats` over the same symbols and trades). Call once, after every push has
    /// resolved: throws when a push is still running or the run is already finished;
    /// rejects when a pushed batch failed, naming it.
    #[napi(catch_unwind, ts_return_type = "Promise<BindingRunResult>")]
    pub fn finish(&self) -> napi::Result<AsyncTask<FinishTask>> {
        let mut guard = lock(&self.state, "finish")?;
        let pending = guard
            .as_ref()
            .ok_or_else(|| fail("finish", "already called (call once)"))?
            .pending();
        if pending > 0 {
            return Err(fail(
                "finish",
                format!(
                    "{pending} push call(s) have not completed; await every push before finish()"
                ),
            ));
        }
        Ok(AsyncTask::new(FinishTask {
            builder: guard.take(),
        }))
    }

    /// Symbols added so far (batches joined in order).
    #[napi(getter)]
    pub fn symbols(&self) -> napi::Result<u32> {
        let guard = lock(&self.state, "symbols")?;
        Ok(guard.as_ref().map_or(0, |b| b.symbols() as u32))
    }
}

/// The live engine's report so far as a run result (`LiveEngine.finishRun()`): the same
/// shape as `BacktestRun.finish()`, curves without open/high/low.
pub fn live_run_result(engine: &LiveEngine) -> napi::Result<BindingRunResult> {
    let err = |e: String| napi::Error::from_reason(format!("LiveEngine.finishRun: {e}"));
    let mut b = RunBuilder::new(engine.config().initial_cash, false);
    b.push(RunPart::from_live(engine).map_err(err)?)
        .map_err(err)?;
    BindingRunResult::try_from(b.finish().map_err(err)?)
}
