//! Run settings of a replay: cash, costs, fill timing, sizing and risk exits.
//!
//! Serializable for live-engine checkpoints; every float here is finite once
//! [`ReplayConfig::validate`] passed, so plain serde_json numbers suffice.

use barstream_model::Error;
use serde::{Deserialize, Serialize};

/// When an order decided at bar t's close is filled.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub enum FillTiming {
    /// At bar t+1's open (default; no look-ahead).
    #[default]
    NextOpen,
    /// At bar t's own close (opt-in: assumes you can trade at the price that made the signal).
    SameClose,
}

/// What fills first when a bar's range holds both the stop and the target level.
///
/// OHLC bars do not say whether the high or the low came first, so the choice is a
/// policy; such bars are counted in [`crate::ReplayOutput::ambiguous_bars`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub enum AmbiguityPolicy {
    /// Assume the adverse move came first: the stop fills (default, conservative).
    #[default]
    StopFirst,
    /// Assume the favourable move came first: the target fills.
    TargetFirst,
}

/// What happens to a position still open after the last bar.
///
/// backtesting.py 0.6.6 `Backtest(..., finalize_trades=True)` is [`CloseAtEnd::LastOpen`]:
/// after its bar loop it calls `trade.close()` on every open trade and runs the broker once
/// more on the last bar's data, so the close fills as a market order at the last bar's
/// **Open** (spread and commission charged), `ExitBar` = the last bar, and `Equity Final`
/// is the cash after that fill. Its default (`finalize_trades=False`) is [`CloseAtEnd::None`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub enum CloseAtEnd {
    /// Left open (default): valued at the last close in the equity, reported apart as an
    /// `open` trade, in no trade statistic.
    #[default]
    None,
    /// Closed as a market order at the last bar's close (slippage and commission charged).
    LastClose,
    /// Closed as a market order at the last bar's open (slippage and commission charged),
    /// after the bar was replayed: backtesting.py's `finalize_trades=True`.
    LastOpen,
}

/// Commission charged on every fill (entry and exit are separate orders).
#[derive(Debug, Clone, Copy, PartialEq, Default, Serialize, Deserialize)]
pub struct Commission {
    /// Fraction of the fill's notional value (0.002 = 0.2%).
    pub fraction: f64,
    /// Fixed amount per order, in account currency.
    pub fixed: f64,
}

impl Commission {
    /// Commission in currency for a fill of `qty` units at `price`.
    #[inline]
    pub fn on(&self, qty: f64, price: f64) -> f64 {
        qty * price * self.fraction + self.fixed
    }
}

/// Position sizing rule applied when an entry fills.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub enum Sizing {
    /// Spend this fraction of current equity (0 < f <= 1), commission included.
    Fraction(f64),
    /// A fixed number of units.
    Quantity(f64),
    /// A fixed amount of cash (currency), commission included.
    Cash(f64),
    /// backtesting.py's default `buy()`: all available equity (1 - 2^-52), whole units,
    /// with the commission added to the per-unit price used for sizing (backtesting.py
    /// 0.6.6, `_Broker._process_orders`). See `tests/golden/backtesting_py/SEMANTICS.md`.
    BacktestingPy,
}

impl Default for Sizing {
    fn default() -> Self {
        Sizing::Fraction(1.0)
    }
}

/// Risk exits applied to every open position. All optional; fractions are of the
/// entry fill price (0.05 = 5%).
#[derive(Debug, Clone, Copy, PartialEq, Default, Serialize, Deserialize)]
pub struct RiskParams {
    /// Stop loss distance from the entry price, fraction.
    pub stop_loss: Option<f64>,
    /// Take profit distance from the entry price, fraction.
    pub take_profit: Option<f64>,
    /// Trailing stop distance from the best price (highest high for a long, lowest low
    /// for a short) reached on completed bars since entry, fraction.
    pub trailing_stop: Option<f64>,
    /// ATR stop: `multiple` x ATR(`period`) (Wilder, TA-Lib) at the signal bar, from the entry price.
    pub atr_stop: Option<(usize, f64)>,
    /// Time exit: close at the open of the bar `max_bars` bars after the entry bar.
    pub max_bars: Option<u32>,
}

impl RiskParams {
    /// True when no exit rule is set.
    pub fn is_empty(&self) -> bool {
        *self == RiskParams::default()
    }
}

/// Everything a replay needs besides bars and signals.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct ReplayConfig {
    /// Starting cash per symbol, account currency.
    pub initial_cash: f64,
    /// Commission per fill.
    pub commission: Commission,
    /// Slippage: market fills move against you by this fraction of price (0.0005 = 5 bp).
    /// Take-profit fills are limit fills at the level and get none.
    pub slippage: f64,
    /// When signal orders fill.
    pub fill: FillTiming,
    /// Stop vs target when both lie inside one bar.
    pub ambiguity: AmbiguityPolicy,
    /// Position sizing.
    pub sizing: Sizing,
    /// Round quantities down to whole units.
    pub whole_units: bool,
    /// Risk exits.
    pub risk: RiskParams,
    /// A position still open after the last bar: left open or closed, and at which price.
    /// (Default for checkpoints written before the option existed.)
    #[serde(default)]
    pub close_at_end: CloseAtEnd,
}

impl Default for ReplayConfig {
    fn default() -> Self {
        ReplayConfig {
            initial_cash: 10_000.0,
            commission: Commission::default(),
            slippage: 0.0,
            fill: FillTiming::NextOpen,
            ambiguity: AmbiguityPolicy::StopFirst,
            sizing: Sizing::default(),
            whole_units: false,
            risk: RiskParams::default(),
            close_at_end: CloseAtEnd::None,
        }
    }
}

impl ReplayConfig {
    /// Checks ranges of every field. Cash, commission and slippage follow the settings
    /// table ([`crate::config_schema::BACKTEST_SETTINGS`]), so the message names the CLI
    /// flag and its range: `--commission: expected a fraction in [0, 0.5), ..., got 0.5`.
    ///
    /// # Errors
    /// [`Error::InvalidConfig`] naming the field (or flag) and the expected range.
    pub fn validate(&self) -> Result<(), Error> {
        use crate::config_schema::setting;
        setting("cash").check_number(self.initial_cash)?;
        setting("commission").check_number(self.commission.fraction)?;
        setting("commissionFixed").check_number(self.commission.fixed)?;
        setting("slippage").check_number(self.slippage)?;
        match self.sizing {
            Sizing::Fraction(f) if !(f > 0.0 && f <= 1.0) => {
                return Err(Error::config(
                    "sizing fraction",
                    format!("must be in (0, 1], got {f}"),
                ))
            }
            Sizing::Quantity(q) | Sizing::Cash(q) if !(q.is_finite() && q > 0.0) => {
                return Err(Error::config(
                    "sizing value",
                    format!("must be a positive number, got {q}"),
                ))
            }
            _ => {}
        }
        let r = &self.risk;
        for (name, v) in [
            ("stop_loss", r.stop_loss),
            ("trailing_stop", r.trailing_stop),
        ] {
            if let Some(v) = v {
                if !(v.is_finite() && v > 0.0 && v < 1.0) {
                    return Err(Error::config(
                        format!("risk.{name}"),
                        format!("must be a fraction in (0, 1), got {v}"),
                    ));
                }
            }
        }
        // Any size for a long's target; the spec refuses >= 1 when the strategy goes
        // short (`RiskSpec::validate_sides`), where the target would be <= 0.
        if let Some(v) = r.take_profit {
            if !(v.is_finite() && v > 0.0) {
                return Err(Error::config(
                    "risk.take_profit",
                    format!("must be a number > 0, got {v}"),
                ));
            }
        }
        if let Some((p, m)) = r.atr_stop {
            if p == 0 || !(m.is_finite() && m > 0.0) {
                return Err(Error::config(
                    "risk.atr_stop",
                    format!("needs period > 0 and multiple > 0, got period {p}, multiple {m}"),
                ));
            }
        }
        if r.max_bars == Some(0) {
            return Err(Error::config("risk.max_bars", "must be at least 1"));
        }
        Ok(())
    }
}
