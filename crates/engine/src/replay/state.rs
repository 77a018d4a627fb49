//! [`ReplayState`]: the replay of one symbol as a state machine fed one bar at a time.
//!
//! This is THE replay step: the batch [`crate::replay()`] loops over it and the live
//! engine calls it as bars arrive, so both make the same decisions by construction.

use barstream_model::Ohlc;
pub use barstream_strategy::BarSignals;
use serde::{Deserialize, Serialize};

use super::events::{Event, EventKind, EventSink, NoEvents, SignalCode};
use super::position::Position;
use super::sizing;
use super::ReplayOutput;
use crate::config::{CloseAtEnd, FillTiming, ReplayConfig};
use crate::risk::RiskLevels;
use barstream_model::{ExitReason, Side, Trade};

/// A signal order waiting for its fill.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub enum Order {
    /// Close the position.
    Exit,
    /// Close any opposite position, then open `Side`. The `f64` is the ATR (price units)
    /// at the signal bar, NaN when none, for the ATR stop.
    Enter(Side, #[serde(with = "barstream_model::serde_f64")] f64),
}

/// The replay of one symbol between bars: cash, position, pending order, closed trades
/// and the equity curve so far.
///
/// Feed bars in time order with [`ReplayState::step`]; close the books with
/// [`ReplayState::finish`]. Bar indices (`entry_bar`, `exit_bar`, event `bar`) count
/// the steps from 0.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ReplayState {
    cfg: ReplayConfig,
    /// Bars stepped so far (the index of the next bar).
    bars: usize,
    #[serde(with = "barstream_model::serde_f64")]
    cash: f64,
    position: Option<Position>,
    /// Decided at the last bar's close, fills at the next bar's open (NextOpen).
    pending: Option<Order>,
    trades: Vec<Trade>,
    #[serde(with = "barstream_model::serde_f64::vec")]
    equity: Vec<f64>,
    /// Bars covered by the closed trades' `entry_bar..=exit_bar`, each counted once
    /// (backtesting.py's exposure numerator, `barstream_stats::bars_in_market`), kept as
    /// trades close: they close in bar order and overlap at most on a reversal bar.
    bars_in_market: usize,
    /// One past the last bar counted in `bars_in_market`. (Default for checkpoints written
    /// before it existed: their count then is the older bars-held-at-close one.)
    #[serde(default)]
    covered_end: usize,
    ambiguous_bars: usize,
    rejected_orders: usize,
    /// No stop, target or time exit is configured, so runs of bars without signals can be
    /// jumped over ([`ReplayState::advance_quiet`]). Not checkpointed: a restored state
    /// reads false and steps every bar, which gives the same result. (The per-bar exit check
    /// itself needs no such flag: without levels it is one compare, see `risk_step`; an early
    /// return on this flag there cost ~7% more instructions per bar with risk exits, measured
    /// by the `ir_risk_check_overhead` gate.)
    #[serde(skip)]
    no_risk_exits: bool,
}

impl ReplayState {
    /// A fresh replay with `cfg.initial_cash` and no position. `capacity`: expected bars
    /// (pre-allocates the equity curve; 0 is fine).
    pub fn new(cfg: ReplayConfig, capacity: usize) -> ReplayState {
        ReplayState {
            cfg,
            bars: 0,
            cash: cfg.initial_cash,
            position: None,
            pending: None,
            trades: Vec::new(),
            equity: Vec::with_capacity(capacity),
            bars_in_market: 0,
            covered_end: 0,
            ambiguous_bars: 0,
            rejected_orders: 0,
            no_risk_exits: cfg.risk.is_empty(),
        }
    }

    /// The settings this replay runs with.
    pub fn config(&self) -> &ReplayConfig {
        &self.cfg
    }

    /// Bars stepped so far.
    pub fn bars(&self) -> usize {
        self.bars
    }

    /// Cash now, currency.
    pub fn cash(&self) -> f64 {
        self.cash
    }

    /// The open position, if any.
    pub fn position(&self) -> Option<&Position> {
        self.position.as_ref()
    }

    /// The order waiting for the next bar's open, if any.
    pub fn pending(&self) -> Option<Order> {
        self.pending
    }

    /// Trades closed so far, in exit order.
    pub fn trades(&self) -> &[Trade] {
        &self.trades
    }

    /// Equity after each bar so far, currency.
    pub fn equity(&self) -> &[f64] {
        &self.equity
    }

    /// Moves the closed trades and the equity values held now out of the state (the live
    /// engine's history log; [`ReplayState::restore_history`] puts them back). Decisions
    /// never read them, so stepping on continues exactly as before; only
    /// [`ReplayState::finish`] needs them back first.
    pub(crate) fn take_history(&mut self) -> (Vec<Trade>, Vec<f64>) {
        (
            std::mem::take(&mut self.trades),
            std::mem::take(&mut self.equity),
        )
    }

    /// Puts trades and equity values taken earlier back in front of the ones held now
    /// (`trades` closed before, `equity` of the bars before, in order).
    pub(crate) fn restore_history(&mut self, mut trades: Vec<Trade>, mut equity: Vec<f64>) {
        trades.append(&mut self.trades);
        equity.append(&mut self.equity);
        self.trades = trades;
        self.equity = equity;
    }

    /// Processes one bar: for bar t (= [`ReplayState::bars`] before the call)
    /// 1. a pending signal order (decided at t-1's close) fills at t's open;
    /// 2. a due time exit fills at t's open;
    /// 3. stop / target levels are checked against t's range (gaps fill at the open);
    /// 4. the position's best/worst price is extended with t's range;
    /// 5. `signals` (known at t's close) decide an order: filled now at the close
    ///    ([`FillTiming::SameClose`]) or left pending for t+1's open ([`FillTiming::NextOpen`]);
    /// 6. equity is marked at t's close.
    ///
    /// `atr`: ATR (price units) at bar t for the ATR stop, NaN when none or warming up.
    /// Every decision is reported to `sink` in that order.
    #[inline]
    pub fn step<S: EventSink>(&mut self, bar: Ohlc, signals: BarSignals, atr: f64, sink: &mut S) {
        self.step_with::<S, false>(bar, signals, || atr, sink);
    }

    /// [`ReplayState::step`] with the ATR read only when an entry order is decided
    /// (`atr()`: ATR at this bar, price units, NaN when none). `PLAIN = true` runs the full
    /// stop/target check ([`RiskLevels::check_bar`]) on every bar held instead of only on
    /// bars that may exit ([`RiskLevels::may_exit`]): the plain reference of the parity
    /// tests (`crate::replay::reference`). Both make the same decisions.
    #[inline(always)]
    pub(crate) fn step_with<S: EventSink, const PLAIN: bool>(
        &mut self,
        bar: Ohlc,
        signals: BarSignals,
        atr: impl FnOnce() -> f64,
        sink: &mut S,
    ) {
        let t = self.bars;
        let mut entered_at_open = false;
        if let Some(order) = self.pending.take() {
            let before = self.position.map(|p| (p.side, p.entry_bar));
            self.execute(t, order, bar.open, sink);
            entered_at_open = self
                .position
                .is_some_and(|p| Some((p.side, p.entry_bar)) != before);
        }
        // A position entered at a close (SameClose) is checked from the next bar on.
        self.risk_step::<S, PLAIN>(t, bar, entered_at_open, sink);
        if S::ENABLED {
            emit_signals(t, bar.close, signals, sink);
        }
        if let Some(order) = self.decide(signals, atr) {
            if S::ENABLED {
                let mut e = Event::new(EventKind::Order, t);
                e.price = bar.close;
                match order {
                    Order::Enter(side, _) => e.side = side.code(),
                    Order::Exit => e.code = ExitReason::Signal.code(),
                }
                sink.emit(e);
            }
            match self.cfg.fill {
                FillTiming::NextOpen => self.pending = Some(order),
                FillTiming::SameClose => self.execute(t, order, bar.close, sink),
            }
        }
        let marked = self
            .position
            .as_ref()
            .map_or(0.0, |p| p.signed_qty() * bar.close);
        self.equity.push(self.cash + marked);
        self.bars = t + 1;
    }

    /// True when [`ReplayState::advance_quiet`] may be used now: no order is pending and
    /// no stop, target or time exit is configured.
    #[inline]
    pub fn can_advance_quiet(&self) -> bool {
        self.no_risk_exits && self.pending.is_none()
    }

    /// Steps over a run of bars on which nothing can happen, in one tight loop: exactly
    /// [`ReplayState::step`] on each bar with all four signals false (no order pending,
    /// no risk exit configured, so no fill, no exit and no decision; the position's best
    /// and worst prices follow the bars, equity is marked at each close). Used by sweeps,
    /// which jump from one signal bar to the next. `high`, `low`, `close`: the run's bars
    /// (price), same length.
    ///
    /// # Panics
    /// If [`ReplayState::can_advance_quiet`] is false or the slices differ in length.
    pub fn advance_quiet(&mut self, high: &[f64], low: &[f64], close: &[f64]) {
        assert!(
            self.can_advance_quiet(),
            "advance_quiet: an order is pending or risk exits are set"
        );
        let k = close.len();
        assert!(
            high.len() == k && low.len() == k,
            "advance_quiet: ragged bars"
        );
        match self.position.as_mut() {
            None => {
                let cash = self.cash;
                // Flat: equity = cash + 0.0, as step marks it.
                self.equity.extend(std::iter::repeat_n(cash + 0.0, k));
            }
            Some(p) => {
                for (&h, &l) in high.iter().zip(low) {
                    p.observe(h, l);
                }
                let (cash, q) = (self.cash, p.signed_qty());
                self.equity.extend(close.iter().map(|&c| cash + q * c));
            }
        }
        self.bars += k;
    }

    /// Closes the books after the last bar. `last`: that bar's prices (`None` without
    /// bars). A pending order is dropped. A position still open is, by
    /// `cfg.close_at_end`:
    /// - [`CloseAtEnd::None`]: left open, returned in [`ReplayOutput::open`] valued at the
    ///   last close (exit reason `open`, no exit commission, P&L unrealised); cash and
    ///   equity unchanged, the trade is in no statistic;
    /// - [`CloseAtEnd::LastClose`] / [`CloseAtEnd::LastOpen`]: closed on the last bar as a
    ///   market order at its close / open (slippage and commission charged), exit reason
    ///   `end_of_data`; the last equity value becomes the cash after that fill.
    pub fn finish(mut self, last: Option<Ohlc>) -> ReplayOutput {
        let t = self.bars.saturating_sub(1);
        let mut open = None;
        if let (Some(pos), Some(bar)) = (self.position, last) {
            let price = match self.cfg.close_at_end {
                CloseAtEnd::None => {
                    open = Some(pos.close(t, bar.close, 0.0, ExitReason::Open));
                    self.position = None;
                    None
                }
                CloseAtEnd::LastClose => Some(bar.close),
                CloseAtEnd::LastOpen => Some(bar.open),
            };
            if let Some(price) = price {
                self.exit(t, price, true, ExitReason::EndOfData, &mut NoEvents);
                if let Some(v) = self.equity.last_mut() {
                    // Flat after the fill: marked as step marks a flat bar.
                    *v = self.cash + 0.0;
                }
            }
        }
        ReplayOutput {
            trades: self.trades,
            open,
            equity: self.equity,
            bars_in_market: self.bars_in_market,
            ambiguous_bars: self.ambiguous_bars,
            rejected_orders: self.rejected_orders,
            final_cash: self.cash,
        }
    }

    /// Adverse slippage: buys fill higher, sells lower.
    #[inline]
    fn slipped(&self, price: f64, buy: bool) -> f64 {
        if buy {
            price * (1.0 + self.cfg.slippage)
        } else {
            price * (1.0 - self.cfg.slippage)
        }
    }

    /// Closes the open position at `price` (before slippage) on bar `t`.
    fn exit<S: EventSink>(
        &mut self,
        t: usize,
        price: f64,
        market: bool,
        reason: ExitReason,
        sink: &mut S,
    ) {
        let Some(pos) = self.position.take() else {
            return;
        };
        let fill = if market {
            self.slipped(price, pos.side == Side::Short)
        } else {
            price
        };
        let commission = self.cfg.commission.on(pos.qty, fill);
        self.cash += pos.signed_qty() * fill - commission;
        let trade = pos.close(t, fill, commission, reason);
        if S::ENABLED {
            emit_exit(t, &trade, sink);
        }
        // Trades close in bar order, so the bars not yet counted start at `covered_end`.
        let from = trade.entry_bar.max(self.covered_end);
        self.bars_in_market += (trade.exit_bar + 1).saturating_sub(from);
        self.covered_end = self.covered_end.max(trade.exit_bar + 1);
        self.trades.push(trade);
    }

    /// Opens a position of `side` at `price` (before slippage) on bar `t`.
    fn enter<S: EventSink>(&mut self, t: usize, side: Side, price: f64, atr: f64, sink: &mut S) {
        let fill = self.slipped(price, side == Side::Long);
        // Flat here, so equity is cash.
        let qty = sizing::units(
            self.cfg.sizing,
            self.cash,
            fill,
            &self.cfg.commission,
            self.cfg.whole_units,
        );
        if !(qty > 0.0 && qty.is_finite()) {
            self.rejected_orders += 1;
            return;
        }
        let commission = self.cfg.commission.on(qty, fill);
        self.cash -= side.sign() * qty * fill + commission;
        self.position = Some(Position {
            side,
            qty,
            entry_price: fill,
            entry_bar: t,
            entry_commission: commission,
            best: fill,
            worst: fill,
            levels: RiskLevels::new(&self.cfg.risk, side, fill, t, atr),
        });
        if S::ENABLED {
            let mut e = Event::new(EventKind::Fill, t);
            e.side = side.code();
            e.price = fill;
            e.qty = qty;
            sink.emit(e);
            e.kind = EventKind::Position;
            sink.emit(e);
        }
    }

    /// Executes a signal order at `price` on bar `t`.
    fn execute<S: EventSink>(&mut self, t: usize, order: Order, price: f64, sink: &mut S) {
        match order {
            Order::Exit => self.exit(t, price, true, ExitReason::Signal, sink),
            Order::Enter(side, atr) => {
                if let Some(pos) = &self.position {
                    if pos.side == side {
                        return; // already in: no pyramiding
                    }
                    self.exit(t, price, true, ExitReason::Reverse, sink);
                }
                self.enter(t, side, price, atr, sink);
            }
        }
    }

    /// The order the signals at the bar's close ask for, given the current position;
    /// `atr()` is called only for an entry.
    #[inline]
    fn decide(&self, s: BarSignals, atr: impl FnOnce() -> f64) -> Option<Order> {
        let enter = match self.position.as_ref().map(|p| p.side) {
            None => {
                if s.entry_long {
                    Side::Long
                } else if s.entry_short {
                    Side::Short
                } else {
                    return None;
                }
            }
            Some(Side::Long) => {
                if s.entry_short {
                    Side::Short
                } else {
                    return s.exit_long.then_some(Order::Exit);
                }
            }
            Some(Side::Short) => {
                if s.entry_long {
                    Side::Long
                } else {
                    return s.exit_short.then_some(Order::Exit);
                }
            }
        };
        Some(Order::Enter(enter, atr()))
    }

    /// Time, stop and target exits inside bar t. `entered_at_open`: the position was
    /// opened at this bar's open (its open is then no gap). `PLAIN`: see
    /// [`ReplayState::step_with`].
    #[inline(always)]
    fn risk_step<S: EventSink, const PLAIN: bool>(
        &mut self,
        t: usize,
        bar: Ohlc,
        entered_at_open: bool,
        sink: &mut S,
    ) {
        let Some(pos) = &self.position else { return };
        if !entered_at_open && pos.levels.time_exit_due(t) {
            self.exit(t, bar.open, true, ExitReason::TimeExit, sink);
            return;
        }
        // Most bars held reach neither level: four compares, no exit.
        if PLAIN || pos.levels.may_exit(bar.open, bar.high, bar.low) {
            let (hit, ambiguous) =
                pos.levels
                    .check_bar(bar.open, bar.high, bar.low, pos.best, self.cfg.ambiguity);
            self.ambiguous_bars += ambiguous as usize;
            if let Some(x) = hit {
                self.exit(t, x.price, x.market, x.reason, sink);
                return;
            }
        }
        if let Some(p) = self.position.as_mut() {
            let before = p.best;
            p.observe(bar.high, bar.low);
            p.levels.follow_move(before, p.best);
        }
    }
}

/// One signal event per rule that fired at bar `t`'s close.
fn emit_signals<S: EventSink>(t: usize, close: f64, s: BarSignals, sink: &mut S) {
    let fired = [
        (s.entry_long, SignalCode::EntryLong, Side::Long),
        (s.exit_long, SignalCode::ExitLong, Side::Long),
        (s.entry_short, SignalCode::EntryShort, Side::Short),
        (s.exit_short, SignalCode::ExitShort, Side::Short),
    ];
    for (on, code, side) in fired {
        if on {
            let mut e = Event::new(EventKind::Signal, t);
            e.side = side.code();
            e.price = close;
            e.code = code as u8;
            sink.emit(e);
        }
    }
}

/// The fill, trade_closed and (flat) position events of an exit.
fn emit_exit<S: EventSink>(t: usize, trade: &Trade, sink: &mut S) {
    let code = Event::reason_code(Some(trade.exit_reason));
    let mut e = Event::new(EventKind::Fill, t);
    // Closing a long sells, closing a short buys.
    e.side = -trade.side.code();
    e.price = trade.exit_price;
    e.qty = trade.qty;
    e.code = code;
    sink.emit(e);
    e.kind = EventKind::TradeClosed;
    e.side = trade.side.code();
    e.pnl = trade.pnl;
    sink.emit(e);
    e.kind = EventKind::Position;
    e.side = 0;
    e.qty = 0.0;
    e.pnl = f64::NAN;
    sink.emit(e);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::replay::NoEvents;

    /// `sp500_5yr/<sym>_data.csv` as bars, oldest first.
    fn daily(sym: &str) -> Vec<Ohlc> {
        let path = format!(
            "{}/../../../shared/data/raw/sp500_5yr/{sym}_data.csv",
            env!("CARGO_MANIFEST_DIR")
        );
        let text = std::fs::read_to_string(&path).expect("S&P 500 file beside the checkout");
        text.lines()
            .skip(1)
            .map(|l| {
                let f: Vec<f64> = l
                    .split(',')
                    .skip(1)
                    .take(4)
                    .map(|x| x.parse().unwrap())
                    .collect();
                Ohlc {
                    open: f[0],
                    high: f[1],
                    low: f[2],
                    close: f[3],
                }
            })
            .collect()
    }

    /// `advance_quiet` over the runs between signal bars equals `step` on every bar.
    #[test]
    fn advancing_over_quiet_runs_equals_stepping_every_bar() {
        let rows = daily("MSFT");
        let col = |f: fn(&Ohlc) -> f64| rows.iter().map(f).collect::<Vec<f64>>();
        let (high, low, close) = (col(|b| b.high), col(|b| b.low), col(|b| b.close));
        let sig = |t: usize| BarSignals {
            entry_long: t % 23 == 3,
            exit_long: t.is_multiple_of(37),
            entry_short: t % 31 == 7,
            exit_short: t.is_multiple_of(37),
        };
        for fill in [FillTiming::NextOpen, FillTiming::SameClose] {
            let cfg = ReplayConfig {
                fill,
                ..ReplayConfig::default()
            };
            let mut plain = ReplayState::new(cfg, 0);
            let mut fast = ReplayState::new(cfg, 0);
            let bar = |t: usize| rows[t];
            for t in 0..rows.len() {
                plain.step(bar(t), sig(t), f64::NAN, &mut NoEvents);
            }
            let mut t = 0;
            let mut quiet_bars = 0;
            while t < rows.len() {
                let s = sig(t);
                let any = s.entry_long | s.exit_long | s.entry_short | s.exit_short;
                if !any && fast.can_advance_quiet() {
                    let mut e = t;
                    while e < rows.len() && {
                        let s = sig(e);
                        !(s.entry_long | s.exit_long | s.entry_short | s.exit_short)
                    } {
                        e += 1;
                    }
                    fast.advance_quiet(&high[t..e], &low[t..e], &close[t..e]);
                    quiet_bars += e - t;
                    t = e;
                } else {
                    fast.step(bar(t), s, f64::NAN, &mut NoEvents);
                    t += 1;
                }
            }
            assert!(quiet_bars > rows.len() / 2);
            let last = rows.last().copied();
            let (a, b) = (plain.finish(last), fast.finish(last));
            assert!(a.trades.len() > 50);
            assert_eq!(a, b);
        }
    }
}
