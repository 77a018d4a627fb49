//! Universe statistics per combination without keeping curves per (combination, symbol):
//! each combination's summed equity on the universe's time axis grows symbol by symbol
//! (symbols in batch order, so the sums equal [`barstream_stats::aggregate_equity`] bit for
//! bit), and its trades feed a [`TradeStatsAccumulator`].

use barstream_engine::universe::{buy_and_hold_sum, summed_stats};
use barstream_engine::Trade;
use barstream_stats::{Stats, TradeRecord, TradeStatsAccumulator};

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

    /// Bytes one combination takes during a pass: its accumulator plus its built strategy
    /// (a generous 4 KiB estimate: names, keys, rule trees).
    pub fn bytes_per_combo(&self) -> usize {
        self.ts.len() * 8 + std::mem::size_of::<ComboUniverse>() + 4096
    }

    /// How many combinations fit a pass within `budget_mb` MiB (at least 1).
    pub fn combos_per_pass(&self, budget_mb: usize) -> usize {
        (budget_mb.saturating_mul(1 << 20) / self.bytes_per_combo().max(1)).max(1)
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
        let total = &mut self.equity;
        let mut from = 0;
        for (j, &e) in equity.iter().enumerate() {
            let to = slots.get(j + 1).copied().unwrap_or(total.len());
            for slot in &mut total[from..to] {
                *slot += e;
            }
            from = to;
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
