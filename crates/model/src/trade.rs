//! One round trip (closed, or still open at the end and valued there) and why it closed.

use serde::{Deserialize, Serialize};

/// Direction of a position.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Side {
    /// Bought first, sold to close.
    Long,
    /// Sold first, bought to close.
    Short,
}

impl Side {
    /// +1.0 for long, -1.0 for short: multiplies a price change into P&L per unit.
    #[inline]
    pub fn sign(self) -> f64 {
        match self {
            Side::Long => 1.0,
            Side::Short => -1.0,
        }
    }

    /// +1 long, -1 short (the wire form of a side in results and events).
    #[inline]
    pub fn code(self) -> i8 {
        match self {
            Side::Long => 1,
            Side::Short => -1,
        }
    }
}

/// Why a trade was closed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ExitReason {
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
    /// Closed after the last bar by the explicit close-at-end option (`--close-at-end
    /// last_open | last_close`): a market order at that bar's open or close.
    EndOfData,
    /// Not closed: the position still open after the last bar, valued at the last close
    /// (no exit commission). Listed apart from the closed trades and in no trade statistic.
    Open,
}

impl ExitReason {
    /// All reasons, in a fixed order (for reports and counts).
    pub const ALL: [ExitReason; 9] = [
        ExitReason::Signal,
        ExitReason::Reverse,
        ExitReason::StopLoss,
        ExitReason::TakeProfit,
        ExitReason::TrailingStop,
        ExitReason::AtrStop,
        ExitReason::TimeExit,
        ExitReason::EndOfData,
        ExitReason::Open,
    ];

    /// Stable code: the index in [`ExitReason::ALL`] (the wire form in results and events).
    #[inline]
    pub fn code(self) -> u8 {
        self as u8
    }

    /// Stable snake_case name.
    pub fn as_str(self) -> &'static str {
        match self {
            ExitReason::Signal => "signal",
            ExitReason::Reverse => "reverse",
            ExitReason::StopLoss => "stop_loss",
            ExitReason::TakeProfit => "take_profit",
            ExitReason::TrailingStop => "trailing_stop",
            ExitReason::AtrStop => "atr_stop",
            ExitReason::TimeExit => "time_exit",
            ExitReason::EndOfData => "end_of_data",
            ExitReason::Open => "open",
        }
    }
}

/// One round trip: entry fill to exit fill.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Trade {
    /// Long or short.
    pub side: Side,
    /// Units held (always > 0).
    #[serde(with = "crate::serde_f64")]
    pub qty: f64,
    /// Bar index of the entry fill (0-based within the symbol).
    pub entry_bar: usize,
    /// Bar index of the exit fill.
    pub exit_bar: usize,
    /// Entry fill price, slippage included.
    #[serde(with = "crate::serde_f64")]
    pub entry_price: f64,
    /// Exit fill price, slippage included.
    #[serde(with = "crate::serde_f64")]
    pub exit_price: f64,
    /// Commission paid on entry and exit, currency.
    #[serde(with = "crate::serde_f64")]
    pub commission: f64,
    /// Net P&L after commission, currency: `sign * qty * (exit - entry) - commission`.
    #[serde(with = "crate::serde_f64")]
    pub pnl: f64,
    /// P&L as a fraction of the entry notional `qty * entry_price`.
    #[serde(with = "crate::serde_f64")]
    pub return_frac: f64,
    /// Why it closed.
    pub exit_reason: ExitReason,
    /// Maximum favourable excursion: best price reached while open, as a fraction of
    /// the entry price in the trade's favour (>= 0).
    #[serde(with = "crate::serde_f64")]
    pub mfe: f64,
    /// Maximum adverse excursion: worst price reached while open, as a fraction of the
    /// entry price against the trade (<= 0).
    #[serde(with = "crate::serde_f64")]
    pub mae: f64,
}

impl Trade {
    /// Bars between entry and exit fills (`exit_bar - entry_bar`).
    pub fn bars_held(&self) -> usize {
        self.exit_bar - self.entry_bar
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn exit_reason_code_is_its_index_in_all() {
        for (i, r) in ExitReason::ALL.iter().enumerate() {
            assert_eq!(r.code() as usize, i, "{}", r.as_str());
        }
    }
}
