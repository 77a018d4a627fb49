//! `indicatorValues`: a strategy's indicator outputs over one symbol's bars (the same
//! `Strategy::indicator_values` the replay computes its signals from). Used by the
//! performance gates to check the plain TypeScript references against the native path.

use barstream_strategy::{BarsRef, Strategy};
use napi::bindgen_prelude::Float64Array;
use napi_derive::napi;

/// One indicator output series.
#[napi(object)]
pub struct BindingIndicatorSeries {
    /// Output name: the indicator's key in the spec (`fast`), or `key.output` for
    /// several outputs (`bb.upper`).
    pub name: String,
    /// Value per bar, len n; NaN during warm-up (TA-Lib lookbacks).
    pub values: Float64Array,
}

/// Computes every indicator of `specJson` over one symbol's OHLCV columns (each len n,
/// oldest bar first), synchronously: one pass per indicator, a few ms per million bars.
///
/// Throws an `Error` when the spec is invalid (message from the strategy crate, naming
/// the JSON path) or when the columns differ in length (naming the lengths).
#[napi(catch_unwind)]
pub fn indicator_values(
    spec_json: String,
    open: Float64Array,
    high: Float64Array,
    low: Float64Array,
    close: Float64Array,
    volume: Float64Array,
) -> napi::Result<Vec<BindingIndicatorSeries>> {
    let strategy =
        Strategy::from_json(&spec_json).map_err(|e| napi::Error::from_reason(e.to_string()))?;
    let n = close.len();
    let lens = [open.len(), high.len(), low.len(), volume.len()];
    if lens.iter().any(|&l| l != n) {
        return Err(napi::Error::from_reason(format!(
            "indicatorValues: columns differ in length (open, high, low, close, volume) = ({}, {}, {}, {n}, {})",
            lens[0], lens[1], lens[2], lens[3]
        )));
    }
    let bars = BarsRef {
        open: &open,
        high: &high,
        low: &low,
        close: &close,
        volume: &volume,
    };
    Ok(strategy
        .indicator_values(&bars)
        .into_iter()
        .map(|(name, values)| BindingIndicatorSeries {
            name,
            values: Float64Array::new(values),
        })
        .collect())
}
