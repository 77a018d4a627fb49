//! Run settings from JS, converted into the engine's `ReplayConfig`.

use barstream_engine::{AmbiguityPolicy, Commission, FillTiming, ReplayConfig};
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
    /// Worker threads for the symbols of a batch (1..=cores). Default: all cores.
    pub threads: Option<u32>,
}

impl TryFrom<&BindingBacktestConfig> for ReplayConfig {
    type Error = String;

    fn try_from(c: &BindingBacktestConfig) -> Result<Self, String> {
        let d = ReplayConfig::default();
        let fill = match c.fill.as_deref() {
            None | Some("next_open") => FillTiming::NextOpen,
            Some("same_close") => FillTiming::SameClose,
            Some(other) => {
                return Err(format!(
                    "fill must be 'next_open' or 'same_close', got '{other}'"
                ))
            }
        };
        let ambiguity = match c.ambiguity.as_deref() {
            None | Some("stop_first") => AmbiguityPolicy::StopFirst,
            Some("target_first") => AmbiguityPolicy::TargetFirst,
            Some(other) => {
                return Err(format!(
                    "ambiguity must be 'stop_first' or 'target_first', got '{other}'"
                ))
            }
        };
        let cfg = ReplayConfig {
            initial_cash: c.cash.unwrap_or(d.initial_cash),
            commission: Commission {
                fraction: c.commission.unwrap_or(0.0),
                fixed: c.commission_fixed.unwrap_or(0.0),
            },
            slippage: c.slippage.unwrap_or(0.0),
            fill,
            ambiguity,
            ..d
        };
        cfg.validate().map_err(|e| e.to_string())?;
        Ok(cfg)
    }
}
