//! Strategy spec + bars -> signals -> replay -> statistics, for one symbol and for a
//! batch of symbols in parallel.

use barstream_model::{Bars, Batch, Error, Trade};
use barstream_stats::{Stats, StatsInput, TradeRecord};
use barstream_strategy::{SizingMode, Strategy};
use rayon::prelude::*;

use crate::config::{ReplayConfig, RiskParams, Sizing};
use crate::replay::{replay, ReplayOutput, SignalsRef};

/// Everything one symbol's run produces.
#[derive(Debug, Clone)]
pub struct SymbolResult {
    /// Closed trades (the last one is `end_of_data` when the close-at-end option closed it).
    pub trades: Vec<Trade>,
    /// The position still open after the last bar, valued at the last close (exit reason
    /// `open`); in no statistic. See [`ReplayOutput::open`].
    pub open: Option<Trade>,
    /// Equity after each bar, currency, len n.
    pub equity: Vec<f64>,
    /// Performance statistics.
    pub stats: Stats,
    /// Bars whose range held both stop and target.
    pub ambiguous_bars: usize,
    /// Entries dropped because sizing gave zero units.
    pub rejected_orders: usize,
}

/// The replay settings for `strategy`: `base` (cash, costs, fill timing, ambiguity
/// policy) with the strategy's own sizing and risk exits.
pub fn config_for(strategy: &Strategy, base: &ReplayConfig) -> ReplayConfig {
    let sizing = strategy.sizing();
    let risk = strategy.risk();
    ReplayConfig {
        sizing: match sizing.mode {
            SizingMode::Fraction(f) => Sizing::Fraction(f),
            SizingMode::Quantity(q) => Sizing::Quantity(q),
            SizingMode::Cash(c) => Sizing::Cash(c),
            SizingMode::BacktestingPy => Sizing::BacktestingPy,
        },
        whole_units: sizing.whole_units,
        risk: RiskParams {
            stop_loss: risk.stop_loss,
            take_profit: risk.take_profit,
            trailing_stop: risk.trailing_stop,
            atr_stop: risk.atr_stop.as_ref().map(|a| (a.period, a.multiple)),
            max_bars: risk.max_bars,
        },
        ..*base
    }
}

/// Runs `strategy` over one symbol's bars with `cfg` (from [`config_for`]).
pub fn run_symbol(strategy: &Strategy, bars: Bars, cfg: &ReplayConfig) -> SymbolResult {
    let view = bars.view();
    let signals = strategy.signals(&view);
    // No ATR column: the replay feeds the ATR stop's ATR itself, fused with its loop.
    let out = replay(bars, SignalsRef::from(&signals), &[], cfg);
    symbol_result(out, bars.ts, bars.close, cfg.initial_cash)
}

/// Statistics for a finished replay of one symbol, packaged with its trades and curve.
///
/// `ts` (UTC ns), `close` (price): the replayed bars, each len = `out.equity.len()`.
/// `initial_cash`: the replay's starting cash, currency. Shared by the batch run, focused
/// replay's plain path and the live engine's final report.
///
/// # Panics
/// If `out.equity` is not one value per bar or a trade's bars lie outside `0..n`.
pub fn symbol_result(
    out: ReplayOutput,
    ts: &[i64],
    close: &[f64],
    initial_cash: f64,
) -> SymbolResult {
    let curve = barstream_stats::summary::curve_summary(ts, &out.equity);
    let stats = stats_of(
        ts,
        close,
        initial_cash,
        &out.trades,
        out.equity.last().copied().unwrap_or(f64::NAN),
        out.bars_in_market,
        curve,
    );
    SymbolResult {
        trades: out.trades,
        open: out.open,
        equity: out.equity,
        stats,
        ambiguous_bars: out.ambiguous_bars,
        rejected_orders: out.rejected_orders,
    }
}

/// Statistics of a run over n bars (`ts` UTC ns, `close` price, each len n):
/// `trades` (closed trades only, bar indices into those bars), `equity_final` (the equity after the last bar,
/// currency; NaN for n = 0), `initial_cash` (currency), `bars_in_market` (bars covered by
/// the closed trades, [`ReplayOutput::bars_in_market`]) and `curve`, the summary of the equity curve
/// (`curve_summary(ts, equity)`, or built piece by piece as focused replay does, which
/// never holds the whole curve).
///
/// # Panics
/// If `close` is not one value per bar or a trade's bars lie outside `0..n`.
pub fn stats_of(
    ts: &[i64],
    close: &[f64],
    initial_cash: f64,
    trades: &[Trade],
    equity_final: f64,
    bars_in_market: usize,
    curve: barstream_stats::summary::CurveSummary,
) -> Stats {
    let records: Vec<TradeRecord> = trades
        .iter()
        .map(|t| TradeRecord {
            pnl: t.pnl,
            return_frac: t.return_frac,
            entry_bar: t.entry_bar,
            exit_bar: t.exit_bar,
        })
        .collect();
    barstream_stats::compute_summarised(
        &StatsInput {
            ts,
            equity: &[],
            close,
            initial_cash,
            trades: &records,
            bars_in_market,
        },
        equity_final,
        curve,
    )
}

/// Runs `strategy` over every symbol of `batch` on the current rayon pool.
///
/// Returns one result per symbol, in symbol order.
///
/// # Errors
/// See [`Batch::validate`] (the error names the failing symbol by index; map it to the
/// name with [`Error::with_symbols`]) and [`ReplayConfig::validate`].
pub fn run_batch(
    strategy: &Strategy,
    batch: Batch,
    base: &ReplayConfig,
) -> Result<Vec<SymbolResult>, Error> {
    batch.validate()?;
    let cfg = config_for(strategy, base);
    cfg.validate()?;
    Ok((0..batch.symbols())
        .into_par_iter()
        .map(|i| run_symbol(strategy, batch.symbol_bars(i), &cfg))
        .collect())
}
