//! Strategy spec validation exposed to JS (the spec is parsed only by the strategy crate).

use napi_derive::napi;

/// Summary of a validated strategy spec.
#[napi(object)]
pub struct BindingStrategyInfo {
    /// The spec's `name`.
    pub name: String,
    /// Bars before every indicator is defined.
    pub warmup: u32,
}

/// Parses and validates a strategy spec (JSON text).
///
/// Throws an `Error` whose message names the JSON path or the rule, with a caret under
/// the offending text.
#[napi(catch_unwind)]
pub fn validate_strategy(spec_json: String) -> napi::Result<BindingStrategyInfo> {
    let s = barstream_strategy::Strategy::from_json(&spec_json)
        .map_err(|e| napi::Error::from_reason(e.to_string()))?;
    Ok(BindingStrategyInfo {
        name: s.name().to_string(),
        warmup: s.warmup() as u32,
    })
}
