//! The screener: `validateScreen`, `prescreenBatch` and `scanBatch` (one N-API
//! call per batch of symbols, computed off the JS thread).

use std::sync::Arc;

use barstream_engine::pool::pool;
use barstream_model::Side;
use barstream_screen::prescreen::{prescreen_batch, PrescreenMetrics};
use barstream_screen::scan::BatchScan;
use barstream_screen::{scan_batch, Reason, Screen};
use napi::bindgen_prelude::{
    AsyncTask, BigInt64Array, Float64Array, Int32Array, Int8Array, Uint32Array,
};
use napi::{Env, Task};
use napi_derive::napi;

use crate::binding_bars::BindingBarBatch;
use crate::guard::guarded;

/// A validated screen spec.
#[napi(object)]
pub struct BindingScreenInfo {
    /// The spec's `name`.
    pub name: String,
    /// Bars of history read before the first emitted bar.
    pub warmup_bars: u32,
    /// The features' longest lookback, bars.
    pub min_warmup_bars: u32,
    /// The spec with every default filled in (snake_case keys, as written).
    pub spec: serde_json::Value,
    /// Reasons this screen can fire, in code order.
    pub reasons: Vec<String>,
}

fn parse(spec_json: &str) -> napi::Result<Screen> {
    Screen::from_json(spec_json).map_err(|e| napi::Error::from_reason(e.to_string()))
}

fn thread_count(t: Option<u32>) -> usize {
    t.map_or(usize::MAX, |t| t as usize)
}

/// Parses and validates a screen spec (JSON text).
///
/// Throws an `Error` `"<json path>: <what is wrong>"` (e.g.
/// `features.donchian.period: must be a whole number of bars in 1..=1000000; got 0 at line 3 column 40`, serde's position last).
#[napi(catch_unwind)]
pub fn validate_screen(spec_json: String) -> napi::Result<BindingScreenInfo> {
    let s = parse(&spec_json)?;
    Ok(BindingScreenInfo {
        name: s.spec().name.clone(),
        warmup_bars: s.warmup_bars() as u32,
        min_warmup_bars: s.min_warmup_bars() as u32,
        spec: serde_json::to_value(s.spec())
            .map_err(|e| napi::Error::from_reason(e.to_string()))?,
        reasons: s.reasons().iter().map(|r| r.name().to_string()).collect(),
    })
}

/// Pre-screen metrics per symbol of a batch, as of each symbol's last bar.
#[napi(object)]
pub struct BindingPrescreenMetrics {
    /// Close of the last bar, len k (NaN for a symbol without bars).
    pub last_close: Float64Array,
    /// Mean daily dollar volume (sum of close x volume per UTC date), len k; NaN with too few dates.
    pub avg_dollar_volume: Float64Array,
    /// Sample std. dev. of daily close returns, fraction, len k; NaN with too few dates.
    pub volatility: Float64Array,
    /// UTC dates seen (at most the number needed), len k.
    pub days: Int32Array,
}

/// The work of one `prescreenBatch` call.
pub struct PrescreenTask {
    bars: BindingBarBatch,
    dollar_volume_days: usize,
    volatility_days: usize,
    threads: usize,
}

impl Task for PrescreenTask {
    type Output = Vec<PrescreenMetrics>;
    type JsValue = BindingPrescreenMetrics;

    fn compute(&mut self) -> napi::Result<Self::Output> {
        let bars = &self.bars;
        let (dv, vol) = (self.dollar_volume_days, self.volatility_days);
        guarded("prescreenBatch", &bars.symbols, || {
            let offsets = bars.offsets()?;
            let batch = bars.batch(&offsets);
            pool(self.threads).install(|| prescreen_batch(batch, dv, vol))
        })
    }

    fn resolve(&mut self, _env: Env, out: Self::Output) -> napi::Result<Self::JsValue> {
        Ok(BindingPrescreenMetrics {
            last_close: Float64Array::new(out.iter().map(|m| m.last_close).collect()),
            avg_dollar_volume: Float64Array::new(out.iter().map(|m| m.avg_dollar_volume).collect()),
            volatility: Float64Array::new(out.iter().map(|m| m.volatility).collect()),
            days: Int32Array::new(out.iter().map(|m| m.days as i32).collect()),
        })
    }
}

/// Pre-screen metrics of every symbol of `bars` as of its last bar (pass only the
/// recent window), off the JS thread. `dollarVolumeDays` >= 1, `volatilityDays` >= 2.
/// Rejects with an `Error` naming the batch when the layout or a count is invalid.
#[napi(
    js_name = "prescreenBatch",
    catch_unwind,
    ts_return_type = "Promise<BindingPrescreenMetrics>"
)]
pub fn prescreen_batch_js(
    bars: BindingBarBatch,
    dollar_volume_days: u32,
    volatility_days: u32,
    threads: Option<u32>,
) -> napi::Result<AsyncTask<PrescreenTask>> {
    if dollar_volume_days == 0 || volatility_days < 2 {
        return Err(napi::Error::from_reason(format!(
            "prescreen: need dollarVolumeDays >= 1 and volatilityDays >= 2, got {dollar_volume_days} and {volatility_days}"
        )));
    }
    Ok(AsyncTask::new(PrescreenTask {
        bars,
        dollar_volume_days: dollar_volume_days as usize,
        volatility_days: volatility_days as usize,
        threads: thread_count(threads),
    }))
}

/// Candidates of a batch, one typed array per field, len m, sorted by symbol then bar.
#[napi(object)]
pub struct BindingScanResult {
    /// Index into the batch's symbols.
    pub symbol_index: Int32Array,
    /// Bar index within the symbol (0-based) of the bar at whose close it was detected.
    pub bar: Int32Array,
    /// +1 long, -1 short.
    pub side: Int8Array,
    /// Sum of the weights of the reasons.
    pub score: Float64Array,
    /// Bit mask of reason codes (bit i = `reasonNames[i]`).
    pub reasons: Uint32Array,
    /// Names of the reason codes.
    pub reason_names: Vec<String>,
    /// Wall time of the feature pass, ms.
    pub features_ms: f64,
    /// Wall time of the scoring pass, ms.
    pub score_ms: f64,
}

/// The work of one `scanBatch` call.
pub struct ScanTask {
    bars: BindingBarBatch,
    screen: Arc<Screen>,
    emit_from: BigInt64Array,
    threads: usize,
}

impl Task for ScanTask {
    type Output = BatchScan;
    type JsValue = BindingScanResult;

    fn compute(&mut self) -> napi::Result<Self::Output> {
        let (bars, screen, from) = (&self.bars, &self.screen, &self.emit_from);
        guarded("scanBatch", &bars.symbols, || {
            let offsets = bars.offsets()?;
            let batch = bars.batch(&offsets);
            pool(self.threads).install(|| scan_batch(screen, batch, from))
        })
    }

    fn resolve(&mut self, _env: Env, out: Self::Output) -> napi::Result<Self::JsValue> {
        let m: usize = out.candidates.iter().map(Vec::len).sum();
        let (mut sym, mut bar, mut side) = (
            Vec::with_capacity(m),
            Vec::with_capacity(m),
            Vec::with_capacity(m),
        );
        let (mut score, mut reasons) = (Vec::with_capacity(m), Vec::with_capacity(m));
        for (i, cs) in out.candidates.iter().enumerate() {
            for c in cs {
                sym.push(i as i32);
                bar.push(c.bar as i32);
                side.push(if c.side == Side::Long { 1 } else { -1 });
                score.push(c.score);
                reasons.push(c.reasons);
            }
        }
        Ok(BindingScanResult {
            symbol_index: Int32Array::new(sym),
            bar: Int32Array::new(bar),
            side: Int8Array::new(side),
            score: Float64Array::new(score),
            reasons: Uint32Array::new(reasons),
            reason_names: Reason::ALL.iter().map(|r| r.name().to_string()).collect(),
            features_ms: out.features_ns as f64 / 1e6,
            score_ms: out.score_ns as f64 / 1e6,
        })
    }
}

/// Scans every symbol of `bars` with the screen `specJson`, off the JS thread.
///
/// `bars`: k symbols (warm-up bars included), borrowed without copying.
/// `emitFrom`: per symbol, the first bar time (i64 UTC ns) that may become a
/// candidate, len k. Resolves to the candidates, columnar. Rejects with an
/// `Error` naming the JSON path of a bad spec, or the batch and the problem
/// when the layout is invalid.
#[napi(
    js_name = "scanBatch",
    catch_unwind,
    ts_return_type = "Promise<BindingScanResult>"
)]
pub fn scan_batch_js(
    bars: BindingBarBatch,
    spec_json: String,
    emit_from: BigInt64Array,
    threads: Option<u32>,
) -> napi::Result<AsyncTask<ScanTask>> {
    Ok(AsyncTask::new(ScanTask {
        screen: Arc::new(parse(&spec_json)?),
        bars,
        emit_from,
        threads: thread_count(threads),
    }))
}
