//! The JSON document: serde types with `deny_unknown_fields`, read with the JSON
//! path of every structural error, then each section validated.

pub(crate) mod indicator;
pub mod ordered_map;
pub mod risk;
pub mod sizing;

use serde::Deserialize;

use crate::error::SpecError;
use indicator::RawIndicator;
use ordered_map::OrderedMap;
use risk::RiskSpec;
use sizing::RawSizing;

/// The whole spec as written (see the crate docs for the format).
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawSpec {
    pub name: String,
    #[serde(default)]
    pub indicators: OrderedMap<RawIndicator>,
    #[serde(default)]
    pub entry_long: Option<String>,
    #[serde(default)]
    pub exit_long: Option<String>,
    #[serde(default)]
    pub entry_short: Option<String>,
    #[serde(default)]
    pub exit_short: Option<String>,
    #[serde(default)]
    pub risk: Option<RiskSpec>,
    #[serde(default)]
    pub sizing: Option<RawSizing>,
}

impl RawSpec {
    /// The four rules in a fixed order with their names.
    pub(crate) fn rules(&self) -> [(&'static str, Option<&str>); 4] {
        [
            ("entry_long", self.entry_long.as_deref()),
            ("exit_long", self.exit_long.as_deref()),
            ("entry_short", self.entry_short.as_deref()),
            ("exit_short", self.exit_short.as_deref()),
        ]
    }
}

/// Reads the JSON text into [`RawSpec`] and checks the document-level rules:
/// a non-empty name, at least one entry rule, no exit rule without its entry.
///
/// # Errors
/// Malformed JSON, unknown keys, wrong types or missing fields, at their JSON path
/// (serde's message, with line and column).
pub(crate) fn read(text: &str) -> Result<RawSpec, SpecError> {
    let de = &mut serde_json::Deserializer::from_str(text);
    let spec: RawSpec = serde_path_to_error::deserialize(de).map_err(|e| {
        let path = e.path().to_string();
        // "." is the root, "?" a position serde could not name (e.g. truncated text).
        let path = if path == "." || path == "?" {
            String::new()
        } else {
            path
        };
        SpecError::new(path, e.into_inner().to_string())
    })?;
    if spec.name.trim().is_empty() {
        return Err(SpecError::new("name", "must not be empty"));
    }
    if spec.entry_long.is_none() && spec.entry_short.is_none() {
        return Err(SpecError::new(
            "",
            "no entry rule: give entry_long, entry_short or both",
        ));
    }
    let pairs = [
        ("exit_long", &spec.exit_long, "entry_long", &spec.entry_long),
        (
            "exit_short",
            &spec.exit_short,
            "entry_short",
            &spec.entry_short,
        ),
    ];
    for (exit, exit_rule, entry, entry_rule) in pairs {
        if exit_rule.is_some() && entry_rule.is_none() {
            return Err(SpecError::new(
                exit,
                format!("has no {entry} rule to exit from"),
            ));
        }
    }
    Ok(spec)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn err(text: &str) -> String {
        read(text).unwrap_err().to_string()
    }

    #[test]
    fn unknown_keys_are_rejected_at_their_path() {
        assert_eq!(
            err(r#"{"name": "x", "entry_long": "close > 1", "risk": {"stop": 0.1}}"#),
            "risk.stop: unknown field `stop`, expected one of `stop_loss`, `take_profit`, `trailing_stop`, \
             `atr_stop`, `max_bars` at line 1 column 56"
        );
        assert!(
            err(r#"{"name": "x", "entry_long": "close > 1", "extra": 1}"#)
                .starts_with("extra: unknown field `extra`, expected one of `name`, ")
        );
        assert!(err(
            r#"{"name": "x", "entry_long": "c", "indicators": {"f": {"kind": "sma", "perod": 3}}}"#
        )
        .starts_with("indicators.f.perod: unknown field `perod`"));
    }

    #[test]
    fn type_errors_name_the_json_path() {
        assert!(
            err(r#"{"name": "x", "entry_long": "c", "indicators": {"f": {"kind": "sma", "period": "10"}}}"#)
                .starts_with("indicators.f.period: invalid type: string \"10\", expected usize"),
        );
        assert!(
            err(r#"{"name": "x", "entry_long": "c", "indicators": {"f": {"kind": "smaa"}}}"#)
                .starts_with("indicators.f.kind: unknown variant `smaa`, expected one of `sma`, ")
        );
        assert!(err(r#"{"name": "x", "entry_long": 5}"#)
            .starts_with("entry_long: invalid type: integer `5`"));
        assert!(err(r#"{"entry_long": "c"}"#).starts_with("missing field `name`"));
        let eof = err(r#"{"name": "x", "#);
        assert_eq!(eof, "EOF while parsing a value at line 1 column 14");
    }

    #[test]
    fn needs_an_entry_rule_and_an_entry_for_each_exit() {
        assert_eq!(
            err(r#"{"name": "x"}"#),
            "no entry rule: give entry_long, entry_short or both"
        );
        assert_eq!(
            err(r#"{"name": "x", "entry_long": null, "entry_short": null}"#),
            "no entry rule: give entry_long, entry_short or both"
        );
        assert_eq!(
            err(r#"{"name": "x", "entry_long": "c", "exit_short": "c"}"#),
            "exit_short: has no entry_short rule to exit from"
        );
        assert_eq!(
            err(r#"{"name": " ", "entry_long": "c"}"#),
            "name: must not be empty"
        );
    }

    #[test]
    fn rules_may_be_null_or_absent() {
        let s = read(r#"{"name": "x", "entry_long": "c", "exit_long": null}"#).unwrap();
        assert_eq!(s.rules().map(|(_, r)| r), [Some("c"), None, None, None]);
    }
}
