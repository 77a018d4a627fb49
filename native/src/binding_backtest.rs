//! `backtestBatch`: one N-API call per batch of symbols, computed off the JS thread.

use crate::guard::guarded;
use std::sync::Arc;

use barstream_engine::{pool::pool, run_batch, ReplayConfig, SymbolResult};
use barstream_strategy::Strategy;
use napi::bindgen_prelude::AsyncTask;
use napi::{Env, Task};
use napi_derive::napi;

use crate::binding_bars::BindingBarBatch;
use crate::binding_config::BindingBacktestConfig;
use crate::binding_result::{to_binding, BindingBatchResult};

/// The work of one `backtestBatch` call.
pub struct BacktestTask {
    bars: BindingBarBatch,
    strategy: Arc<Strategy>,
    cfg: ReplayConfig,
    threads: usize,
}

impl Task for BacktestTask {
    type Output = Vec<SymbolResult>;
    type JsValue = BindingBatchResult;

    fn compute(&mut self) -> napi::Result<Self::Output> {
        let offsets = self
            .bars
            .offsets()
            .map_err(|e| napi::Error::from_reason(e.to_string()))?;
        let batch = self.bars.batch(&offsets);
        let (strategy, cfg) = (&self.strategy, &self.cfg);
        guarded("backtestBatch", &self.bars.symbols, || {
            pool(self.threads).install(|| run_batch(strategy, batch, cfg))
        })
    }

    fn resolve(&mut self, _env: Env, output: Self::Output) -> napi::Result<Self::JsValue> {
        to_binding(&self.bars.symbols, output)
    }
}

/// Backtests `specJson` (a strategy spec) over every symbol of `bars`, off the JS thread.
///
/// `bars`: columns of k symbols (see `BindingBarBatch`), borrowed without copying.
/// Resolves to summaries, columnar trades and the equity curve aligned with `bars`.
/// Rejects with an `Error` naming the field or symbol when the spec, the settings or
/// the batch layout is invalid.
#[napi(catch_unwind, ts_return_type = "Promise<BindingBatchResult>")]
pub fn backtest_batch(
    bars: BindingBarBatch,
    spec_json: String,
    config: BindingBacktestConfig,
) -> napi::Result<AsyncTask<BacktestTask>> {
    let strategy =
        Strategy::from_json(&spec_json).map_err(|e| napi::Error::from_reason(e.to_string()))?;
    let cfg = ReplayConfig::try_from(&config).map_err(napi::Error::from_reason)?;
    let threads = config.threads.map_or(usize::MAX, |t| t as usize);
    Ok(AsyncTask::new(BacktestTask {
        bars,
        strategy: Arc::new(strategy),
        cfg,
        threads,
    }))
}
