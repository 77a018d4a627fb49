//! [`TradeStatsAccumulator`]: [`crate::trade_stats`] fed one trade at a time, without keeping
//! the trades (a parameter sweep aggregates the trades of a whole universe per combination).
//!
//! Every field is bit-identical to [`crate::trade_stats`] on the same trades in the same order
//! (the same sums, from the same neutral element, in the same order) except `sqn`, whose sample
//! std cannot be taken in two passes here: it uses sums of `pnl - first pnl` (shifted data,
//! Chan, Golub & LeVeque 1983), within 1e-10 relative of the two-pass value for any P&L list
//! whose spread is not tiny against its distance from the first P&L (tested below).

use crate::moments::ratio;
use crate::trades::{TradeRecord, TradeStats};

/// Running sums of [`crate::trade_stats`]. Push trades in the order the reference would see
/// them (e.g. symbol order, then exit order).
#[derive(Debug, Clone, Copy)]
pub struct TradeStatsAccumulator {
    n: usize,
    wins: usize,
    losses: usize,
    // Sums start at -0.0, the neutral element `Iterator::sum` starts from.
    sum_pnl: f64,
    sum_ret: f64,
    gain_pnl: f64,
    loss_pnl: f64,
    gain_ret: f64,
    loss_ret: f64,
    sum_log: f64,
    /// A trade lost 100 % or more: the geometric mean is undefined.
    ruined: bool,
    best: f64,
    worst: f64,
    sum_held: f64,
    shift: f64,
    s1: f64,
    s2: f64,
}

impl Default for TradeStatsAccumulator {
    fn default() -> Self {
        TradeStatsAccumulator {
            n: 0,
            wins: 0,
            losses: 0,
            sum_pnl: -0.0,
            sum_ret: -0.0,
            gain_pnl: -0.0,
            loss_pnl: -0.0,
            gain_ret: -0.0,
            loss_ret: -0.0,
            sum_log: -0.0,
            ruined: false,
            best: f64::NAN,
            worst: f64::NAN,
            sum_held: -0.0,
            shift: 0.0,
            s1: 0.0,
            s2: 0.0,
        }
    }
}

impl TradeStatsAccumulator {
    /// Adds one closed trade.
    #[inline]
    pub fn push(&mut self, t: &TradeRecord) {
        let (p, r) = (t.pnl, t.return_frac);
        if self.n == 0 {
            self.best = r;
            self.worst = r;
            self.shift = p;
        } else {
            self.best = f64::max(self.best, r);
            self.worst = f64::min(self.worst, r);
        }
        self.n += 1;
        self.sum_pnl += p;
        self.sum_ret += r;
        if p > 0.0 {
            self.wins += 1;
            self.gain_pnl += p;
        } else if p < 0.0 {
            self.losses += 1;
            self.loss_pnl += p;
        }
        if r > 0.0 {
            self.gain_ret += r;
        } else if r < 0.0 {
            self.loss_ret += r;
        }
        if 1.0 + r <= 0.0 {
            self.ruined = true;
        }
        self.sum_log += (1.0 + r).ln();
        self.sum_held += t.exit_bar.saturating_sub(t.entry_bar) as f64;
        let d = p - self.shift;
        self.s1 += d;
        self.s2 += d * d;
    }

    /// Trades pushed so far.
    pub fn len(&self) -> usize {
        self.n
    }

    /// True before the first trade.
    pub fn is_empty(&self) -> bool {
        self.n == 0
    }

    /// The statistics of the trades pushed (as [`crate::trade_stats`], see the module docs).
    pub fn finish(&self) -> TradeStats {
        let n = self.n as f64;
        let mean = |sum: f64, count: usize| {
            if count == 0 {
                f64::NAN
            } else {
                sum / count as f64
            }
        };
        let win_rate = ratio(self.wins as f64, n);
        let std = if self.n < 2 {
            f64::NAN
        } else {
            (((self.s2 - self.s1 * self.s1 / n).max(0.0)) / (n - 1.0)).sqrt()
        };
        TradeStats {
            n_trades: self.n,
            win_rate,
            profit_factor: ratio(self.gain_pnl, self.loss_pnl.abs()),
            profit_factor_returns: ratio(self.gain_ret, self.loss_ret.abs()),
            expectancy: mean(self.sum_ret, self.n),
            avg_trade_pnl: mean(self.sum_pnl, self.n),
            avg_trade_return: if self.n == 0 || self.ruined {
                f64::NAN
            } else {
                (self.sum_log / n).exp() - 1.0
            },
            best_trade: self.best,
            worst_trade: self.worst,
            avg_bars_held: mean(self.sum_held, self.n),
            sqn: ratio(n.sqrt() * mean(self.sum_pnl, self.n), std),
            kelly: win_rate
                - (1.0 - win_rate)
                    / (mean(self.gain_pnl, self.wins) / -mean(self.loss_pnl, self.losses)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::golden;
    use crate::trade_stats;

    fn same(a: f64, b: f64) -> bool {
        a.to_bits() == b.to_bits() || (a.is_nan() && b.is_nan())
    }

    fn check(trades: &[TradeRecord]) {
        let mut acc = TradeStatsAccumulator::default();
        trades.iter().for_each(|t| acc.push(t));
        let (got, want) = (acc.finish(), trade_stats(trades));
        assert_eq!(got.n_trades, want.n_trades);
        let pairs = [
            (got.win_rate, want.win_rate),
            (got.profit_factor, want.profit_factor),
            (got.profit_factor_returns, want.profit_factor_returns),
            (got.expectancy, want.expectancy),
            (got.avg_trade_pnl, want.avg_trade_pnl),
            (got.avg_trade_return, want.avg_trade_return),
            (got.best_trade, want.best_trade),
            (got.worst_trade, want.worst_trade),
            (got.avg_bars_held, want.avg_bars_held),
            (got.kelly, want.kelly),
        ];
        for (i, (g, w)) in pairs.iter().enumerate() {
            assert!(same(*g, *w), "field {i}: {g} vs {w}");
        }
        assert!(
            same(got.sqn, want.sqn) || (got.sqn - want.sqn).abs() <= 1e-10 * want.sqn.abs(),
            "sqn {} vs {}",
            got.sqn,
            want.sqn
        );
    }

    #[test]
    fn streamed_trade_stats_equal_the_batch_ones_on_golden_and_edge_trades() {
        let g = golden();
        assert!(g.trades.len() > 10);
        check(&g.trades);
        for k in 0..4 {
            check(&g.trades[..k]);
        }
        let t = |pnl: f64, r: f64| TradeRecord {
            pnl,
            return_frac: r,
            entry_bar: 0,
            exit_bar: 2,
        };
        check(&[t(10.0, 0.01), t(20.0, 0.02)]);
        check(&[t(-10.0, -1.0), t(20.0, 0.02), t(0.0, 0.0)]);
        check(&[t(5.0, 0.01), t(5.0, 0.01), t(5.0, 0.01)]);
    }
}
