//! Decisions of the replay step as events: what the live engine publishes.
//!
//! The step reports every signal, order, fill, position change and closed trade to an
//! [`EventSink`]. The batch backtest passes [`NoEvents`], whose `ENABLED = false` makes
//! every `if S::ENABLED { .. }` block in the step dead code, so events cost the
//! backtest nothing.

use barstream_model::ExitReason;

/// What an [`Event`] reports. The discriminant is the wire code (`kind` in the live
/// engine's columnar events; names in [`EventKind::NAMES`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[repr(u8)]
pub enum EventKind {
    /// A rule fired at the bar's close; `code` is a [`SignalCode`].
    Signal = 0,
    /// The signals asked for an order (before it fills).
    Order = 1,
    /// An order filled (signal order, risk exit or reversal leg).
    Fill = 2,
    /// The position after a fill.
    Position = 3,
    /// A round trip closed.
    TradeClosed = 4,
}

impl EventKind {
    /// Names of the kinds, indexed by code.
    pub const NAMES: [&'static str; 5] = ["signal", "order", "fill", "position", "trade_closed"];
}

/// Which rule a [`EventKind::Signal`] event is about (its `code`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[repr(u8)]
pub enum SignalCode {
    /// `entry_long` fired.
    EntryLong = 0,
    /// `exit_long` fired.
    ExitLong = 1,
    /// `entry_short` fired.
    EntryShort = 2,
    /// `exit_short` fired.
    ExitShort = 3,
}

/// `code` of an entry order or entry fill (exits carry their [`ExitReason::code`]).
pub const ENTRY_CODE: u8 = 255;

/// One decision of the replay step, in causal order within the bar.
///
/// Field meanings by kind (NaN where a field does not apply):
///
/// | kind | side | price | qty | pnl | code |
/// |---|---|---|---|---|---|
/// | signal | +1 for long rules, -1 for short rules | bar close | NaN | NaN | [`SignalCode`] |
/// | order | side to enter, 0 to exit | bar close | NaN | NaN | 255 entry / exit reason `signal` |
/// | fill | +1 buy, -1 sell | fill price (slippage included) | units | NaN | 255 entry / exit reason |
/// | position | +1 long, -1 short, 0 flat, after the fill | last fill price | units held (0 flat) | NaN | 255 entry / exit reason |
/// | trade_closed | side of the trade | exit price | units | net P&L, currency | exit reason |
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Event {
    /// What happened.
    pub kind: EventKind,
    /// Bar index within the symbol (0-based) in which it happened.
    pub bar: usize,
    /// See the table above.
    pub side: i8,
    /// Price, quote currency.
    pub price: f64,
    /// Units.
    pub qty: f64,
    /// Net P&L of a closed trade, currency.
    pub pnl: f64,
    /// See the table above.
    pub code: u8,
}

/// Receiver of the replay step's events.
pub trait EventSink {
    /// False for a sink that drops everything: the step then skips building events.
    const ENABLED: bool;
    /// Receives one event.
    fn emit(&mut self, event: Event);
}

/// The batch backtest's sink: no events, no cost.
#[derive(Debug, Clone, Copy, Default)]
pub struct NoEvents;

impl EventSink for NoEvents {
    const ENABLED: bool = false;
    #[inline(always)]
    fn emit(&mut self, _event: Event) {}
}

/// Collects events in a vector (tests, the live engine).
impl EventSink for Vec<Event> {
    const ENABLED: bool = true;
    #[inline]
    fn emit(&mut self, event: Event) {
        self.push(event);
    }
}

impl Event {
    /// An event of `kind` on `bar` with every optional field unset (NaN / 0).
    #[inline]
    pub(crate) fn new(kind: EventKind, bar: usize) -> Event {
        Event {
            kind,
            bar,
            side: 0,
            price: f64::NAN,
            qty: f64::NAN,
            pnl: f64::NAN,
            code: ENTRY_CODE,
        }
    }

    /// `code` for a fill or position event caused by an exit (`Some`) or an entry.
    #[inline]
    pub(crate) fn reason_code(reason: Option<ExitReason>) -> u8 {
        reason.map_or(ENTRY_CODE, ExitReason::code)
    }
}
