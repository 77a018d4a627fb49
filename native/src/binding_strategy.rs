//! Strategy spec validation exposed to JS (the spec is parsed only by the strategy crate).

use napi_derive::napi;

/// Summary of a validated strategy spec.
#[napi(object)]
pub struct BindingStrategyInfo {
    /// The spec's `name`.
    pub name: String,
    /// Bars before every indicator is defined.
    pub warmup: u32,
    /// Focused replay: a segment starts at a multiple of this many bars (the anchor stride of
    /// the running-sum indicators; 1 without them).
    pub slice_align: u32,
    /// Focused replay: bars of lead-in (from an aligned start) after which every signal equals
    /// the full series' (warm-up plus seed decay of recursive indicators).
    pub slice_exact_from: u32,
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
        slice_align: s.slice_plan().align as u32,
        slice_exact_from: s.slice_plan().exact_from as u32,
    })
}
