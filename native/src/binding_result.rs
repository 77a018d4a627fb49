//! Engine results converted to JS: small summary objects plus columnar typed arrays.

use barstream_engine::SymbolResult;
use barstream_model::{ExitReason, Trade};
use napi::bindgen_prelude::{Float64Array, Int32Array, Int8Array, Uint8Array};
use napi_derive::napi;

/// One symbol's outcome (trades and equity are in the batch's columns).
#[napi(object)]
pub struct BindingSymbolSummary {
    /// Symbol name.
    pub symbol: String,
    /// Bars replayed.
    pub bars: u32,
    /// Closed trades of this symbol (rows of `trades` with this `symbolIndex`).
    pub trades: u32,
    /// Positions of this symbol still open after its last bar (0 or 1; rows of
    /// `openTrades`).
    pub open_trades: u32,
    /// Bars whose range held both stop and target (resolved by the ambiguity policy).
    pub ambiguous_bars: u32,
    /// Entries dropped because sizing gave zero units.
    pub rejected_orders: u32,
    /// Performance statistics (barstream_stats::Stats; undefined values are null).
    pub stats: serde_json::Value,
}

/// All trades of a batch, one typed array per field, len m (trades).
#[napi(object)]
pub struct BindingTrades {
    /// Index into the batch's symbols.
    pub symbol_index: Int32Array,
    /// +1 long, -1 short.
    pub side: Int8Array,
    /// Units.
    pub qty: Float64Array,
    /// Bar index of the entry fill, within the symbol (0-based).
    pub entry_bar: Int32Array,
    /// Bar index of the exit fill, within the symbol.
    pub exit_bar: Int32Array,
    /// Entry fill price.
    pub entry_price: Float64Array,
    /// Exit fill price.
    pub exit_price: Float64Array,
    /// Commission paid on entry + exit, currency.
    pub commission: Float64Array,
    /// Net P&L, currency.
    pub pnl: Float64Array,
    /// P&L / entry notional, fraction.
    pub return_frac: Float64Array,
    /// Maximum favourable excursion, fraction of entry price.
    pub mfe: Float64Array,
    /// Maximum adverse excursion, fraction of entry price (<= 0).
    pub mae: Float64Array,
    /// Index into `exitReasons`.
    pub exit_reason: Uint8Array,
}

/// What `backtestBatch` resolves to.
#[napi(object)]
pub struct BindingBatchResult {
    /// One summary per symbol, in batch order.
    pub summaries: Vec<BindingSymbolSummary>,
    /// Every closed trade of the batch.
    pub trades: BindingTrades,
    /// Positions still open after each symbol's last bar, valued at its close (exit reason
    /// `open`, `pnl` unrealised); in no statistic.
    pub open_trades: BindingTrades,
    /// Equity after each bar, aligned with the batch's rows, len n.
    pub equity: Float64Array,
    /// Names for `trades.exitReason` codes.
    pub exit_reasons: Vec<String>,
}

/// Serializes statistics for JS: integers become plain JS numbers (napi maps serde
/// i64 to BigInt, which JSON.stringify rejects); NaN becomes null.
pub fn stats_to_js<T: serde::Serialize>(stats: &T) -> napi::Result<serde_json::Value> {
    fn numbers(v: serde_json::Value) -> serde_json::Value {
        match v {
            serde_json::Value::Number(n) if !n.is_f64() => n
                .as_f64()
                .map_or(serde_json::Value::Null, serde_json::Value::from),
            serde_json::Value::Object(m) => m.into_iter().map(|(k, v)| (k, numbers(v))).collect(),
            other => other,
        }
    }
    serde_json::to_value(stats)
        .map(numbers)
        .map_err(|e| napi::Error::from_reason(e.to_string()))
}

/// Trade columns from `(symbol index, trade)` pairs, in order.
fn trade_columns<'a>(trades: impl Iterator<Item = (usize, &'a Trade)>) -> BindingTrades {
    let (mut sym, mut side, mut qty) = (Vec::new(), Vec::new(), Vec::new());
    let (mut eb, mut xb, mut ep, mut xp) = (Vec::new(), Vec::new(), Vec::new(), Vec::new());
    let (mut com, mut pnl, mut ret) = (Vec::new(), Vec::new(), Vec::new());
    let (mut mfe, mut mae, mut why) = (Vec::new(), Vec::new(), Vec::new());
    for (i, t) in trades {
        sym.push(i as i32);
        side.push(t.side.code());
        qty.push(t.qty);
        eb.push(t.entry_bar as i32);
        xb.push(t.exit_bar as i32);
        ep.push(t.entry_price);
        xp.push(t.exit_price);
        com.push(t.commission);
        pnl.push(t.pnl);
        ret.push(t.return_frac);
        mfe.push(t.mfe);
        mae.push(t.mae);
        why.push(t.exit_reason.code());
    }
    BindingTrades {
        symbol_index: Int32Array::new(sym),
        side: Int8Array::new(side),
        qty: Float64Array::new(qty),
        entry_bar: Int32Array::new(eb),
        exit_bar: Int32Array::new(xb),
        entry_price: Float64Array::new(ep),
        exit_price: Float64Array::new(xp),
        commission: Float64Array::new(com),
        pnl: Float64Array::new(pnl),
        return_frac: Float64Array::new(ret),
        mfe: Float64Array::new(mfe),
        mae: Float64Array::new(mae),
        exit_reason: Uint8Array::new(why),
    }
}

/// Builds the JS result from per-symbol results (in batch order).
pub fn to_binding(
    symbols: &[String],
    results: Vec<SymbolResult>,
) -> napi::Result<BindingBatchResult> {
    let bars: Vec<usize> = results.iter().map(|r| r.equity.len()).collect();
    let mut equity = Vec::with_capacity(bars.iter().sum());
    for r in &results {
        equity.extend_from_slice(&r.equity);
    }
    to_binding_with_equity(symbols, results, &bars, equity)
}

/// [`to_binding`] for results whose equity values are already in one batch-wide buffer
/// (`equity`: aligned with the batch's rows for a full run, or as the caller documents it,
/// e.g. focused replay's simulated bars only); `bars[i]` is symbol i's bar count. The
/// buffer becomes the JS array without a copy; the results' own `equity` is not read.
pub fn to_binding_with_equity(
    symbols: &[String],
    results: Vec<SymbolResult>,
    bars: &[usize],
    equity: Vec<f64>,
) -> napi::Result<BindingBatchResult> {
    let mut summaries = Vec::with_capacity(results.len());
    for (i, r) in results.iter().enumerate() {
        summaries.push(BindingSymbolSummary {
            symbol: symbols.get(i).cloned().unwrap_or_default(),
            bars: bars[i] as u32,
            trades: r.trades.len() as u32,
            open_trades: u32::from(r.open.is_some()),
            ambiguous_bars: r.ambiguous_bars as u32,
            rejected_orders: r.rejected_orders as u32,
            stats: stats_to_js(&r.stats)?,
        });
    }
    let closed = results
        .iter()
        .enumerate()
        .flat_map(|(i, r)| r.trades.iter().map(move |t| (i, t)));
    let open = results
        .iter()
        .enumerate()
        .filter_map(|(i, r)| r.open.as_ref().map(|t| (i, t)));
    Ok(BindingBatchResult {
        summaries,
        trades: trade_columns(closed),
        open_trades: trade_columns(open),
        equity: Float64Array::new(equity),
        exit_reasons: ExitReason::ALL
            .iter()
            .map(|r| r.as_str().to_string())
            .collect(),
    })
}
