//! Statistics of the closed trades: win rate, profit factor, expectancy, SQN, Kelly, ...

use serde::Serialize;

use crate::moments::{mean, ratio, sample_std};

/// One closed trade, reduced to what the statistics need.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct TradeRecord {
    /// Profit or loss in currency, after all costs (entry and exit commission, slippage).
    pub pnl: f64,
    /// `pnl / entry value` (entry value = |size| * entry price), a fraction: 0.05 = +5 %.
    /// This equals backtesting.py's `ReturnPct`.
    pub return_frac: f64,
    /// Bar index of the entry fill.
    pub entry_bar: usize,
    /// Bar index of the exit fill, `>= entry_bar`.
    pub exit_bar: usize,
}

/// Statistics over a list of closed trades. NaN marks an undefined value (see each field).
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct TradeStats {
    /// Number of closed trades.
    pub n_trades: usize,
    /// Fraction of trades with `pnl > 0`. NaN with no trades.
    pub win_rate: f64,
    /// Gross profit / gross loss in currency: `sum(pnl > 0) / |sum(pnl < 0)|` (the usual
    /// definition). NaN with no losing trade. backtesting.py sums returns instead, see
    /// `profit_factor_returns`.
    pub profit_factor: f64,
    /// `sum(return_frac > 0) / |sum(return_frac < 0)|`: backtesting.py's `Profit Factor`.
    /// NaN with no losing trade.
    pub profit_factor_returns: f64,
    /// Mean `return_frac`, a fraction (backtesting.py's `Expectancy [%]` / 100). NaN with no trades.
    pub expectancy: f64,
    /// Mean `pnl`, currency per trade. NaN with no trades.
    pub avg_trade_pnl: f64,
    /// Geometric mean trade return `exp(mean(ln(1 + r))) - 1`, a fraction (backtesting.py's
    /// `Avg. Trade [%]` / 100). NaN with no trades or when a trade lost 100 % or more
    /// (backtesting.py reports 0 there).
    pub avg_trade_return: f64,
    /// Largest `return_frac`. NaN with no trades.
    pub best_trade: f64,
    /// Smallest `return_frac`. NaN with no trades.
    pub worst_trade: f64,
    /// Mean of `exit_bar - entry_bar`, in bars (a trade entered and exited on the same bar
    /// holds 0). NaN with no trades.
    pub avg_bars_held: f64,
    /// System Quality Number (Van Tharp): `sqrt(N) * mean(pnl) / sample_std(pnl)` (ddof = 1).
    /// NaN with fewer than 2 trades or equal P&Ls.
    pub sqn: f64,
    /// Kelly fraction `W - (1 - W) / (mean win pnl / |mean loss pnl|)` (Kelly 1956, as in
    /// backtesting.py's `Kelly Criterion`). NaN without at least one win and one loss.
    pub kelly: f64,
}

/// Computes [`TradeStats`] from closed trades (in any order).
pub fn trade_stats(trades: &[TradeRecord]) -> TradeStats {
    let pnl: Vec<f64> = trades.iter().map(|t| t.pnl).collect();
    let ret: Vec<f64> = trades.iter().map(|t| t.return_frac).collect();
    let n = trades.len();
    let wins: Vec<f64> = pnl.iter().copied().filter(|&p| p > 0.0).collect();
    let losses: Vec<f64> = pnl.iter().copied().filter(|&p| p < 0.0).collect();
    let win_rate = ratio(wins.len() as f64, n as f64);
    let held: Vec<f64> = trades
        .iter()
        .map(|t| t.exit_bar.saturating_sub(t.entry_bar) as f64)
        .collect();
    TradeStats {
        n_trades: n,
        win_rate,
        profit_factor: gain_over_loss(&pnl),
        profit_factor_returns: gain_over_loss(&ret),
        expectancy: mean(&ret),
        avg_trade_pnl: mean(&pnl),
        avg_trade_return: geometric_mean(&ret),
        best_trade: extreme(&ret, f64::max),
        worst_trade: extreme(&ret, f64::min),
        avg_bars_held: mean(&held),
        sqn: ratio((n as f64).sqrt() * mean(&pnl), sample_std(&pnl)),
        kelly: win_rate - (1.0 - win_rate) / (mean(&wins) / -mean(&losses)),
    }
}

/// Bars covered by at least one trade's `entry_bar..=exit_bar`, counted once each.
///
/// The exposure numerator backtesting.py uses (`Exposure Time [%]`): both the entry and the exit
/// bar count, and a reversal bar shared by two trades counts once.
///
/// # Panics
/// If a trade's `exit_bar >= n_bars` or `exit_bar < entry_bar`.
pub fn bars_in_market(trades: &[TradeRecord], n_bars: usize) -> usize {
    let mut covered = vec![false; n_bars];
    for t in trades {
        assert!(
            t.entry_bar <= t.exit_bar && t.exit_bar < n_bars,
            "bars_in_market: trade bars {}..={} outside 0..{n_bars}",
            t.entry_bar,
            t.exit_bar
        );
        covered[t.entry_bar..=t.exit_bar].fill(true);
    }
    covered.iter().filter(|&&c| c).count()
}

fn gain_over_loss(x: &[f64]) -> f64 {
    let gain: f64 = x.iter().filter(|&&v| v > 0.0).sum();
    let loss: f64 = x.iter().filter(|&&v| v < 0.0).sum();
    ratio(gain, loss.abs())
}

fn geometric_mean(r: &[f64]) -> f64 {
    if r.is_empty() || r.iter().any(|&x| 1.0 + x <= 0.0) {
        return f64::NAN;
    }
    (r.iter().map(|x| (1.0 + x).ln()).sum::<f64>() / r.len() as f64).exp() - 1.0
}

fn extreme(x: &[f64], pick: fn(f64, f64) -> f64) -> f64 {
    x.iter().copied().reduce(pick).unwrap_or(f64::NAN)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::golden;

    fn t(pnl: f64, return_frac: f64, entry_bar: usize, exit_bar: usize) -> TradeRecord {
        TradeRecord {
            pnl,
            return_frac,
            entry_bar,
            exit_bar,
        }
    }

    #[test]
    fn trade_stats_of_hand_trades_match_hand_arithmetic() {
        // Three trades: +100 (+10 %, bars 0..4), -50 (-5 %, 4..6), +20 (+1 %, 8..9).
        let s = trade_stats(&[
            t(100.0, 0.10, 0, 4),
            t(-50.0, -0.05, 4, 6),
            t(20.0, 0.01, 8, 9),
        ]);
        assert_eq!(s.n_trades, 3);
        assert!((s.win_rate - 2.0 / 3.0).abs() < 1e-15);
        assert!((s.profit_factor - 120.0 / 50.0).abs() < 1e-12); // 2.4
        assert!((s.profit_factor_returns - 0.11 / 0.05).abs() < 1e-12); // 2.2
        assert!((s.expectancy - 0.06 / 3.0).abs() < 1e-15); // 0.02
        assert!((s.avg_trade_pnl - 70.0 / 3.0).abs() < 1e-12);
        // (1.1 * 0.95 * 1.01)^(1/3) - 1 = 1.05545^(1/3) - 1 = 0.018156...
        assert!((s.avg_trade_return - (1.1f64 * 0.95 * 1.01).cbrt() + 1.0).abs() < 1e-12);
        assert_eq!((s.best_trade, s.worst_trade), (0.10, -0.05));
        assert!((s.avg_bars_held - 7.0 / 3.0).abs() < 1e-15); // (4 + 2 + 1) / 3
                                                              // pnl mean 23.333, deviations 76.667, -73.333, -3.333: ss = 11266.67, std = 75.056;
                                                              // SQN = sqrt(3) * 23.333 / 75.056 = 0.53846.
        assert!(
            (s.sqn - 3f64.sqrt() * (70.0 / 3.0) / (11266.666666666666f64 / 2.0).sqrt()).abs()
                < 1e-12
        );
        // Kelly: W = 2/3, mean win 60, mean loss 50: 2/3 - (1/3) / 1.2 = 0.38889.
        assert!((s.kelly - (2.0 / 3.0 - (1.0 / 3.0) / 1.2)).abs() < 1e-12);
        // Bars 0..=6 and 8..=9: 9 of 10.
        assert_eq!(
            bars_in_market(
                &[t(1.0, 0.0, 0, 4), t(1.0, 0.0, 4, 6), t(1.0, 0.0, 8, 9)],
                10
            ),
            9
        );
    }

    #[test]
    fn trade_stats_without_trades_or_losses_are_nan() {
        let none = trade_stats(&[]);
        assert_eq!(none.n_trades, 0);
        assert!(none.win_rate.is_nan() && none.sqn.is_nan() && none.best_trade.is_nan());
        let only_wins = trade_stats(&[t(10.0, 0.01, 0, 1), t(20.0, 0.02, 1, 2)]);
        assert!(only_wins.profit_factor.is_nan() && only_wins.kelly.is_nan());
        assert_eq!(only_wins.win_rate, 1.0);
    }

    #[test]
    #[should_panic(expected = "outside")]
    fn bars_in_market_rejects_a_trade_past_the_last_bar() {
        bars_in_market(&[t(1.0, 0.0, 3, 10)], 10);
    }

    #[test]
    fn trade_stats_match_backtesting_py_on_golden_trades() {
        let g = golden();
        let s = trade_stats(&g.trades);
        let close = |ours: f64, key: &str, scale: f64| {
            let theirs = g.stat(key);
            assert!(
                (ours * scale - theirs).abs() <= 1e-9 * theirs.abs().max(1.0),
                "{key}: {ours} vs {theirs}"
            );
        };
        assert_eq!(s.n_trades as f64, g.stat("# Trades"));
        close(s.win_rate, "Win Rate [%]", 100.0);
        close(s.best_trade, "Best Trade [%]", 100.0);
        close(s.worst_trade, "Worst Trade [%]", 100.0);
        close(s.avg_trade_return, "Avg. Trade [%]", 100.0);
        close(s.profit_factor_returns, "Profit Factor", 1.0);
        close(s.expectancy, "Expectancy [%]", 100.0);
        close(s.sqn, "SQN", 1.0);
        close(s.kelly, "Kelly Criterion", 1.0);
        let exposure = bars_in_market(&g.trades, g.ts.len()) as f64 / g.ts.len() as f64;
        close(exposure, "Exposure Time [%]", 100.0);
    }
}
