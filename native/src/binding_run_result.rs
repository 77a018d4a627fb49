//! `BindingRunResult`: the engine's `RunResult` (`barstream_engine::outcome`) as JS
//! values: small objects per symbol and for the universe, every column an owned typed
//! array (moved, not copied, into JS).

use barstream_engine::outcome::{RunResult, SymbolOutcome, TradeColumns};
use barstream_engine::ExitReason;
use napi::bindgen_prelude::{
    BigInt, BigInt64Array, Float64Array, Int8Array, Uint32Array, Uint8Array,
};
use napi_derive::napi;

use crate::binding_stats::BindingStats;

/// Mirrors `barstream_engine::ExitReason`: why a trade closed (`trades.exitReason` codes
/// index `BindingRunResult.exitReasons`, which lists these in code order).
#[napi(string_enum = "snake_case")]
pub enum BindingExitReason {
    /// The strategy's exit rule fired.
    Signal,
    /// The opposite entry rule fired and the position was reversed.
    Reverse,
    /// Fixed stop loss.
    StopLoss,
    /// Take profit.
    TakeProfit,
    /// Trailing stop.
    TrailingStop,
    /// ATR-multiple stop.
    AtrStop,
    /// Held for `max_bars` bars.
    TimeExit,
    /// Closed on the last bar by the close-at-end option (last open or last close).
    EndOfData,
    /// Still open after the last bar, valued at its close (open trades only).
    Open,
}

impl From<ExitReason> for BindingExitReason {
    fn from(r: ExitReason) -> Self {
        match r {
            ExitReason::Signal => Self::Signal,
            ExitReason::Reverse => Self::Reverse,
            ExitReason::StopLoss => Self::StopLoss,
            ExitReason::TakeProfit => Self::TakeProfit,
            ExitReason::TrailingStop => Self::TrailingStop,
            ExitReason::AtrStop => Self::AtrStop,
            ExitReason::TimeExit => Self::TimeExit,
            ExitReason::EndOfData => Self::EndOfData,
            ExitReason::Open => Self::Open,
        }
    }
}

/// One symbol's outcome; its trades and curve are rows of the run's columns.
#[napi(object, use_nullable = true)]
pub struct BindingSymbolOutcome {
    /// Symbol name.
    pub symbol: String,
    /// Bars replayed.
    pub bars: u32,
    /// Open time of the first bar, UTC ns; null without bars.
    pub first_ts: Option<BigInt>,
    /// Open time of the last bar, UTC ns; null without bars.
    pub last_ts: Option<BigInt>,
    /// Closed trades of this symbol (rows of `trades` with this `symbolIndex`).
    pub trades: u32,
    /// Positions of this symbol still open after its last bar (0 or 1; rows of
    /// `openTrades`).
    pub open_trades: u32,
    /// Bars whose range held both stop and target (resolved by the ambiguity policy).
    pub ambiguous_bars: u32,
    /// Entries dropped because sizing gave zero units.
    pub rejected_orders: u32,
    /// This symbol's statistics.
    pub stats: BindingStats,
}

/// Every trade of the run, one typed array per field, all len m, symbol after symbol.
#[napi(object)]
pub struct BindingRunTrades {
    /// Index into `BindingRunResult.symbols`.
    pub symbol_index: Uint32Array,
    /// +1 long, -1 short.
    pub side: Int8Array,
    /// Units (> 0).
    pub qty: Float64Array,
    /// Open time of the entry fill's bar, i64 UTC ns.
    pub entry_ts: BigInt64Array,
    /// Open time of the exit fill's bar, i64 UTC ns.
    pub exit_ts: BigInt64Array,
    /// Bar index of the entry fill within the symbol (0-based).
    pub entry_bar: Uint32Array,
    /// Bar index of the exit fill within the symbol.
    pub exit_bar: Uint32Array,
    /// `exitBar - entryBar`, bars.
    pub bars_held: Uint32Array,
    /// Entry fill price, slippage included.
    pub entry_price: Float64Array,
    /// Exit fill price, slippage included.
    pub exit_price: Float64Array,
    /// Commission of entry + exit, currency.
    pub commission: Float64Array,
    /// Net P&L after commission, currency.
    pub pnl: Float64Array,
    /// P&L / entry notional, fraction.
    pub return_frac: Float64Array,
    /// Maximum favourable excursion, fraction of the entry price (>= 0).
    pub mfe: Float64Array,
    /// Maximum adverse excursion, fraction of the entry price (<= 0).
    pub mae: Float64Array,
    /// Index into `BindingRunResult.exitReasons`.
    pub exit_reason: Uint8Array,
}

/// Every symbol's curve: symbol i owns rows `offsets[i]..offsets[i+1]` of each column.
#[napi(object, use_nullable = true)]
pub struct BindingSymbolCurves {
    /// Row offsets, len k+1, from 0 to the row count n.
    pub offsets: Uint32Array,
    /// Bar open time, i64 UTC ns, len n.
    pub ts: BigInt64Array,
    /// Equity after each bar's close (cash + marked position), currency, len n.
    pub equity: Float64Array,
    /// Close per bar, len n.
    pub close: Float64Array,
    /// Open per bar, len n; null unless the run was made with `keepOhlc`.
    pub open: Option<Float64Array>,
    /// High per bar, len n; null unless `keepOhlc`.
    pub high: Option<Float64Array>,
    /// Low per bar, len n; null unless `keepOhlc`.
    pub low: Option<Float64Array>,
    /// Buy & hold of the symbol's starting cash from its first close
    /// (`cash * close / close[first]`), currency, len n; null unless the run was made with
    /// `chartCurves`.
    pub hold: Option<Float64Array>,
    /// Drawdown of the symbol's equity (`equity / running peak - 1`, the peak restarting at
    /// each symbol), fraction <= 0, len n; null unless `chartCurves`.
    pub drawdown: Option<Float64Array>,
}

/// The universe's curves on the sorted union of the symbols' bar times, all len u.
#[napi(object)]
pub struct BindingUniverseRunCurves {
    /// Union of the bar times, i64 UTC ns.
    pub ts: BigInt64Array,
    /// Summed equity, each symbol forward-filled, currency.
    pub equity: Float64Array,
    /// Summed buy-and-hold (each symbol holds its cash from its first close), currency.
    pub hold: Float64Array,
    /// Drawdown of `equity`: `equity / running peak - 1`, fraction <= 0.
    pub drawdown: Float64Array,
}

/// The universe as a whole: each symbol trades its own cash; curves summed.
#[napi(object)]
pub struct BindingUniverseOutcome {
    /// Statistics of the summed curves and all trades (exposure and avgBarsHeld are null).
    pub stats: BindingStats,
    /// Closed trades of all symbols.
    pub trades: u32,
    /// Positions still open after the last bar, all symbols.
    pub open_trades: u32,
    /// Ambiguous bars of all symbols.
    pub ambiguous_bars: u32,
    /// Rejected orders of all symbols.
    pub rejected_orders: u32,
    /// Cash per symbol x symbols, currency.
    pub initial_cash: f64,
    /// Summed curves and drawdown.
    pub curves: BindingUniverseRunCurves,
}

/// What `BacktestRun.finish()` and `LiveEngine.finishRun()` resolve to: the whole run,
/// computed once in Rust.
#[napi(object)]
pub struct BindingRunResult {
    /// Starting cash per symbol, currency.
    pub initial_cash: f64,
    /// One outcome per symbol, in the order the batches were pushed.
    pub symbols: Vec<BindingSymbolOutcome>,
    /// Every closed trade.
    pub trades: BindingRunTrades,
    /// Every position still open after its symbol's last bar, valued at that bar's close
    /// (`exitTs`/`exitBar`/`exitPrice` = the last bar and its close, `pnl` unrealised,
    /// exit reason `open`); in no statistic.
    pub open_trades: BindingRunTrades,
    /// Every symbol's curve.
    pub curves: BindingSymbolCurves,
    /// The universe.
    pub universe: BindingUniverseOutcome,
    /// Names of `trades.exitReason` codes, in code order.
    pub exit_reasons: Vec<BindingExitReason>,
}

fn count(what: &str, n: usize) -> napi::Result<u32> {
    u32::try_from(n).map_err(|_| {
        napi::Error::from_reason(format!("run result: {what} {n} exceeds a 32-bit count"))
    })
}

fn symbol_outcome(s: SymbolOutcome) -> napi::Result<BindingSymbolOutcome> {
    Ok(BindingSymbolOutcome {
        bars: count("bars of a symbol", s.bars)?,
        first_ts: s.first_ts.map(BigInt::from),
        last_ts: s.last_ts.map(BigInt::from),
        trades: count("trades of a symbol", s.trades)?,
        open_trades: count("open trades of a symbol", s.open_trades)?,
        ambiguous_bars: count("ambiguous bars", s.ambiguous_bars)?,
        rejected_orders: count("rejected orders", s.rejected_orders)?,
        stats: BindingStats::from(&s.stats),
        symbol: s.symbol,
    })
}

/// Moves trade columns into typed arrays (no copy).
fn trade_columns(t: TradeColumns) -> BindingRunTrades {
    BindingRunTrades {
        symbol_index: Uint32Array::new(t.symbol_index),
        side: Int8Array::new(t.side),
        qty: Float64Array::new(t.qty),
        entry_ts: BigInt64Array::new(t.entry_ts),
        exit_ts: BigInt64Array::new(t.exit_ts),
        entry_bar: Uint32Array::new(t.entry_bar),
        exit_bar: Uint32Array::new(t.exit_bar),
        bars_held: Uint32Array::new(t.bars_held),
        entry_price: Float64Array::new(t.entry_price),
        exit_price: Float64Array::new(t.exit_price),
        commission: Float64Array::new(t.commission),
        pnl: Float64Array::new(t.pnl),
        return_frac: Float64Array::new(t.return_frac),
        mfe: Float64Array::new(t.mfe),
        mae: Float64Array::new(t.mae),
        exit_reason: Uint8Array::new(t.exit_reason),
    }
}

impl TryFrom<RunResult> for BindingRunResult {
    type Error = napi::Error;

    /// Moves every column into a typed array (no copy).
    fn try_from(r: RunResult) -> napi::Result<Self> {
        let c = r.curves;
        let u = r.universe;
        let offsets = c
            .offsets
            .iter()
            .map(|&o| count("curve rows", o))
            .collect::<napi::Result<Vec<u32>>>()?;
        let (open, high, low) = match c.ohlc {
            Some(o) => (
                Some(Float64Array::new(o.open)),
                Some(Float64Array::new(o.high)),
                Some(Float64Array::new(o.low)),
            ),
            None => (None, None, None),
        };
        let (hold, drawdown) = match c.chart {
            Some(ch) => (
                Some(Float64Array::new(ch.hold)),
                Some(Float64Array::new(ch.drawdown)),
            ),
            None => (None, None),
        };
        Ok(BindingRunResult {
            initial_cash: r.initial_cash,
            symbols: r
                .symbols
                .into_iter()
                .map(symbol_outcome)
                .collect::<napi::Result<_>>()?,
            trades: trade_columns(r.trades),
            open_trades: trade_columns(r.open_trades),
            curves: BindingSymbolCurves {
                offsets: Uint32Array::new(offsets),
                ts: BigInt64Array::new(c.ts),
                equity: Float64Array::new(c.equity),
                close: Float64Array::new(c.close),
                open,
                high,
                low,
                hold,
                drawdown,
            },
            universe: BindingUniverseOutcome {
                stats: BindingStats::from(&u.stats),
                trades: count("trades", u.trades)?,
                open_trades: count("open trades", u.open_trades)?,
                ambiguous_bars: count("ambiguous bars", u.ambiguous_bars)?,
                rejected_orders: count("rejected orders", u.rejected_orders)?,
                initial_cash: u.initial_cash,
                curves: BindingUniverseRunCurves {
                    ts: BigInt64Array::new(u.curves.ts),
                    equity: Float64Array::new(u.curves.equity),
                    hold: Float64Array::new(u.curves.hold),
                    drawdown: Float64Array::new(u.drawdown),
                },
            },
            exit_reasons: ExitReason::ALL.iter().map(|&r| r.into()).collect(),
        })
    }
}
