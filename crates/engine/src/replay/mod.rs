//! The replay step: signals -> orders -> fills -> positions -> trades and equity.
//!
//! One pass over the bars of one symbol. For each bar t:
//! 1. a pending signal order (decided at t-1's close) fills at t's open;
//! 2. a due time exit fills at t's open;
//! 3. stop / target levels are checked against t's range (gaps fill at the open);
//! 4. the position's best/worst price is extended with t's range;
//! 5. the signals at t's close decide an order: filled now at the close
//!    ([`FillTiming::SameClose`]) or at t+1's open ([`FillTiming::NextOpen`]);
//! 6. equity is marked at t's close.
//!
//! A position still open after the last bar is closed at the last close with exit
//! reason `end_of_data` and no exit commission (it is a valuation, not an order), so the
//! sum of trade P&L equals the final equity minus the initial cash.

pub mod position;
pub mod sizing;

use crate::bars::Bars;
use crate::config::{FillTiming, ReplayConfig};
use crate::risk::RiskLevels;
use crate::trade::{ExitReason, Side, Trade};
use position::Position;

/// The four signal columns of one symbol, borrowed; each len n. A `true` at bar t is
/// known at t's close.
#[derive(Debug, Clone, Copy)]
pub struct SignalsRef<'a> {
    /// Open a long (reverses a short).
    pub entry_long: &'a [bool],
    /// Close a long.
    pub exit_long: &'a [bool],
    /// Open a short (reverses a long).
    pub entry_short: &'a [bool],
    /// Close a short.
    pub exit_short: &'a [bool],
}

/// What a replay produces for one symbol.
#[derive(Debug, Clone, PartialEq)]
pub struct ReplayOutput {
    /// Closed trades in exit order.
    pub trades: Vec<Trade>,
    /// Equity (cash + position marked at close) after each bar, currency, len n.
    pub equity: Vec<f64>,
    /// Bars with a position held at the close.
    pub bars_in_market: usize,
    /// Bars whose range held both the stop and the target (resolved by policy).
    pub ambiguous_bars: usize,
    /// Entry orders dropped because sizing gave zero units.
    pub rejected_orders: usize,
    /// Cash after the last bar (after any end-of-data close), currency.
    pub final_cash: f64,
}

/// A signal order waiting for its fill.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Order {
    /// Close the position.
    Exit,
    /// Close any opposite position, then open `Side`. `atr` at the signal bar.
    Enter(Side, f64),
}

/// State of one replay.
struct Replay<'a> {
    bars: Bars<'a>,
    cfg: &'a ReplayConfig,
    cash: f64,
    position: Option<Position>,
    out: ReplayOutput,
}

impl<'a> Replay<'a> {
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
    fn exit(&mut self, t: usize, price: f64, market: bool, reason: ExitReason) {
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
        self.out.trades.push(pos.close(t, fill, commission, reason));
    }

    /// Opens a position of `side` at `price` (before slippage) on bar `t`.
    fn enter(&mut self, t: usize, side: Side, price: f64, atr: f64) {
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
            self.out.rejected_orders += 1;
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
    }

    /// Executes a signal order at `price` on bar `t`.
    fn execute(&mut self, t: usize, order: Order, price: f64) {
        match order {
            Order::Exit => self.exit(t, price, true, ExitReason::Signal),
            Order::Enter(side, atr) => {
                if let Some(pos) = &self.position {
                    if pos.side == side {
                        return; // already in: no pyramiding
                    }
                    self.exit(t, price, true, ExitReason::Reverse);
                }
                self.enter(t, side, price, atr);
            }
        }
    }

    /// The order the signals at bar t's close ask for, given the current position.
    #[inline]
    fn decide(&self, t: usize, s: &SignalsRef, atr: &[f64]) -> Option<Order> {
        let a = if atr.is_empty() { f64::NAN } else { atr[t] };
        match self.position.map(|p| p.side) {
            None => {
                if s.entry_long[t] {
                    Some(Order::Enter(Side::Long, a))
                } else if s.entry_short[t] {
                    Some(Order::Enter(Side::Short, a))
                } else {
                    None
                }
            }
            Some(Side::Long) => {
                if s.entry_short[t] {
                    Some(Order::Enter(Side::Short, a))
                } else if s.exit_long[t] {
                    Some(Order::Exit)
                } else {
                    None
                }
            }
            Some(Side::Short) => {
                if s.entry_long[t] {
                    Some(Order::Enter(Side::Long, a))
                } else if s.exit_short[t] {
                    Some(Order::Exit)
                } else {
                    None
                }
            }
        }
    }

    /// Time, stop and target exits inside bar t. `entered_at_open`: the position was
    /// opened at this bar's open (its open is then no gap).
    #[inline]
    fn risk_step(&mut self, t: usize, entered_at_open: bool) {
        let Some(pos) = self.position else { return };
        let (o, h, l) = (self.bars.open[t], self.bars.high[t], self.bars.low[t]);
        if !entered_at_open && pos.levels.time_exit_due(t) {
            self.exit(t, o, true, ExitReason::TimeExit);
            return;
        }
        let (hit, ambiguous) = pos.levels.check_bar(o, h, l, pos.best, self.cfg.ambiguity);
        self.out.ambiguous_bars += ambiguous as usize;
        match hit {
            Some(x) => self.exit(t, x.price, x.market, x.reason),
            None => {
                if let Some(p) = self.position.as_mut() {
                    p.observe(h, l);
                }
            }
        }
    }
}

/// Replays one symbol.
///
/// `bars`: the symbol's OHLCV, len n. `signals`: each len n. `atr`: ATR per bar for the
/// ATR stop (len n, NaN in warm-up), or empty when `cfg.risk.atr_stop` is None.
///
/// # Panics
/// Panics if a signal column or a non-empty `atr` is shorter than the bars.
pub fn replay(bars: Bars, signals: SignalsRef, atr: &[f64], cfg: &ReplayConfig) -> ReplayOutput {
    let n = bars.len();
    assert!(
        signals.entry_long.len() >= n
            && signals.exit_long.len() >= n
            && signals.entry_short.len() >= n
            && signals.exit_short.len() >= n
            && (atr.is_empty() || atr.len() >= n),
        "replay: signal/atr columns shorter than the {n} bars"
    );
    let mut r = Replay {
        bars,
        cfg,
        cash: cfg.initial_cash,
        position: None,
        out: ReplayOutput {
            trades: Vec::new(),
            equity: Vec::with_capacity(n),
            bars_in_market: 0,
            ambiguous_bars: 0,
            rejected_orders: 0,
            final_cash: cfg.initial_cash,
        },
    };
    let mut pending: Option<Order> = None;
    for t in 0..n {
        let mut entered_at_open = false;
        if let Some(order) = pending.take() {
            let before = r.position.map(|p| (p.side, p.entry_bar));
            r.execute(t, order, bars.open[t]);
            entered_at_open = r
                .position
                .is_some_and(|p| Some((p.side, p.entry_bar)) != before);
        }
        // A position entered at a close (SameClose) is checked from the next bar on.
        r.risk_step(t, entered_at_open);
        if let Some(order) = r.decide(t, &signals, atr) {
            match cfg.fill {
                FillTiming::NextOpen => pending = Some(order),
                FillTiming::SameClose => r.execute(t, order, bars.close[t]),
            }
        }
        let marked = r.position.map_or(0.0, |p| p.signed_qty() * bars.close[t]);
        r.out.bars_in_market += r.position.is_some() as usize;
        r.out.equity.push(r.cash + marked);
    }
    if let Some(pos) = r.position.take() {
        let last = n - 1;
        let price = bars.close[last];
        r.cash += pos.signed_qty() * price;
        r.out
            .trades
            .push(pos.close(last, price, 0.0, ExitReason::EndOfData));
    }
    r.out.final_cash = r.cash;
    r.out
}
