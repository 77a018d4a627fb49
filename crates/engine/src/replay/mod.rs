//! The replay step: signals -> orders -> fills -> positions -> trades and equity.
//!
//! [`ReplayState::step`] processes one bar; [`replay`] is the batch loop over it (the
//! live engine calls the same step as bars arrive). Per bar: pending order fills at the
//! open, time / stop / target exits inside the bar, signals at the close decide the next
//! order, equity marked at the close (details on [`ReplayState::step`]).
//!
//! A position still open after the last bar stays open by default: the equity marks it
//! at the last close, and it is returned apart ([`ReplayOutput::open`], exit reason
//! `open`, no exit commission), so the closed trades' P&L plus the open one's equals the
//! final equity minus the initial cash. `cfg.close_at_end` closes it instead, as a market
//! order at the last bar's open or close ([`ReplayState::finish`]).

pub mod events;
pub mod position;
pub mod reference;
pub mod sizing;
pub mod state;

use crate::config::ReplayConfig;
use crate::risk::atr_feed::AtrFeed;
use barstream_model::Bars;
pub use barstream_model::Ohlc;
use barstream_model::Trade;
use barstream_strategy::Signals;
use events::NoEvents;
pub use state::{BarSignals, Order, ReplayState};

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

impl SignalsRef<'_> {
    /// The four flags at bar `t`.
    ///
    /// # Panics
    /// If `t` is past a column's end.
    #[inline]
    pub fn at(&self, t: usize) -> BarSignals {
        BarSignals {
            entry_long: self.entry_long[t],
            exit_long: self.exit_long[t],
            entry_short: self.entry_short[t],
            exit_short: self.exit_short[t],
        }
    }
}

impl<'a> From<&'a Signals> for SignalsRef<'a> {
    fn from(s: &'a Signals) -> Self {
        SignalsRef {
            entry_long: &s.entry_long,
            exit_long: &s.exit_long,
            entry_short: &s.entry_short,
            exit_short: &s.exit_short,
        }
    }
}

/// What a replay produces for one symbol.
#[derive(Debug, Clone, PartialEq)]
pub struct ReplayOutput {
    /// Closed trades in exit order.
    pub trades: Vec<Trade>,
    /// The position still open after the last bar (none when `cfg.close_at_end` closed
    /// it), valued at the last close: `exit_bar` = last bar, `exit_price` = last close,
    /// exit reason `open`, commission = the entry's, `pnl` unrealised.
    pub open: Option<Trade>,
    /// Equity (cash + position marked at close) after each bar, currency, len n.
    pub equity: Vec<f64>,
    /// Bars covered by the closed trades' `entry_bar..=exit_bar`, each counted once:
    /// backtesting.py's exposure numerator (the open position's bars are not counted).
    pub bars_in_market: usize,
    /// Bars whose range held both the stop and the target (resolved by policy).
    pub ambiguous_bars: usize,
    /// Entry orders dropped because sizing gave zero units.
    pub rejected_orders: usize,
    /// Cash after the last bar (after any close-at-end fill), currency.
    pub final_cash: f64,
}

/// Replays one symbol.
///
/// `bars`: the symbol's OHLCV, len n. `signals`: each len n. `atr`: ATR per bar for the
/// ATR stop (len n, NaN in warm-up), or empty: the replay then computes ATR(period of
/// `cfg.risk.atr_stop`) of `bars` itself, one bar per step ([`crate::risk::atr_feed`],
/// bit-identical to `barstream_indicators::atr`). Ignored when `cfg.risk.atr_stop` is None.
///
/// # Panics
/// Panics if a signal column or a non-empty `atr` is shorter than the bars.
pub fn replay(bars: Bars, signals: SignalsRef, atr: &[f64], cfg: &ReplayConfig) -> ReplayOutput {
    replay_with::<false>(bars, signals, atr, cfg)
}

/// [`replay`], checking the stop and target on every bar held when `PLAIN` (the
/// reference path, [`reference::replay_plain`]).
fn replay_with<const PLAIN: bool>(
    bars: Bars,
    signals: SignalsRef,
    atr: &[f64],
    cfg: &ReplayConfig,
) -> ReplayOutput {
    let n = bars.len();
    assert!(
        signals.entry_long.len() >= n
            && signals.exit_long.len() >= n
            && signals.entry_short.len() >= n
            && signals.exit_short.len() >= n
            && (atr.is_empty() || atr.len() >= n),
        "replay: signal/atr columns shorter than the {n} bars"
    );
    match cfg.risk.atr_stop {
        None => replay_loop::<PLAIN>(bars, signals, cfg, |_, _| f64::NAN),
        Some(_) if !atr.is_empty() => replay_loop::<PLAIN>(bars, signals, cfg, |t, _| atr[t]),
        Some((period, _)) => {
            let mut feed = AtrFeed::new(period);
            replay_loop::<PLAIN>(bars, signals, cfg, |_, b| {
                feed.update(b.high, b.low, b.close)
            })
        }
    }
}

/// The bar loop: `atr_at(t, bar)`, the ATR at bar t, is called for every bar in order
/// (a feed then runs fused with the step, see [`crate::risk::atr_feed`]).
#[inline]
fn replay_loop<const PLAIN: bool>(
    bars: Bars,
    signals: SignalsRef,
    cfg: &ReplayConfig,
    mut atr_at: impl FnMut(usize, Ohlc) -> f64,
) -> ReplayOutput {
    let n = bars.len();
    let mut state = ReplayState::new(*cfg, n);
    for t in 0..n {
        let bar = bars.ohlc(t);
        let atr = atr_at(t, bar);
        state.step_with::<_, PLAIN>(bar, signals.at(t), || atr, &mut NoEvents);
    }
    state.finish(n.checked_sub(1).map(|t| bars.ohlc(t)))
}
