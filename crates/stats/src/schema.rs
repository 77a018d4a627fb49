//! The one list of statistics: for every key [`crate::Stats`] serialises (its own fields and
//! the flattened [`crate::TradeStats`]), its label, unit, which direction is better, how a
//! report shows it and what it means. Reports, sweeps (ranking direction) and the HTML page
//! read this list instead of keeping their own.
//!
//! Labels and display formats follow the terminal report's table (`src/report/format.ts`),
//! directions the sweep's ranking (`src/sweep/metrics.ts`); keys never listed there get
//! `Better::None` when a bigger value is not better or worse by itself (bar count, span,
//! buy-and-hold of the data, average holding time).

use serde::Serialize;

/// What a statistic's number measures.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum StatUnit {
    /// A fraction (0.05 = 5 %), never percent.
    Fraction,
    /// Account currency.
    Currency,
    /// A dimensionless ratio (Sharpe, profit factor, ...).
    Ratio,
    /// A count of things (bars, trades).
    Count,
    /// A number of bars.
    Bars,
    /// A time span in nanoseconds (i64).
    Ns,
    /// A time span in 365.25-day years.
    Years,
    /// Bars per year.
    PerYear,
}

/// Which direction of a statistic is better (for ranking and colouring).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Better {
    /// Larger is better.
    Higher,
    /// Smaller is better (risk and drawdown measures).
    Lower,
    /// Neither: a property of the data or the run, not a goal.
    None,
}

/// How a report shows a statistic's value.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum StatFormat {
    /// Currency with two decimals.
    Money,
    /// A fraction shown as percent.
    Percent,
    /// A plain number.
    Number,
    /// Nanoseconds shown as a duration (days, hours).
    Duration,
    /// A whole number.
    Integer,
}

/// One statistic's definition.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct StatDef {
    /// The snake_case key in the serialised [`crate::Stats`].
    pub name: &'static str,
    /// Human label, e.g. "Max drawdown".
    pub label: &'static str,
    /// What the number measures.
    pub unit: StatUnit,
    /// Which direction is better.
    pub better: Better,
    /// How reports show it.
    pub format: StatFormat,
    /// One-line meaning (NaN/null cases included where they matter).
    pub description: &'static str,
}

const fn def(
    name: &'static str,
    label: &'static str,
    unit: StatUnit,
    better: Better,
    format: StatFormat,
    description: &'static str,
) -> StatDef {
    StatDef {
        name,
        label,
        unit,
        better,
        format,
        description,
    }
}

use Better::{Higher, Lower, None as Neither};
use StatFormat::{Duration, Integer, Money, Number, Percent};
use StatUnit::{Bars, Count, Currency, Fraction, Ns, PerYear, Ratio, Years};

/// Every statistic, in the order [`crate::Stats`] serialises them.
pub const STATS: &[StatDef] = &[
    def("n_bars", "Bars", Count, Neither, Integer, "Number of bars in the run."),
    def("years", "Years", Years, Neither, Number, "Years from the first to the last bar (365.25-day years)."),
    def("periods_per_year", "Bars per year", PerYear, Neither, Number, "Observed bars per year, (n - 1) / years: the annualisation scale; null for fewer than 2 bars."),
    def("equity_final", "Final equity", Currency, Higher, Money, "Equity after the last bar."),
    def("equity_peak", "Peak equity", Currency, Higher, Money, "Highest equity reached."),
    def("total_return", "Total return", Fraction, Higher, Percent, "(final equity - initial cash) / initial cash."),
    def("cagr", "CAGR", Fraction, Higher, Percent, "Compound annual growth rate over the run's years; null when the span is 0."),
    def("volatility", "Volatility (ann.)", Fraction, Lower, Percent, "Annualised sample standard deviation of per-bar returns; null for fewer than 3 bars."),
    def("sharpe", "Sharpe", Ratio, Higher, Number, "Annualised Sharpe ratio of per-bar returns, risk-free rate 0; null for a flat curve."),
    def("sortino", "Sortino", Ratio, Higher, Number, "Annualised Sortino ratio, target 0; null without a losing bar."),
    def("calmar", "Calmar", Ratio, Higher, Number, "CAGR / max drawdown over the whole run; null without drawdown."),
    def("max_drawdown", "Max drawdown", Fraction, Lower, Percent, "Deepest fall from a running peak, a positive fraction of the peak."),
    def("max_drawdown_duration_ns", "Max drawdown duration", Ns, Lower, Duration, "Longest time from a peak to its recovery (or to the last bar), UTC ns; 0 without drawdown."),
    def("max_drawdown_duration_bars", "Max drawdown duration (bars)", Bars, Lower, Integer, "The longest drawdown episode in bars."),
    def("exposure", "Exposure", Fraction, Higher, Percent, "Fraction of bars covered by a closed trade, entry to exit bar inclusive (backtesting.py's Exposure Time); null for a universe (calendars differ)."),
    def("buy_and_hold_return", "Buy & hold return", Fraction, Neither, Percent, "Return of holding from the first close to the last: (close[n-1] - close[0]) / close[0]."),
    def("n_trades", "Trades", Count, Higher, Integer, "Number of closed trades."),
    def("win_rate", "Win rate", Fraction, Higher, Percent, "Fraction of trades with P&L > 0; null without trades."),
    def("profit_factor", "Profit factor", Ratio, Higher, Number, "Gross profit / gross loss in currency; null without a losing trade."),
    def("profit_factor_returns", "Profit factor (returns)", Ratio, Higher, Number, "Sum of winning trade returns / |sum of losing ones| (backtesting.py's); null without a losing trade."),
    def("expectancy", "Expectancy (per trade)", Fraction, Higher, Percent, "Mean trade return, a fraction of the entry notional; null without trades."),
    def("avg_trade_pnl", "Average trade P&L", Currency, Higher, Money, "Mean trade P&L, currency per trade; null without trades."),
    def("avg_trade_return", "Average trade return (geometric)", Fraction, Higher, Percent, "exp(mean(ln(1 + r))) - 1 over trade returns; null without trades or after a total loss."),
    def("best_trade", "Best trade", Fraction, Higher, Percent, "Largest trade return; null without trades."),
    def("worst_trade", "Worst trade", Fraction, Higher, Percent, "Smallest trade return; null without trades."),
    def("avg_bars_held", "Average bars held", Bars, Neither, Number, "Mean exit bar - entry bar; null without trades and for a universe."),
    def("sqn", "SQN", Ratio, Higher, Number, "System Quality Number: sqrt(N) * mean(P&L) / sample std(P&L); null for fewer than 2 trades."),
    def("kelly", "Kelly", Fraction, Higher, Number, "Kelly fraction W - (1 - W) / (mean win / |mean loss|); null without a win and a loss."),
];

/// The definition of statistic `name` (a snake_case key), if there is one.
pub fn stat_def(name: &str) -> Option<&'static StatDef> {
    STATS.iter().find(|d| d.name == name)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{compute, StatsInput};

    #[test]
    fn schema_lists_exactly_the_keys_stats_serialises() {
        let stats = compute(&StatsInput {
            ts: &[0, 86_400_000_000_000],
            equity: &[100.0, 110.0],
            close: &[1.0, 1.1],
            initial_cash: 100.0,
            trades: &[],
            bars_in_market: 0,
        });
        let json = serde_json::to_value(stats).unwrap();
        let keys: Vec<&str> = json
            .as_object()
            .unwrap()
            .keys()
            .map(String::as_str)
            .collect();
        let names: Vec<&str> = STATS.iter().map(|d| d.name).collect();
        let (mut a, mut b) = (keys.clone(), names.clone());
        a.sort_unstable();
        b.sort_unstable();
        assert_eq!(a, b, "schema keys differ from Stats' serialised keys");
        assert_eq!(names.len(), keys.len(), "a key is listed twice");
    }

    #[test]
    fn stat_def_finds_a_listed_key_and_refuses_an_unknown_one() {
        assert_eq!(stat_def("max_drawdown").unwrap().better, Better::Lower);
        assert_eq!(stat_def("sharpe").unwrap().label, "Sharpe");
        assert!(stat_def("nope").is_none());
    }
}
