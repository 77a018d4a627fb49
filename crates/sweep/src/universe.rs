//! Universe statistics per combination without keeping curves per (combination, symbol):
//! each combination's summed equity on the universe's time axis grows symbol by symbol
//! (symbols in batch order, so the sums equal [`barstream_stats::aggregate_equity`] bit for
//! bit), and its trades feed a [`TradeStatsAccumulator`].

use barstream_engine::universe::{buy_and_hold_sum, summed_stats};
use barstream_model::Trade;
use barstream_stats::{Stats, TradeRecord, TradeStatsAccumulator};

use crate::metrics::NAMES;

/// The universe's time axis: union of the evaluated bars of every symbol.
#[derive(Debug, Clone)]
pub struct Axis {
    /// Union of timestamps, UTC ns, ascending.
    pub ts: Vec<i64>,
    /// Buy-and-hold value of all symbols on `ts`, currency.
    pub hold: Vec<f64>,
    /// Per symbol: the axis index of each of its evaluated bars.
    pub slots: Vec<Vec<usize>>,
    /// Starting cash of all symbols together, currency.
    pub initial_cash_total: f64,
}

impl Axis {
    /// The axis of `members` (one `(ts, close)` per symbol over its evaluated bars, UTC ns /
    /// price), each symbol holding `initial_cash` (currency).
    pub fn new(members: &[(&[i64], &[f64])], initial_cash: f64) -> Axis {
        let (ts, hold) = buy_and_hold_sum(members, initial_cash);
        let slots = members
            .iter()
            .map(|(mts, _)| {
                let mut j = 0;
                mts.iter()
                    .map(|t| {
                        while ts[j] < *t {
                            j += 1;
                        }
                        j
                    })
                    .collect()
            })
            .collect();
        Axis {
            ts,
            hold,
            slots,
            initial_cash_total: initial_cash * members.len() as f64,
        }
    }

    /// Bytes one combination's working state takes during a range: its accumulator plus its built strategy
    /// (a generous 4 KiB estimate: names, keys, rule trees).
    pub fn bytes_per_combo(&self) -> usize {
        self.ts.len() * 8 + std::mem::size_of::<ComboUniverse>() + 4096
    }

    /// Bytes one combination's result rows take over `symbols` symbols: one per-symbol row
    /// per symbol plus its universe row, each [`NAMES`] f64 values and its ids (two i32).
    pub fn row_bytes_per_combo(symbols: usize) -> usize {
        (symbols + 1) * (NAMES.len() * 8 + 8)
    }

    /// How many combinations fit one range over `symbols` symbols within `budget_mb` MiB
    /// (accumulators, strategies and result rows; at least 1).
    pub fn combos_per_range(&self, symbols: usize, budget_mb: usize) -> usize {
        let per = self.bytes_per_combo() + Self::row_bytes_per_combo(symbols);
        (budget_mb.saturating_mul(1 << 20) / per).max(1)
    }
}

/// One combination's universe so far.
#[derive(Debug, Clone)]
pub struct ComboUniverse {
    equity: Vec<f64>,
    trades: TradeStatsAccumulator,
    symbols: usize,
}

impl ComboUniverse {
    /// An empty universe on `axis`.
    pub fn new(axis: &Axis) -> ComboUniverse {
        ComboUniverse {
            equity: vec![0.0; axis.ts.len()],
            trades: TradeStatsAccumulator::default(),
            symbols: 0,
        }
    }

    /// Empties the accumulator for another combination, keeping its buffer.
    pub fn reset(&mut self) {
        self.equity.fill(0.0);
        self.trades = TradeStatsAccumulator::default();
        self.symbols = 0;
    }

    /// Symbols added so far.
    pub fn symbols(&self) -> usize {
        self.symbols
    }

    /// Adds symbol `i`'s equity curve (one value per evaluated bar, currency) and trades.
    /// Forward-filled as [`barstream_stats::aggregate_equity`] does: before its first bar the
    /// symbol counts its first value, after a bar its value until its next bar.
    ///
    /// # Panics
    /// If `equity` is not one value per evaluated bar of symbol `i`.
    pub fn add(&mut self, axis: &Axis, i: usize, equity: &[f64], trades: &[Trade]) {
        let slots = &axis.slots[i];
        assert_eq!(
            slots.len(),
            equity.len(),
            "ComboUniverse::add: curve length"
        );
        self.symbols += 1;
        for t in trades {
            self.trades.push(&TradeRecord {
                pnl: t.pnl,
                return_frac: t.return_frac,
                entry_bar: t.entry_bar,
                exit_bar: t.exit_bar,
            });
        }
        if equity.is_empty() {
            return;
        }
        if is_span(slots) {
            add_span(&mut self.equity, slots[0], equity);
        } else {
            add_forward_filled(&mut self.equity, slots, equity);
        }
    }

    /// The universe statistics (as `barstream_engine::universe::universe_stats`).
    pub fn stats(&self, axis: &Axis) -> Stats {
        summed_stats(
            &axis.ts,
            &self.equity,
            &axis.hold,
            axis.initial_cash_total,
            self.trades.finish(),
        )
    }
}

/// True when `slots` (strictly ascending axis indices, non-empty) cover every axis index from
/// the first to the last: the symbol has a bar on each axis date of its span.
fn is_span(slots: &[usize]) -> bool {
    slots[slots.len() - 1] - slots[0] + 1 == slots.len()
}

/// Adds a curve (currency, len >= 1) to `total` (the axis, currency), forward-filled: slot
/// `slots[j]..slots[j + 1]` gets `equity[j]`, slots before `slots[0]` get `equity[0]`, the
/// last value runs to the end of the axis. The plain definition of the fill.
fn add_forward_filled(total: &mut [f64], slots: &[usize], equity: &[f64]) {
    let mut from = 0;
    for (j, &e) in equity.iter().enumerate() {
        let to = slots.get(j + 1).copied().unwrap_or(total.len());
        for slot in &mut total[from..to] {
            *slot += e;
        }
        from = to;
    }
}

/// [`add_forward_filled`] for a curve whose slots are `first..first + equity.len()` (see
/// [`is_span`]): every slot gets the same single add, in three straight passes the compiler
/// vectorises instead of a slot lookup and an inner loop per bar.
fn add_span(total: &mut [f64], first: usize, equity: &[f64]) {
    let (e0, en) = (equity[0], equity[equity.len() - 1]);
    let (head, rest) = total.split_at_mut(first);
    let (mid, tail) = rest.split_at_mut(equity.len());
    head.iter_mut().for_each(|s| *s += e0);
    mid.iter_mut().zip(equity).for_each(|(s, &e)| *s += e);
    tail.iter_mut().for_each(|s| *s += en);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::{load, symbol};

    /// The span fast path against the plain forward fill, on the axis of real symbols with
    /// different calendars (APTV and DXC list late), each symbol's closes as its curve, summed
    /// symbol after symbol; and `add` picks each path where it applies.
    #[test]
    fn span_adds_equal_the_plain_forward_fill_bit_for_bit() {
        let u = load(&["AAPL", "APTV", "DXC", "XOM"]);
        let members: Vec<(&[i64], &[f64])> = (0..4)
            .map(|i| {
                let b = symbol(&u, i);
                (b.ts, b.close)
            })
            .collect();
        let axis = Axis::new(&members, 1000.0);
        let mut plain = vec![0.0; axis.ts.len()];
        let mut uni = ComboUniverse::new(&axis);
        let mut spans = 0;
        for (i, (_, close)) in members.iter().enumerate() {
            // A curve with the level of an equity curve and the shape of the closes.
            let eq: Vec<f64> = close.iter().map(|c| 1000.0 + c * 3.7).collect();
            let slots = &axis.slots[i];
            if is_span(slots) {
                spans += 1;
                let mut fast = plain.clone();
                let mut want = plain.clone();
                add_span(&mut fast, slots[0], &eq);
                add_forward_filled(&mut want, slots, &eq);
                assert_eq!(
                    fast.iter().map(|v| v.to_bits()).collect::<Vec<_>>(),
                    want.iter().map(|v| v.to_bits()).collect::<Vec<_>>(),
                    "symbol {i}"
                );
            }
            add_forward_filled(&mut plain, slots, &eq);
            uni.add(&axis, i, &eq, &[]);
        }
        assert!(spans >= 2, "{spans} symbols on the span path");
        assert_eq!(
            uni.equity.iter().map(|v| v.to_bits()).collect::<Vec<_>>(),
            plain.iter().map(|v| v.to_bits()).collect::<Vec<_>>()
        );
        // A gap makes a symbol take the plain path.
        assert!(!is_span(&[0, 1, 3]) && is_span(&[2, 3, 4]));
    }
}
