//! Run settings from JS, converted into the engine's `ReplayConfig`.

use barstream_engine::ReplayConfig;
use napi_derive::napi;

/// Backtest settings (sizing and risk exits come from the strategy spec).
#[napi(object)]
#[derive(Clone)]
pub struct BindingBacktestConfig {
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
    /// Worker threads for the symbols of a batch (1..=cores). Default: all cores.
    pub threads: Option<u32>,
}

impl TryFrom<&BindingBacktestConfig> for ReplayConfig {
    type Error = String;

    /// Defaults and range checks are the engine's settings table
    /// (`barstream_engine::config_schema`); errors read `--<flag>: expected ..., got ...`.
    fn try_from(c: &BindingBacktestConfig) -> Result<Self, String> {
        crate::binding_schema::settings_of(c)
            .to_replay_config()
            .map_err(|e| e.to_string())
    }
}
