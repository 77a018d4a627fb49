//! The live engine's history, moved out of the engine so that its state stays bounded.
//!
//! Per symbol the engine keeps, for the final report, every bar's time, close and equity
//! and every closed trade. Nothing it decides reads them, so [`super::LiveEngine::take_history`]
//! moves what accumulated since the last call into one chunk (one JSON line, appended by the
//! caller to a log), and [`super::LiveEngine::restore_history`] puts the chunks of that log
//! back, in order, before the report is built.
//!
//! Chunk layout: `{"format":"barstream-live-history","version":1,"symbols":[{"id":0,
//! "symbol":"GOOG","from":1200,"ts":[..],"close":[..],"equity":[..],"trades":[..]}]}`;
//! `from` is the symbol's bar index of `ts[0]` (bars count from 0 per symbol), so a missing,
//! repeated or reordered chunk is refused instead of shifting the curves. Floats read back
//! bit for bit (`barstream_model::serde_f64`).

use barstream_model::Trade;
use serde::{Deserialize, Serialize};

/// `format` of a history chunk.
pub const HISTORY_FORMAT: &str = "barstream-live-history";

/// Version of the chunk layout this build reads and writes.
pub const HISTORY_VERSION: u32 = 1;

/// One symbol's part of a chunk: bars `from .. from + ts.len()` and the trades that closed
/// on them.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct SymbolHistory {
    /// Symbol id in the engine's universe.
    pub id: u32,
    /// Symbol name (checked against the id on restore).
    pub symbol: String,
    /// Bar index (per symbol, from 0) of `ts[0]`.
    pub from: usize,
    /// Bar open times, UTC ns.
    pub ts: Vec<i64>,
    /// Bar closes, price.
    #[serde(with = "barstream_model::serde_f64::vec")]
    pub close: Vec<f64>,
    /// Equity after each bar, currency.
    #[serde(with = "barstream_model::serde_f64::vec")]
    pub equity: Vec<f64>,
    /// Trades closed on these bars, in exit order.
    pub trades: Vec<Trade>,
}

impl SymbolHistory {
    /// Appends `next` (which must continue this one) and checks its columns.
    ///
    /// # Errors
    /// Columns of different lengths, or bar times not strictly after the ones held.
    pub fn append(&mut self, mut next: SymbolHistory) -> Result<(), String> {
        let n = next.ts.len();
        if next.close.len() != n || next.equity.len() != n {
            return Err(format!(
                "bars {} to {}: {n} times, {} closes, {} equity values",
                next.from,
                next.from + n,
                next.close.len(),
                next.equity.len()
            ));
        }
        let prev = self.ts.last().copied().unwrap_or(i64::MIN);
        if next.ts.first().is_some_and(|&t| t <= prev) || next.ts.windows(2).any(|w| w[0] >= w[1]) {
            return Err(format!(
                "bars {} to {}: bar times are not strictly increasing",
                next.from,
                next.from + n
            ));
        }
        self.ts.append(&mut next.ts);
        self.close.append(&mut next.close);
        self.equity.append(&mut next.equity);
        self.trades.append(&mut next.trades);
        Ok(())
    }
}

/// One chunk (one line of the history log).
#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct Chunk {
    pub format: String,
    pub version: u32,
    pub symbols: Vec<SymbolHistory>,
}
