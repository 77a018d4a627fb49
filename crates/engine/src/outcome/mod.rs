//! The run result: everything a backtest produces over a universe, gathered batch by
//! batch and computed once: per-symbol outcomes, every trade and every curve as columns,
//! and the universe's statistics and curves.
//!
//! - [`columns`]: trades and per-symbol curves as columns ([`TradeColumns`],
//!   [`CurveColumns`]).
//! - [`part`]: one batch's share of a run ([`RunPart`]), from a full replay
//!   ([`crate::run_batch`]), a focused replay ([`crate::focus::focused_batch`], whose
//!   compact equity is rebuilt to every bar) or the live engine's final report.
//! - [`builder`]: [`RunBuilder`] gathers parts in the order their slots were reserved
//!   and finishes the [`RunResult`] (universe statistics and curves).
//!
//! Units: times are UTC ns (i64), prices and currency are f64, returns are fractions.
//! The universe statistics are [`crate::universe::universe_stats`]' (the same code, on
//! the same curves and the trades in batch order), so they equal it bit for bit.

pub mod builder;
pub mod columns;
pub mod part;

pub use builder::RunBuilder;
pub use columns::{ChartColumns, CurveColumns, OhlcColumns, TradeColumns};
pub use part::RunPart;

use barstream_stats::Stats;

use crate::universe::UniverseCurves;

/// One symbol's outcome (its trades and curve are rows of the run's columns).
#[derive(Debug, Clone, PartialEq)]
pub struct SymbolOutcome {
    /// Symbol name.
    pub symbol: String,
    /// Bars replayed.
    pub bars: usize,
    /// Open time of the first bar, UTC ns; `None` without bars.
    pub first_ts: Option<i64>,
    /// Open time of the last bar, UTC ns; `None` without bars.
    pub last_ts: Option<i64>,
    /// Closed trades (the last is `end_of_data` when the close-at-end option closed it);
    /// every trade statistic is over these.
    pub trades: usize,
    /// Positions still open after the last bar (0 or 1), in no statistic.
    pub open_trades: usize,
    /// Bars whose range held both stop and target (resolved by the ambiguity policy).
    pub ambiguous_bars: usize,
    /// Entries dropped because sizing gave zero units.
    pub rejected_orders: usize,
    /// Performance statistics of this symbol alone.
    pub stats: Stats,
}

/// The universe as a whole: every symbol trades its own starting cash; curves are summed
/// on the union of the symbols' bar times (see [`crate::universe`]).
#[derive(Debug, Clone, PartialEq)]
pub struct UniverseOutcome {
    /// [`crate::universe::universe_stats`] over every symbol and trade.
    pub stats: Stats,
    /// Closed trades of all symbols.
    pub trades: usize,
    /// Positions still open after the last bar, all symbols.
    pub open_trades: usize,
    /// Ambiguous bars of all symbols.
    pub ambiguous_bars: usize,
    /// Rejected orders of all symbols.
    pub rejected_orders: usize,
    /// Starting cash of the universe: cash per symbol x symbols, currency.
    pub initial_cash: f64,
    /// Union of the bar times, summed equity and summed buy-and-hold.
    pub curves: UniverseCurves,
    /// Drawdown of the summed equity per point: `equity / running peak - 1`, a fraction
    /// <= 0 (0 at a new peak), len = `curves.ts.len()`. See [`drawdown_curve`].
    pub drawdown: Vec<f64>,
}

/// Everything a run produces, computed once.
#[derive(Debug, Clone, PartialEq)]
pub struct RunResult {
    /// Starting cash per symbol, currency.
    pub initial_cash: f64,
    /// One outcome per symbol, in the order the batches were pushed.
    pub symbols: Vec<SymbolOutcome>,
    /// Every closed trade, symbol after symbol.
    pub trades: TradeColumns,
    /// Every position still open after its symbol's last bar, valued at that bar's close
    /// (exit reason `open`), symbol after symbol; in no statistic.
    pub open_trades: TradeColumns,
    /// Every symbol's curve, symbol after symbol (`curves.offsets`).
    pub curves: CurveColumns,
    /// The universe's statistics and curves.
    pub universe: UniverseOutcome,
}

/// Drawdown per point of `equity`: `equity[i] / max(equity[..=i]) - 1`, a fraction <= 0.
///
/// The HTML report's definition (`src/report/html/series.ts`, `drawdown`): the running
/// peak starts at -infinity and takes a value only when it is greater, so a NaN value
/// gives NaN at its point and leaves the peak unchanged.
pub fn drawdown_curve(equity: &[f64]) -> Vec<f64> {
    let mut peak = f64::NEG_INFINITY;
    equity
        .iter()
        .map(|&e| {
            if e > peak {
                peak = e;
            }
            e / peak - 1.0
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn drawdown_curve_is_the_fall_from_the_running_peak() {
        let dd = drawdown_curve(&[100.0, 110.0, 99.0, 121.0, 110.0]);
        assert_eq!(dd[0], 0.0);
        assert_eq!(dd[1], 0.0);
        assert_eq!(dd[2], 99.0 / 110.0 - 1.0);
        assert_eq!(dd[3], 0.0);
        assert_eq!(dd[4], 110.0 / 121.0 - 1.0);
        assert!(drawdown_curve(&[]).is_empty());
    }
}
