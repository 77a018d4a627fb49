//! `universeStats`: statistics of all symbols together (summed equity curves);
//! `universeCurves`: those summed curves themselves (for reports).

use barstream_engine::universe::{universe_curves as curves, universe_stats as compute, Member};
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

fn view(members: &[BindingUniverseMember]) -> Vec<Member<'_>> {
    members
        .iter()
        .map(|m| Member {
            ts: &m.ts,
            equity: &m.equity,
            close: &m.close,
        })
        .collect()
}

/// The universe's summed curves, on the sorted union of the members' timestamps.
#[napi(object)]
pub struct BindingUniverseCurves {
    /// Bar time, UTC ns, len m (union of the members' times).
    pub ts: BigInt64Array,
    /// Summed equity, each member forward-filled, currency, len m.
    pub equity: Float64Array,
    /// Summed buy-and-hold (each member holds `initialCash` from its first close), currency, len m.
    pub hold: Float64Array,
}

/// The summed equity and buy-and-hold curves `universeStats` computes its statistics on.
///
/// `initialCash`: starting cash of EACH symbol, currency.
/// Throws when a member's columns differ in length or its timestamps do not ascend.
#[napi(catch_unwind)]
pub fn universe_curves(
    members: Vec<BindingUniverseMember>,
    initial_cash: f64,
) -> napi::Result<BindingUniverseCurves> {
    let c = curves(&view(&members), initial_cash).map_err(napi::Error::from_reason)?;
    Ok(BindingUniverseCurves {
        ts: BigInt64Array::new(c.ts),
        equity: Float64Array::new(c.equity),
        hold: Float64Array::new(c.hold),
    })
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
    let view = view(&members);
    let stats =
        compute(&view, initial_cash, &pnl, &return_frac).map_err(napi::Error::from_reason)?;
    crate::binding_result::stats_to_js(&stats)
}
