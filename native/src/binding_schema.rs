//! The backtest settings table (`backtestConfigSchema()`) and its check
//! (`validateBacktestConfig()`), both from `barstream_engine::config_schema`.

use barstream_engine::config_schema::{
    BacktestSettings, SettingDefault, SettingRange, BACKTEST_SETTINGS,
};
use napi::bindgen_prelude::Either;
use napi_derive::napi;

use crate::binding_config::BindingBacktestConfig;

/// Mirrors `barstream_engine::config_schema::SettingRange`'s kind.
#[napi(string_enum = "snake_case")]
pub enum BindingSettingKind {
    /// A number in `[min, max]` (bounds open or closed as `minInclusive`/`maxInclusive`).
    Number,
    /// A whole number in `[min, max]`.
    Integer,
    /// One of `choices`.
    Choice,
}

/// One user-facing backtest setting (mirrors `barstream_engine::config_schema::SettingDef`).
#[napi(object, use_nullable = true)]
pub struct BindingSettingDef {
    /// Key in `BindingBacktestConfig` / `runBacktest` options (camelCase), e.g. `commissionFixed`.
    pub key: String,
    /// CLI flag without dashes, e.g. `commission-fixed`.
    pub flag: String,
    /// Default: a number, a choice name, or null when decided at run time (threads: all cores).
    pub default: Option<Either<f64, String>>,
    /// Kind of value.
    pub kind: BindingSettingKind,
    /// Lower bound (number, integer); null for a choice.
    pub min: Option<f64>,
    /// Whether `min` itself is allowed; null for a choice.
    pub min_inclusive: Option<bool>,
    /// Upper bound; null when unbounded or for a choice.
    pub max: Option<f64>,
    /// Whether `max` itself is allowed; null when unbounded or for a choice.
    pub max_inclusive: Option<bool>,
    /// The allowed names of a choice; null otherwise.
    pub choices: Option<Vec<String>>,
    /// The accepted values in words, as error messages say them ("a fraction in [0, 0.5), ...").
    pub expected: String,
    /// One-line meaning with units.
    pub description: String,
}

/// Every backtest setting that is an engine rule: key, flag, default, range or choices,
/// meaning. Refusals read `--<flag>: expected <expected>, got <value>`.
#[napi(catch_unwind)]
pub fn backtest_config_schema() -> Vec<BindingSettingDef> {
    BACKTEST_SETTINGS
        .iter()
        .map(|d| {
            let (kind, min, min_inclusive, max, max_inclusive, choices) = match d.range {
                SettingRange::Number {
                    lo,
                    lo_inclusive,
                    hi,
                    hi_inclusive,
                } => {
                    let bounded = hi.is_finite();
                    (
                        BindingSettingKind::Number,
                        Some(lo),
                        Some(lo_inclusive),
                        bounded.then_some(hi),
                        bounded.then_some(hi_inclusive),
                        None,
                    )
                }
                SettingRange::Integer { lo, hi } => (
                    BindingSettingKind::Integer,
                    Some(lo as f64),
                    Some(true),
                    Some(hi as f64),
                    Some(true),
                    None,
                ),
                SettingRange::Choice(names) => (
                    BindingSettingKind::Choice,
                    None,
                    None,
                    None,
                    None,
                    Some(names.iter().map(|s| s.to_string()).collect()),
                ),
            };
            BindingSettingDef {
                key: d.key.to_string(),
                flag: d.flag.to_string(),
                default: match d.default {
                    SettingDefault::Number(x) => Some(Either::A(x)),
                    SettingDefault::Text(t) => Some(Either::B(t.to_string())),
                    SettingDefault::Auto => None,
                },
                kind,
                min,
                min_inclusive,
                max,
                max_inclusive,
                choices,
                expected: d.expected.to_string(),
                description: d.description.to_string(),
            }
        })
        .collect()
}

/// The engine's settings from the binding's config object (absent = default).
pub fn settings_of(c: &BindingBacktestConfig) -> BacktestSettings {
    BacktestSettings {
        cash: c.cash,
        commission: c.commission,
        commission_fixed: c.commission_fixed,
        slippage: c.slippage,
        fill: c.fill.clone(),
        ambiguity: c.ambiguity.clone(),
        close_at_end: c.close_at_end.clone(),
        threads: c.threads,
    }
}

/// Checks a settings object exactly as `backtestBatch`, `BacktestRun`, `LiveEngine` and
/// `SweepJob` do. Throws the first refused value as
/// `--<flag>: expected <range>, got <value>`, e.g.
/// `--commission: expected a fraction in [0, 0.5), e.g. 0.002 for 0.2%, got 0.5`.
#[napi(catch_unwind)]
pub fn validate_backtest_config(config: BindingBacktestConfig) -> napi::Result<()> {
    settings_of(&config)
        .to_replay_config()
        .map(|_| ())
        .map_err(|e| napi::Error::from_reason(e.to_string()))
}
