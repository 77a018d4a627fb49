//! Statistics as a typed JS object (`BindingStats`, one field per statistic, keys as the
//! stats crate serialises them) and the statistics schema (`statsSchema()`).

use barstream_stats::schema::{Better, StatFormat, StatUnit, STATS};
use barstream_stats::Stats;
use napi_derive::napi;

/// Every statistic of a run (`barstream_stats::Stats` with its trade statistics
/// flattened), keys snake_case exactly as the stats crate serialises them and as
/// `statsSchema()` names them. Fractions, not percent; currency in the account currency.
/// A value that is undefined for the run (NaN, or not finite) is `null`, and its key is
/// always present. Counts are plain numbers.
#[napi(object, use_nullable = true)]
#[derive(Debug, Clone, PartialEq)]
pub struct BindingStats {
    /// Bars (count): Number of bars in the run. Whole number.
    #[napi(js_name = "n_bars")]
    pub n_bars: f64,
    /// Years (years): Years from the first to the last bar (365.25-day years). Null when undefined.
    #[napi(js_name = "years")]
    pub years: Option<f64>,
    /// Bars per year (bars per year): Observed bars per year, (n - 1) / years: the annualisation scale; null for fewer than 2 bars. Null when undefined.
    #[napi(js_name = "periods_per_year")]
    pub periods_per_year: Option<f64>,
    /// Final equity (currency): Equity after the last bar. Null when undefined.
    #[napi(js_name = "equity_final")]
    pub equity_final: Option<f64>,
    /// Peak equity (currency): Highest equity reached. Null when undefined.
    #[napi(js_name = "equity_peak")]
    pub equity_peak: Option<f64>,
    /// Total return (fraction): (final equity - initial cash) / initial cash. Null when undefined.
    #[napi(js_name = "total_return")]
    pub total_return: Option<f64>,
    /// CAGR (fraction): Compound annual growth rate over the run's years; null when the span is 0. Null when undefined.
    #[napi(js_name = "cagr")]
    pub cagr: Option<f64>,
    /// Volatility (ann.) (fraction): Annualised sample standard deviation of per-bar returns; null for fewer than 3 bars. Null when undefined.
    #[napi(js_name = "volatility")]
    pub volatility: Option<f64>,
    /// Sharpe (ratio): Annualised Sharpe ratio of per-bar returns, risk-free rate 0; null for a flat curve. Null when undefined.
    #[napi(js_name = "sharpe")]
    pub sharpe: Option<f64>,
    /// Sortino (ratio): Annualised Sortino ratio, target 0; null without a losing bar. Null when undefined.
    #[napi(js_name = "sortino")]
    pub sortino: Option<f64>,
    /// Calmar (ratio): CAGR / max drawdown over the whole run; null without drawdown. Null when undefined.
    #[napi(js_name = "calmar")]
    pub calmar: Option<f64>,
    /// Max drawdown (fraction): Deepest fall from a running peak, a positive fraction of the peak. Null when undefined.
    #[napi(js_name = "max_drawdown")]
    pub max_drawdown: Option<f64>,
    /// Max drawdown duration (ns): Longest time from a peak to its recovery (or to the last bar), UTC ns; 0 without drawdown. UTC ns as a JS number (exact below 2^53 ns, about 104 days; today's JSON output has the same precision).
    #[napi(js_name = "max_drawdown_duration_ns")]
    pub max_drawdown_duration_ns: f64,
    /// Max drawdown duration (bars) (bars): The longest drawdown episode in bars. Whole number.
    #[napi(js_name = "max_drawdown_duration_bars")]
    pub max_drawdown_duration_bars: f64,
    /// Exposure (fraction): Fraction of bars with an open position; null for a universe (calendars differ). Null when undefined.
    #[napi(js_name = "exposure")]
    pub exposure: Option<f64>,
    /// Buy & hold return (fraction): Return of holding from the first close to the last: (close[n-1] - close[0]) / close[0]. Null when undefined.
    #[napi(js_name = "buy_and_hold_return")]
    pub buy_and_hold_return: Option<f64>,
    /// Trades (count): Number of closed trades. Whole number.
    #[napi(js_name = "n_trades")]
    pub n_trades: f64,
    /// Win rate (fraction): Fraction of trades with P&L > 0; null without trades. Null when undefined.
    #[napi(js_name = "win_rate")]
    pub win_rate: Option<f64>,
    /// Profit factor (ratio): Gross profit / gross loss in currency; null without a losing trade. Null when undefined.
    #[napi(js_name = "profit_factor")]
    pub profit_factor: Option<f64>,
    /// Profit factor (returns) (ratio): Sum of winning trade returns / |sum of losing ones| (backtesting.py's); null without a losing trade. Null when undefined.
    #[napi(js_name = "profit_factor_returns")]
    pub profit_factor_returns: Option<f64>,
    /// Expectancy (per trade) (fraction): Mean trade return, a fraction of the entry notional; null without trades. Null when undefined.
    #[napi(js_name = "expectancy")]
    pub expectancy: Option<f64>,
    /// Average trade P&L (currency): Mean trade P&L, currency per trade; null without trades. Null when undefined.
    #[napi(js_name = "avg_trade_pnl")]
    pub avg_trade_pnl: Option<f64>,
    /// Average trade return (geometric) (fraction): exp(mean(ln(1 + r))) - 1 over trade returns; null without trades or after a total loss. Null when undefined.
    #[napi(js_name = "avg_trade_return")]
    pub avg_trade_return: Option<f64>,
    /// Best trade (fraction): Largest trade return; null without trades. Null when undefined.
    #[napi(js_name = "best_trade")]
    pub best_trade: Option<f64>,
    /// Worst trade (fraction): Smallest trade return; null without trades. Null when undefined.
    #[napi(js_name = "worst_trade")]
    pub worst_trade: Option<f64>,
    /// Average bars held (bars): Mean exit bar - entry bar; null without trades and for a universe. Null when undefined.
    #[napi(js_name = "avg_bars_held")]
    pub avg_bars_held: Option<f64>,
    /// SQN (ratio): System Quality Number: sqrt(N) * mean(P&L) / sample std(P&L); null for fewer than 2 trades. Null when undefined.
    #[napi(js_name = "sqn")]
    pub sqn: Option<f64>,
    /// Kelly (fraction): Kelly fraction W - (1 - W) / (mean win / |mean loss|); null without a win and a loss. Null when undefined.
    #[napi(js_name = "kelly")]
    pub kelly: Option<f64>,
}

fn finite(x: f64) -> Option<f64> {
    x.is_finite().then_some(x)
}

impl From<&Stats> for BindingStats {
    fn from(s: &Stats) -> Self {
        BindingStats {
            n_bars: s.n_bars as f64,
            years: finite(s.years),
            periods_per_year: finite(s.periods_per_year),
            equity_final: finite(s.equity_final),
            equity_peak: finite(s.equity_peak),
            total_return: finite(s.total_return),
            cagr: finite(s.cagr),
            volatility: finite(s.volatility),
            sharpe: finite(s.sharpe),
            sortino: finite(s.sortino),
            calmar: finite(s.calmar),
            max_drawdown: finite(s.max_drawdown),
            max_drawdown_duration_ns: s.max_drawdown_duration_ns as f64,
            max_drawdown_duration_bars: s.max_drawdown_duration_bars as f64,
            exposure: finite(s.exposure),
            buy_and_hold_return: finite(s.buy_and_hold_return),
            n_trades: s.trades.n_trades as f64,
            win_rate: finite(s.trades.win_rate),
            profit_factor: finite(s.trades.profit_factor),
            profit_factor_returns: finite(s.trades.profit_factor_returns),
            expectancy: finite(s.trades.expectancy),
            avg_trade_pnl: finite(s.trades.avg_trade_pnl),
            avg_trade_return: finite(s.trades.avg_trade_return),
            best_trade: finite(s.trades.best_trade),
            worst_trade: finite(s.trades.worst_trade),
            avg_bars_held: finite(s.trades.avg_bars_held),
            sqn: finite(s.trades.sqn),
            kelly: finite(s.trades.kelly),
        }
    }
}

/// Mirrors `barstream_stats::schema::StatUnit`: what a statistic's number measures.
#[napi(string_enum = "snake_case")]
pub enum BindingStatUnit {
    /// A fraction (0.05 = 5 %).
    Fraction,
    /// Account currency.
    Currency,
    /// A dimensionless ratio.
    Ratio,
    /// A count.
    Count,
    /// A number of bars.
    Bars,
    /// Nanoseconds.
    Ns,
    /// 365.25-day years.
    Years,
    /// Bars per year.
    PerYear,
}

impl From<StatUnit> for BindingStatUnit {
    fn from(u: StatUnit) -> Self {
        match u {
            StatUnit::Fraction => Self::Fraction,
            StatUnit::Currency => Self::Currency,
            StatUnit::Ratio => Self::Ratio,
            StatUnit::Count => Self::Count,
            StatUnit::Bars => Self::Bars,
            StatUnit::Ns => Self::Ns,
            StatUnit::Years => Self::Years,
            StatUnit::PerYear => Self::PerYear,
        }
    }
}

/// Mirrors `barstream_stats::schema::Better`: which direction of a statistic is better.
#[napi(string_enum = "snake_case")]
pub enum BindingBetter {
    /// Larger is better.
    Higher,
    /// Smaller is better.
    Lower,
    /// Neither (a property of the data or the run).
    None,
}

impl From<Better> for BindingBetter {
    fn from(b: Better) -> Self {
        match b {
            Better::Higher => Self::Higher,
            Better::Lower => Self::Lower,
            Better::None => Self::None,
        }
    }
}

/// Mirrors `barstream_stats::schema::StatFormat`: how a report shows the value.
#[napi(string_enum = "snake_case")]
pub enum BindingStatFormat {
    /// Currency, two decimals.
    Money,
    /// A fraction shown as percent.
    Percent,
    /// A plain number.
    Number,
    /// Nanoseconds shown as a duration.
    Duration,
    /// A whole number.
    Integer,
}

impl From<StatFormat> for BindingStatFormat {
    fn from(f: StatFormat) -> Self {
        match f {
            StatFormat::Money => Self::Money,
            StatFormat::Percent => Self::Percent,
            StatFormat::Number => Self::Number,
            StatFormat::Duration => Self::Duration,
            StatFormat::Integer => Self::Integer,
        }
    }
}

/// One statistic's definition (mirrors `barstream_stats::schema::StatDef`).
#[napi(object)]
pub struct BindingStatDef {
    /// Key in `BindingStats` (snake_case), e.g. `max_drawdown`.
    pub name: String,
    /// Human label, e.g. "Max drawdown".
    pub label: String,
    /// What the number measures.
    pub unit: BindingStatUnit,
    /// Which direction is better (ranking, colouring).
    pub better: BindingBetter,
    /// How reports show it.
    pub format: BindingStatFormat,
    /// One-line meaning.
    pub description: String,
}

/// Every statistic's definition, in the order `BindingStats` lists them: name (its key),
/// label, unit, better direction, display format, description.
#[napi(catch_unwind)]
pub fn stats_schema() -> Vec<BindingStatDef> {
    STATS
        .iter()
        .map(|d| BindingStatDef {
            name: d.name.to_string(),
            label: d.label.to_string(),
            unit: d.unit.into(),
            better: d.better.into(),
            format: d.format.into(),
            description: d.description.to_string(),
        })
        .collect()
}
