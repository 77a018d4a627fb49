//! Statistics of a whole universe: every symbol trades its own starting cash; the
//! universe's equity is the sum of the symbols' equity curves on the union of their
//! timestamps (forward-filled), and its buy-and-hold is the same sum over each symbol
//! holding its cash in the symbol from its first close.

use barstream_stats::{aggregate_equity, trade_stats, Stats, StatsInput, TradeRecord, TradeStats};

/// One symbol's curves, borrowed. All three have the same length.
#[derive(Debug, Clone, Copy)]
pub struct Member<'a> {
    /// Bar time, UTC ns, strictly ascending.
    pub ts: &'a [i64],
    /// Equity after each bar, currency.
    pub equity: &'a [f64],
    /// Close per bar, for buy-and-hold.
    pub close: &'a [f64],
}

/// A universe's display/statistics curves on the union of its members' timestamps.
#[derive(Debug, Clone, PartialEq)]
pub struct UniverseCurves {
    /// Sorted union of the members' bar times, UTC ns.
    pub ts: Vec<i64>,
    /// Summed equity (forward-filled per member), currency, same length as `ts`.
    pub equity: Vec<f64>,
    /// Summed buy-and-hold: each member holds `initial_cash` in its symbol from its first
    /// close (`initial_cash * close / close[0]`), currency, same length as `ts`.
    pub hold: Vec<f64>,
}

/// The universe's summed equity and buy-and-hold curves (see the module doc), the curves
/// [`universe_stats`] computes its statistics on.
///
/// `initial_cash`: starting cash of EACH member, currency.
///
/// # Errors
/// A message naming the member whose lengths differ or whose timestamps do not ascend.
pub fn universe_curves(members: &[Member], initial_cash: f64) -> Result<UniverseCurves, String> {
    for (i, m) in members.iter().enumerate() {
        if m.equity.len() != m.ts.len() || m.close.len() != m.ts.len() {
            return Err(format!(
                "universe member {i}: ts, equity and close lengths differ"
            ));
        }
        if m.ts.windows(2).any(|w| w[0] >= w[1]) {
            return Err(format!(
                "universe member {i}: timestamps are not strictly ascending"
            ));
        }
    }
    let curves: Vec<(&[i64], &[f64])> = members.iter().map(|m| (m.ts, m.close)).collect();
    let (_, hold_sum) = buy_and_hold_sum(&curves, initial_cash);
    let eq_curves: Vec<(&[i64], &[f64])> = members.iter().map(|m| (m.ts, m.equity)).collect();
    let (ts, equity) = aggregate_equity(&eq_curves);
    Ok(UniverseCurves {
        ts,
        equity,
        hold: hold_sum,
    })
}

/// Universe statistics.
///
/// `initial_cash`: starting cash of EACH member (the universe starts with
/// `initial_cash * members.len()`). `pnl`, `return_frac`: every trade of every member.
/// Exposure is not defined across symbols with different calendars and is NaN.
///
/// # Errors
/// A message naming the member whose lengths differ.
pub fn universe_stats(
    members: &[Member],
    initial_cash: f64,
    pnl: &[f64],
    return_frac: &[f64],
) -> Result<Stats, String> {
    let curves = universe_curves(members, initial_cash)?;
    universe_stats_on(&curves, members.len(), initial_cash, pnl, return_frac)
}

/// [`universe_stats`] on curves already summed by [`universe_curves`] (for callers that
/// keep the curves too, such as the run result): `members` is the number of symbols
/// summed, `initial_cash` the starting cash of EACH.
///
/// # Errors
/// When `pnl` and `return_frac` lengths differ.
pub fn universe_stats_on(
    curves: &UniverseCurves,
    members: usize,
    initial_cash: f64,
    pnl: &[f64],
    return_frac: &[f64],
) -> Result<Stats, String> {
    if pnl.len() != return_frac.len() {
        return Err("universe: pnl and return_frac lengths differ".into());
    }
    // Trade bars are per-symbol; only P&L and returns matter for the universe's trade stats.
    let trades: Vec<TradeRecord> = pnl
        .iter()
        .zip(return_frac)
        .map(|(&p, &r)| TradeRecord {
            pnl: p,
            return_frac: r,
            entry_bar: 0,
            exit_bar: 0,
        })
        .collect();
    Ok(summed_stats(
        &curves.ts,
        &curves.equity,
        &curves.hold,
        initial_cash * members as f64,
        trade_stats(&trades),
    ))
}

/// The universe's buy-and-hold curve: each symbol holds `initial_cash` (currency) in the
/// symbol from its first close, curves summed as [`aggregate_equity`] sums equity.
///
/// `members`: one `(ts, close)` per symbol (UTC ns ascending, price; same length).
/// Returns `(union ts, summed holding value)`, the same union as the equity aggregate.
///
/// # Panics
/// As [`aggregate_equity`].
pub fn buy_and_hold_sum(members: &[(&[i64], &[f64])], initial_cash: f64) -> (Vec<i64>, Vec<f64>) {
    let hold: Vec<Vec<f64>> = members
        .iter()
        .map(|(_, close)| match close.first() {
            Some(&c0) => close.iter().map(|c| initial_cash * c / c0).collect(),
            None => Vec::new(),
        })
        .collect();
    let curves: Vec<(&[i64], &[f64])> = members
        .iter()
        .zip(&hold)
        .map(|((ts, _), h)| (*ts, h.as_slice()))
        .collect();
    aggregate_equity(&curves)
}

/// Universe statistics from the already summed curves: `ts` (union, UTC ns), `equity` and
/// `hold_sum` (currency, same length; see [`aggregate_equity`] and [`buy_and_hold_sum`]),
/// `initial_cash_total` (cash of all members together) and the trade statistics of every
/// member's trades. Exposure and average bars held are NaN (not defined across calendars).
/// [`universe_stats`] is this over curves it sums itself; sweeps sum curves as they go.
///
/// # Panics
/// If the lengths of `ts`, `equity` and `hold_sum` differ.
pub fn summed_stats(
    ts: &[i64],
    equity: &[f64],
    hold_sum: &[f64],
    initial_cash_total: f64,
    trades: TradeStats,
) -> Stats {
    let mut stats = barstream_stats::compute(&StatsInput {
        ts,
        equity,
        close: hold_sum,
        initial_cash: initial_cash_total,
        trades: &[],
        bars_in_market: 0,
    });
    if !ts.is_empty() {
        stats.trades = trades;
    }
    stats.exposure = f64::NAN;
    stats.trades.avg_bars_held = f64::NAN;
    stats
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn universe_curves_sum_members_on_the_union_with_forward_fill() {
        // Member a trades days 1 and 3, member b days 2 and 3: at day 1 b counts its first
        // value; at day 2 a keeps day 1's (values worked out by hand).
        let a = Member {
            ts: &[1, 3],
            equity: &[100.0, 110.0],
            close: &[10.0, 20.0],
        };
        let b = Member {
            ts: &[2, 3],
            equity: &[100.0, 90.0],
            close: &[4.0, 2.0],
        };
        let c = universe_curves(&[a, b], 100.0).unwrap();
        assert_eq!(c.ts, vec![1, 2, 3]);
        assert_eq!(c.equity, vec![200.0, 200.0, 200.0]);
        // hold: a = 100 * close / 10 -> 100, 100, 200; b = 100 * close / 4 -> 100, 100, 50.
        assert_eq!(c.hold, vec![200.0, 200.0, 250.0]);
    }

    #[test]
    fn universe_curves_reject_mismatched_lengths_naming_the_member() {
        let a = Member {
            ts: &[1, 2],
            equity: &[100.0],
            close: &[1.0, 1.0],
        };
        let err = universe_curves(&[a], 100.0).unwrap_err();
        assert!(err.contains("member 0"), "{err}");
    }
}
