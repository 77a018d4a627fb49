//! The screen spec (JSON): serde types with `deny_unknown_fields`, read with the
//! JSON path of every structural error, then validated section by section.

pub mod features;
pub mod prescreen;

use serde::{Deserialize, Serialize};

use crate::error::ScreenError;
use features::{FeaturesSpec, SessionSpec};
use prescreen::PrescreenSpec;

/// The whole screen spec as written (see the crate docs for the format).
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct ScreenSpec {
    /// Non-empty name.
    pub name: String,
    /// Rules that drop symbols first (all optional).
    #[serde(default)]
    pub prescreen: PrescreenSpec,
    /// The features and their weights.
    pub features: FeaturesSpec,
    /// Session boundaries for `opening_gap` and `session_break`.
    #[serde(default)]
    pub session: SessionSpec,
    /// A side becomes a candidate when its score is >= this (> 0).
    pub threshold: f64,
    /// Bars of history the features see before the first emitted bar; at
    /// least the features' longest lookback, at most `MAX_PERIOD`. Default: that lookback,
    /// at least 250.
    #[serde(
        default,
        deserialize_with = "barstream_indicators::deserialize_opt_period"
    )]
    pub warmup_bars: Option<usize>,
    /// Without a start date, candidates come from each symbol's last this many
    /// bars (>= 1). Default 1.
    #[serde(default = "one")]
    pub emit_last_bars: usize,
}

fn one() -> usize {
    1
}

/// Parses `text` into a [`ScreenSpec`] (structure only; see [`crate::Screen`]
/// for the value checks).
///
/// # Errors
/// Malformed JSON, unknown keys, wrong types or missing fields, at their JSON path
/// with serde's message (line and column).
pub fn read(text: &str) -> Result<ScreenSpec, ScreenError> {
    let de = &mut serde_json::Deserializer::from_str(text);
    serde_path_to_error::deserialize(de).map_err(|e| {
        let path = e.path().to_string();
        // "." is the root, "?" a position serde could not name (e.g. truncated text).
        let path = if path == "." || path == "?" {
            String::new()
        } else {
            path
        };
        ScreenError::new(path, e.into_inner().to_string())
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn err(text: &str) -> String {
        read(text).unwrap_err().to_string()
    }

    #[test]
    fn structural_errors_name_the_json_path() {
        assert!(
            err(r#"{"name": "x", "threshold": 1, "features": {"donchian": {"perod": 3}}}"#)
                .starts_with(
                    "features.donchian.perod: unknown field `perod`, expected `period` or `weight`"
                )
        );
        assert!(err(
            r#"{"name": "x", "threshold": 1, "features": {"donchian": {"period": "20"}}}"#
        )
        .starts_with("features.donchian.period: invalid type: string \"20\", expected usize"));
        assert!(err(r#"{"name": "x", "threshold": 1, "features": {"ma_cross": {"kind": "wma", "fast": 1, "slow": 2}}}"#)
            .starts_with("features.ma_cross.kind: unknown variant `wma`, expected `sma` or `ema`"));
        assert!(err(
            r#"{"name": "x", "threshold": 1, "features": {}, "prescreen": {"min_prize": 5}}"#
        )
        .starts_with("prescreen.min_prize: unknown field `min_prize`"));
        assert!(err(r#"{"name": "x", "features": {}}"#).starts_with("missing field `threshold`"));
        assert_eq!(
            err(r#"{"name": "#),
            "name: EOF while parsing a value at line 1 column 9"
        );
    }

    #[test]
    fn every_period_and_day_count_is_bounded_at_its_path() {
        // Issue 17 case 2: these were accepted and aborted the process in an allocation.
        let range = "must be a whole number of bars in 1..=1000000; got";
        for big in ["0", "10000000000", "1000000000000000000"] {
            for (section, path) in [
                (
                    format!(r#""features": {{"donchian": {{"period": {big}}}}}"#),
                    "features.donchian.period",
                ),
                (
                    format!(r#""features": {{"rsi_extreme": {{"period": {big}}}}}"#),
                    "features.rsi_extreme.period",
                ),
                (
                    format!(r#""features": {{"ma_cross": {{"fast": 5, "slow": {big}}}}}"#),
                    "features.ma_cross.slow",
                ),
                (
                    format!(r#""features": {{"ma_cross": {{"fast": {big}, "slow": 5}}}}"#),
                    "features.ma_cross.fast",
                ),
                (
                    format!(
                        r#""features": {{"atr_regime": {{"period": {big}, "window": 5, "high": 0.9}}}}"#
                    ),
                    "features.atr_regime.period",
                ),
                (
                    format!(r#""features": {{"atr_regime": {{"window": {big}, "high": 0.9}}}}"#),
                    "features.atr_regime.window",
                ),
                (
                    format!(r#""features": {{}}, "prescreen": {{"dollar_volume_days": {big}}}"#),
                    "prescreen.dollar_volume_days",
                ),
                (
                    format!(r#""features": {{}}, "prescreen": {{"volatility_days": {big}}}"#),
                    "prescreen.volatility_days",
                ),
                (
                    format!(r#""features": {{}}, "warmup_bars": {big}"#),
                    "warmup_bars",
                ),
            ] {
                let e = err(&format!(r#"{{"name": "x", "threshold": 1, {section}}}"#));
                assert!(
                    e.starts_with(&format!("{path}: {range} {big} at line 1")),
                    "{e}"
                );
            }
        }
        let max = r#"{"name": "x", "threshold": 1, "features": {"donchian": {"period": 1000000}}}"#;
        assert_eq!(
            read(max).unwrap().features.donchian.unwrap().period,
            1_000_000
        );
    }
}
