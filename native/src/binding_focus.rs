//! `focusedBatch`: focused replay of a batch of symbols around candidate bars, off the
//! JS thread; optionally also the plain path, compared bit for bit (`verify`).

use std::sync::Arc;
use std::time::Instant;

use barstream_engine::focus::{
    first_difference, focused_batch as run_focused_batch, plain_batch, FocusedResult, Windows,
};
use barstream_engine::{pool::pool, ReplayConfig, SymbolResult};
use barstream_strategy::Strategy;
use napi::bindgen_prelude::{AsyncTask, Float64Array, Int32Array};
use napi::{Env, Task};
use napi_derive::napi;

use crate::binding_bars::BindingBarBatch;
use crate::binding_config::BindingBacktestConfig;
use crate::binding_result::{to_binding_with_equity, BindingBatchResult};
use crate::guard::guarded;

/// Candidate bars of every symbol of a batch, and the window size.
#[napi(object)]
pub struct BindingCandidates {
    /// Candidate bar indices (0-based within their symbol), symbol after symbol, len m.
    pub bars: Int32Array,
    /// Offsets, len k+1: symbol i's candidates are `bars[offsets[i]..offsets[i+1]]`.
    pub offsets: Int32Array,
    /// Bars on each side of a candidate: its window is `[c - halfWidth, c + halfWidth]`.
    pub half_width: u32,
}

/// Focused-replay figures of one symbol.
#[napi(object)]
pub struct BindingFocusSummary {
    /// Candidates given (repeats included).
    pub candidates: u32,
    /// Windows after merging overlapping ones.
    pub windows: u32,
    /// Bars inside some window (entry bars).
    pub window_bars: u32,
    /// Simulated segments (lead-in + windows + extension until flat).
    pub segments: u32,
    /// Bars inside the segments: the coverage numerator (denominator: the symbol's bars).
    pub bars_simulated: u32,
    /// Bars replayed, counting segments simulated again after growing.
    pub bars_replayed: u32,
    /// First bar of each segment, len `segments`.
    pub segment_starts: Int32Array,
    /// One past the last bar of each segment, len `segments`.
    pub segment_ends: Int32Array,
    /// Equity (currency) of the flat bars: `flatEquity[j]` on the bars before segment j,
    /// `flatEquity[segments]` after the last; len `segments + 1`. With the segments'
    /// values in `result.equity` this is the whole curve.
    pub flat_equity: Float64Array,
}

/// The plain-path check of `verify`.
#[napi(object)]
pub struct BindingVerify {
    /// True when every symbol's focused result equals its plain path bit for bit.
    pub identical: bool,
    /// The first difference, as "SYMBOL: ..."; absent when identical.
    pub mismatch: Option<String>,
    /// Wall time of the focused replay of the batch, milliseconds: the faster of two runs,
    /// one before and one after the plain path (the first call of a process runs cold).
    pub focused_ms: f64,
    /// Wall time of the plain path (full replay) of the batch, milliseconds.
    pub plain_ms: f64,
}

/// What `focusedBatch` resolves to.
#[napi(object)]
pub struct BindingFocusedResult {
    /// Trades and statistics as `backtestBatch` returns them; but `equity` holds only the
    /// simulated bars (symbol after symbol, segment after segment, `barsSimulated` values
    /// per symbol): the bars between segments are flat at `focus[i].flatEquity`. Writing
    /// the whole curve is left to the caller, which copies each symbol's curve anyway.
    pub result: BindingBatchResult,
    /// Per symbol, in batch order.
    pub focus: Vec<BindingFocusSummary>,
    /// Present when `verify` was asked for.
    pub verify: Option<BindingVerify>,
}

/// The work of one `focusedBatch` call.
pub struct FocusedTask {
    bars: BindingBarBatch,
    strategy: Arc<Strategy>,
    cfg: ReplayConfig,
    windows: Vec<Windows>,
    threads: usize,
    verify: bool,
}

/// Engine output of one call.
pub struct FocusedOutput {
    results: Vec<FocusedResult>,
    /// Bars per symbol.
    bars: Vec<usize>,
    verify: Option<BindingVerify>,
}

impl Task for FocusedTask {
    type Output = FocusedOutput;
    type JsValue = BindingFocusedResult;

    fn compute(&mut self) -> napi::Result<Self::Output> {
        let offsets = self
            .bars
            .offsets()
            .map_err(|e| napi::Error::from_reason(e.to_string()))?;
        let (results, verify) = focused_with_verify(
            "focusedBatch",
            &self.bars,
            &offsets,
            (&self.strategy, &self.cfg, &self.windows),
            self.threads,
            self.verify,
        )?;
        let bars = offsets.windows(2).map(|w| w[1] - w[0]).collect();
        Ok(FocusedOutput {
            results,
            bars,
            verify,
        })
    }

    fn resolve(&mut self, _env: Env, output: Self::Output) -> napi::Result<Self::JsValue> {
        let focus = focus_summaries(&output.results, &self.windows);
        let simulated = output.results.iter().map(|r| r.pieces.len()).sum();
        let mut equity = Vec::with_capacity(simulated);
        let mut results = Vec::with_capacity(output.results.len());
        for r in output.results {
            equity.extend_from_slice(&r.pieces);
            results.push(r.result);
        }
        Ok(BindingFocusedResult {
            result: to_binding_with_equity(&self.bars.symbols, results, &output.bars, equity)?,
            focus,
            verify: output.verify,
        })
    }
}

/// Focused replay of every symbol of `bars` (rows `offsets`) on the bounded pool; with
/// `verify`, the plain path too, compared bit for bit, and both timed (the focused replay
/// twice, keeping the faster: the first call of a process runs cold). `what` names the
/// entry point in errors. Shared by `focusedBatch` and `BacktestRun.pushFocused`.
pub(crate) fn focused_with_verify(
    what: &str,
    bars: &BindingBarBatch,
    offsets: &[usize],
    (strategy, cfg, windows): (&Strategy, &ReplayConfig, &[Windows]),
    threads: usize,
    verify: bool,
) -> napi::Result<(Vec<FocusedResult>, Option<BindingVerify>)> {
    let batch = bars.batch(offsets);
    let workers = pool(threads);
    let t0 = Instant::now();
    let results = guarded(what, &bars.symbols, || {
        workers.install(|| run_focused_batch(strategy, batch, cfg, windows))
    })?;
    let focused_ms = t0.elapsed().as_secs_f64() * 1e3;
    if !verify {
        return Ok((results, None));
    }
    let t1 = Instant::now();
    let plain = guarded(what, &bars.symbols, || {
        workers.install(|| plain_batch(strategy, batch, cfg, windows))
    })?;
    let plain_ms = t1.elapsed().as_secs_f64() * 1e3;
    let mismatch = compare(&bars.symbols, &plain, &results);
    // The first call of a process runs cold (thread pool, caches): time focused
    // replay again after the plain path and keep the faster of its two runs.
    let t2 = Instant::now();
    guarded(what, &bars.symbols, || {
        workers.install(|| run_focused_batch(strategy, batch, cfg, windows))
    })?;
    let again_ms = t2.elapsed().as_secs_f64() * 1e3;
    let verify = BindingVerify {
        identical: mismatch.is_none(),
        mismatch,
        focused_ms: focused_ms.min(again_ms),
        plain_ms,
    };
    Ok((results, Some(verify)))
}

/// Per-symbol coverage figures of focused results (`windows[i]`: symbol i's windows).
pub(crate) fn focus_summaries(
    results: &[FocusedResult],
    windows: &[Windows],
) -> Vec<BindingFocusSummary> {
    results
        .iter()
        .zip(windows)
        .map(|(r, w)| BindingFocusSummary {
            candidates: w.candidates() as u32,
            windows: r.windows as u32,
            window_bars: w.bars() as u32,
            segments: r.segments.len() as u32,
            bars_simulated: r.bars_simulated as u32,
            bars_replayed: r.bars_replayed as u32,
            segment_starts: Int32Array::new(r.segments.iter().map(|s| s.start as i32).collect()),
            segment_ends: Int32Array::new(r.segments.iter().map(|s| s.end as i32).collect()),
            flat_equity: Float64Array::new(r.flat.clone()),
        })
        .collect()
}

/// The first symbol whose focused result differs from its plain path, as "SYMBOL: ...".
/// Each focused curve is expanded to every bar for the comparison.
fn compare(
    symbols: &[String],
    plain: &[SymbolResult],
    focused: &[FocusedResult],
) -> Option<String> {
    (0..symbols.len()).find_map(|i| {
        let mut equity = vec![0.0; plain[i].equity.len()];
        focused[i].expand_equity(&mut equity);
        first_difference(&plain[i], &focused[i].result, &equity)
            .map(|d| format!("{}: {d}", symbols[i]))
    })
}

/// Per-symbol windows from the candidate columns.
///
/// # Errors
/// When the offsets do not match the batch or a candidate is outside its symbol's bars
/// (the message names the symbol).
pub(crate) fn windows_of(
    bars: &BindingBarBatch,
    c: &BindingCandidates,
) -> Result<Vec<Windows>, String> {
    let rows = bars.offsets().map_err(|e| e.to_string())?;
    let k = bars.symbols.len();
    if c.offsets.len() != k + 1
        || c.offsets.first() != Some(&0)
        || c.offsets.last().map(|&o| o as usize) != Some(c.bars.len())
    {
        return Err(format!(
            "candidate offsets must have {} entries from 0 to the {} candidates",
            k + 1,
            c.bars.len()
        ));
    }
    (0..k)
        .map(|i| {
            let (a, b) = (c.offsets[i], c.offsets[i + 1]);
            if a > b {
                return Err(format!(
                    "candidate offsets decrease at symbol {}",
                    bars.symbols[i]
                ));
            }
            let cands: Vec<usize> = c.bars[a as usize..b as usize]
                .iter()
                .map(|&x| usize::try_from(x).unwrap_or(usize::MAX))
                .collect();
            Windows::around(rows[i + 1] - rows[i], &cands, c.half_width as usize)
                .map_err(|e| format!("{}: {e}", bars.symbols[i]))
        })
        .collect()
}

/// Focused replay of `specJson` over every symbol of `bars`, entries only inside the
/// windows around `candidates`, off the JS thread. With `verify`, the plain path (full
/// replay, same windows) runs too and is compared bit for bit; both timings are returned.
///
/// Resolves to the same result shape as `backtestBatch` (equity over every bar) plus
/// per-symbol coverage. Rejects with an `Error` naming the field or symbol when the
/// spec, the settings, the batch layout or a candidate (outside its symbol's bars) is
/// invalid.
#[napi(catch_unwind, ts_return_type = "Promise<BindingFocusedResult>")]
pub fn focused_batch(
    bars: BindingBarBatch,
    spec_json: String,
    config: BindingBacktestConfig,
    candidates: BindingCandidates,
    verify: Option<bool>,
) -> napi::Result<AsyncTask<FocusedTask>> {
    let strategy =
        Strategy::from_json(&spec_json).map_err(|e| napi::Error::from_reason(e.to_string()))?;
    let cfg = ReplayConfig::try_from(&config).map_err(napi::Error::from_reason)?;
    let windows = windows_of(&bars, &candidates).map_err(napi::Error::from_reason)?;
    Ok(AsyncTask::new(FocusedTask {
        bars,
        strategy: Arc::new(strategy),
        cfg,
        windows,
        threads: config.threads.map_or(usize::MAX, |t| t as usize),
        verify: verify.unwrap_or(false),
    }))
}
