//! Strategy spec + bars -> signals -> replay -> statistics, for one symbol and for a
//! batch of symbols in parallel.

use barstream_stats::{Stats, StatsInput, TradeRecord};
use barstream_strategy::{SizingMode, Strategy};
use rayon::prelude::*;

use crate::bars::Bars;
use crate::config::{ReplayConfig, RiskParams, Sizing};
use crate::replay::{replay, ReplayOutput, SignalsRef};
use crate::trade::Trade;

/// Everything one symbol's run produces.
#[derive(Debug, Clone)]
pub struct SymbolResult {
    /// Closed trades (the last one may be `end_of_data`).
    pub trades: Vec<Trade>,
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
        equity: out.equity,
        stats,
        ambiguous_bars: out.ambiguous_bars,
        rejected_orders: out.rejected_orders,
    }
}

/// Statistics of a run over n bars (`ts` UTC ns, `close` price, each len n):
/// `trades` (bar indices into those bars), `equity_final` (the equity after the last bar,
/// currency; NaN for n = 0), `initial_cash` (currency), `bars_in_market` (bars with a
/// position at the close) and `curve`, the summary of the equity curve
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

/// A batch of symbols laid out column by column: symbol i owns rows
/// `offsets[i]..offsets[i+1]` of every column of `bars`.
#[derive(Debug, Clone, Copy)]
pub struct Batch<'a> {
    /// All rows of all symbols, sorted by symbol then time.
    pub bars: Bars<'a>,
    /// Row offsets, len k+1, non-decreasing, last = number of rows.
    pub offsets: &'a [usize],
}

impl<'a> Batch<'a> {
    /// Number of symbols k.
    pub fn symbols(&self) -> usize {
        self.offsets.len().saturating_sub(1)
    }

    /// Checks column lengths, offsets and timestamps.
    ///
    /// # Errors
    /// A message naming the symbol index and row when offsets are out of order or out of
    /// range, a column length differs, or timestamps do not strictly increase.
    pub fn validate(&self) -> Result<(), String> {
        self.bars.check_lengths()?;
        let n = self.bars.len();
        if self.offsets.first() != Some(&0) || self.offsets.last() != Some(&n) {
            return Err(format!(
                "offsets must start at 0 and end at the row count {n}"
            ));
        }
        for (i, w) in self.offsets.windows(2).enumerate() {
            if w[0] > w[1] {
                return Err(format!(
                    "offsets decrease at symbol {i}: {} > {}",
                    w[0], w[1]
                ));
            }
            let ts = &self.bars.ts[w[0]..w[1]];
            if let Some(j) = ts.windows(2).position(|p| p[1] <= p[0]) {
                return Err(format!(
                    "symbol {i} row {}: timestamp {} is not after the previous {}",
                    j + 1,
                    ts[j + 1],
                    ts[j]
                ));
            }
        }
        Ok(())
    }
}

/// Runs `strategy` over every symbol of `batch` on the current rayon pool.
///
/// Returns one result per symbol, in symbol order.
///
/// # Errors
/// See [`Batch::validate`] and [`ReplayConfig::validate`].
pub fn run_batch(
    strategy: &Strategy,
    batch: Batch,
    base: &ReplayConfig,
) -> Result<Vec<SymbolResult>, String> {
    batch.validate()?;
    let cfg = config_for(strategy, base);
    cfg.validate()?;
    Ok((0..batch.symbols())
        .into_par_iter()
        .map(|i| {
            let bars = batch.bars.slice(batch.offsets[i], batch.offsets[i + 1]);
            run_symbol(strategy, bars, &cfg)
        })
        .collect())
}
