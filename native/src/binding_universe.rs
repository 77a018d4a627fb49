//! `universeStats`: statistics of all symbols together (summed equity curves).

use barstream_engine::universe::{universe_stats as compute, Member};
use napi::bindgen_prelude::{BigInt64Array, Float64Array};
use napi_derive::napi;

/// One symbol's curves.
#[napi(object)]
pub struct BindingUniverseMember {
    /// Bar time, UTC ns, len n.
    pub ts: BigInt64Array,
    /// Equity after each bar, currency, len n.
    pub equity: Float64Array,
    /// Close per bar, len n.
    pub close: Float64Array,
}

/// Universe statistics (same keys as a symbol's stats; exposure and avg_bars_held are null).
///
/// `initialCash`: starting cash of EACH symbol. `pnl`, `returnFrac`: every trade.
/// Throws when a member's columns differ in length or its timestamps do not ascend.
#[napi(catch_unwind, ts_return_type = "Record<string, number | null>")]
pub fn universe_stats(
    members: Vec<BindingUniverseMember>,
    pnl: Float64Array,
    return_frac: Float64Array,
    initial_cash: f64,
) -> napi::Result<serde_json::Value> {
    let view: Vec<Member> = members
        .iter()
        .map(|m| Member {
            ts: &m.ts,
            equity: &m.equity,
            close: &m.close,
        })
        .collect();
    let stats =
        compute(&view, initial_cash, &pnl, &return_frac).map_err(napi::Error::from_reason)?;
    crate::binding_result::stats_to_js(&stats)
}
