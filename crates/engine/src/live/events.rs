//! The live engine's decisions, columnar: what one push caused, in causal order.

use crate::replay::events::{Event, EventSink};

/// Events of one push, one column per field, all len e, in causal order (row order of
/// the burst, then the order of the replay step within each bar). Field meanings per
/// kind: [`Event`].
#[derive(Debug, Clone, Default, PartialEq)]
pub struct LiveEvents {
    /// [`crate::EventKind`] code (names: [`crate::EventKind::NAMES`]).
    pub kind: Vec<u8>,
    /// Symbol id (index in the engine's universe).
    pub symbol: Vec<u32>,
    /// Open time of the bar in which the event happened, UTC ns.
    pub ts: Vec<i64>,
    /// See [`Event`]: +1 long / buy, -1 short / sell, 0 flat / exit order.
    pub side: Vec<i8>,
    /// Price, quote currency; NaN if none.
    pub price: Vec<f64>,
    /// Units; NaN if none.
    pub qty: Vec<f64>,
    /// Net P&L of a closed trade, currency; NaN otherwise.
    pub pnl: Vec<f64>,
    /// Signal code, exit reason code, or 255 for an entry (see [`Event`]).
    pub code: Vec<u8>,
}

impl LiveEvents {
    /// Number of events e.
    pub fn len(&self) -> usize {
        self.kind.len()
    }

    /// True when the push caused nothing.
    pub fn is_empty(&self) -> bool {
        self.kind.is_empty()
    }

    /// Appends `other`'s events after these (e.g. to gather several pushes).
    pub fn append(&mut self, other: LiveEvents) {
        self.kind.extend(other.kind);
        self.symbol.extend(other.symbol);
        self.ts.extend(other.ts);
        self.side.extend(other.side);
        self.price.extend(other.price);
        self.qty.extend(other.qty);
        self.pnl.extend(other.pnl);
        self.code.extend(other.code);
    }

    fn push(&mut self, symbol: u32, ts: i64, e: Event) {
        self.kind.push(e.kind as u8);
        self.symbol.push(symbol);
        self.ts.push(ts);
        self.side.push(e.side);
        self.price.push(e.price);
        self.qty.push(e.qty);
        self.pnl.push(e.pnl);
        self.code.push(e.code);
    }
}

/// Appends the replay step's events of one bar (`symbol`, `ts`) to `out`.
pub(crate) struct BarSink<'a> {
    pub out: &'a mut LiveEvents,
    pub symbol: u32,
    pub ts: i64,
}

impl EventSink for BarSink<'_> {
    const ENABLED: bool = true;
    #[inline]
    fn emit(&mut self, event: Event) {
        self.out.push(self.symbol, self.ts, event);
    }
}
