//! The open position of a replay and its cash accounting.

use serde::{Deserialize, Serialize};

use crate::risk::RiskLevels;
use barstream_model::{ExitReason, Side, Trade};

/// A position between its entry fill and its exit fill.
#[derive(Debug, Clone, Copy, Serialize, Deserialize)]
pub struct Position {
    /// Long or short.
    pub side: Side,
    /// Units held (> 0).
    #[serde(with = "barstream_model::serde_f64")]
    pub qty: f64,
    /// Entry fill price (slippage included).
    #[serde(with = "barstream_model::serde_f64")]
    pub entry_price: f64,
    /// Bar index of the entry fill.
    pub entry_bar: usize,
    /// Commission paid at entry, currency.
    #[serde(with = "barstream_model::serde_f64")]
    pub entry_commission: f64,
    /// Best price on completed bars (highest high long / lowest low short), from the entry price.
    #[serde(with = "barstream_model::serde_f64")]
    pub best: f64,
    /// Worst price on completed bars (lowest low long / highest high short), from the entry price.
    #[serde(with = "barstream_model::serde_f64")]
    pub worst: f64,
    /// Exit levels fixed at entry.
    pub levels: RiskLevels,
}

impl Position {
    /// Signed units: +qty long, -qty short.
    #[inline]
    pub fn signed_qty(&self) -> f64 {
        self.side.sign() * self.qty
    }

    /// Extends best/worst with a bar's range the position was held through.
    #[inline]
    pub fn observe(&mut self, high: f64, low: f64) {
        match self.side {
            Side::Long => {
                self.best = self.best.max(high);
                self.worst = self.worst.min(low);
            }
            Side::Short => {
                self.best = self.best.min(low);
                self.worst = self.worst.max(high);
            }
        }
    }

    /// The closed trade for an exit at `price` on `bar`, paying `exit_commission`.
    pub fn close(
        mut self,
        bar: usize,
        price: f64,
        exit_commission: f64,
        reason: ExitReason,
    ) -> Trade {
        // The exit price itself was reached while the position was open.
        self.observe(price, price);
        let sign = self.side.sign();
        let commission = self.entry_commission + exit_commission;
        let pnl = sign * self.qty * (price - self.entry_price) - commission;
        Trade {
            side: self.side,
            qty: self.qty,
            entry_bar: self.entry_bar,
            exit_bar: bar,
            entry_price: self.entry_price,
            exit_price: price,
            commission,
            pnl,
            return_frac: pnl / (self.qty * self.entry_price),
            exit_reason: reason,
            mfe: sign * (self.best / self.entry_price - 1.0),
            mae: sign * (self.worst / self.entry_price - 1.0),
        }
    }
}
