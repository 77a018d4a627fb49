//! The statistics columns of a sweep result row: the numeric fields of
//! [`barstream_stats::Stats`] (trade statistics included), named as its JSON keys.

use barstream_stats::Stats;

/// Column names, stats-crate snake_case, in row order.
pub const NAMES: [&str; 28] = [
    "n_bars",
    "years",
    "periods_per_year",
    "equity_final",
    "equity_peak",
    "total_return",
    "cagr",
    "volatility",
    "sharpe",
    "sortino",
    "calmar",
    "max_drawdown",
    "max_drawdown_duration_ns",
    "max_drawdown_duration_bars",
    "exposure",
    "buy_and_hold_return",
    "n_trades",
    "win_rate",
    "profit_factor",
    "profit_factor_returns",
    "expectancy",
    "avg_trade_pnl",
    "avg_trade_return",
    "best_trade",
    "worst_trade",
    "avg_bars_held",
    "sqn",
    "kelly",
];

/// Writes `s` into `out` (len [`NAMES`]`.len()`), in [`NAMES`] order. Counts and
/// nanosecond durations become f64 (exact below 2^53).
///
/// # Panics
/// If `out` is shorter than [`NAMES`].
pub fn write_row(s: &Stats, out: &mut [f64]) {
    let t = &s.trades;
    let row = [
        s.n_bars as f64,
        s.years,
        s.periods_per_year,
        s.equity_final,
        s.equity_peak,
        s.total_return,
        s.cagr,
        s.volatility,
        s.sharpe,
        s.sortino,
        s.calmar,
        s.max_drawdown,
        s.max_drawdown_duration_ns as f64,
        s.max_drawdown_duration_bars as f64,
        s.exposure,
        s.buy_and_hold_return,
        t.n_trades as f64,
        t.win_rate,
        t.profit_factor,
        t.profit_factor_returns,
        t.expectancy,
        t.avg_trade_pnl,
        t.avg_trade_return,
        t.best_trade,
        t.worst_trade,
        t.avg_bars_held,
        t.sqn,
        t.kelly,
    ];
    out[..NAMES.len()].copy_from_slice(&row);
}

#[cfg(test)]
mod tests {
    use super::*;
    use barstream_stats::{compute, StatsInput};

    #[test]
    fn names_are_the_stats_json_keys_and_rows_follow_them() {
        let ts = [0, 86_400_000_000_000, 2 * 86_400_000_000_000];
        let s = compute(&StatsInput {
            ts: &ts,
            equity: &[100.0, 90.0, 120.0],
            close: &[1.0, 2.0, 3.0],
            initial_cash: 100.0,
            trades: &[],
            bars_in_market: 1,
        });
        let json = serde_json::to_value(s).unwrap();
        let obj = json.as_object().unwrap();
        assert_eq!(obj.len(), NAMES.len());
        let mut row = [0.0; 28];
        write_row(&s, &mut row);
        for (name, v) in NAMES.iter().zip(row) {
            let want = obj[*name].as_f64();
            assert!(
                want == Some(v) || (want.is_none() && v.is_nan()),
                "{name}: {v} vs {want:?}"
            );
        }
    }
}
