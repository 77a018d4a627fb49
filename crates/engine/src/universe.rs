//! Statistics of a whole universe: every symbol trades its own starting cash; the
//! universe's equity is the sum of the symbols' equity curves on the union of their
//! timestamps (forward-filled), and its buy-and-hold is the same sum over each symbol
//! holding its cash in the symbol from its first close.

use barstream_stats::{aggregate_equity, Stats, StatsInput, TradeRecord};

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
    if pnl.len() != return_frac.len() {
        return Err("universe: pnl and return_frac lengths differ".into());
    }
    let hold: Vec<Vec<f64>> = members
        .iter()
        .map(|m| match m.close.first() {
            Some(&c0) => m.close.iter().map(|c| initial_cash * c / c0).collect(),
            None => Vec::new(),
        })
        .collect();
    let eq_curves: Vec<(&[i64], &[f64])> = members.iter().map(|m| (m.ts, m.equity)).collect();
    let bh_curves: Vec<(&[i64], &[f64])> = members
        .iter()
        .zip(&hold)
        .map(|(m, h)| (m.ts, h.as_slice()))
        .collect();
    let (ts, equity) = aggregate_equity(&eq_curves);
    let (_, hold_sum) = aggregate_equity(&bh_curves);
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
    let mut stats = barstream_stats::compute(&StatsInput {
        ts: &ts,
        equity: &equity,
        close: &hold_sum,
        initial_cash: initial_cash * members.len() as f64,
        trades: if ts.is_empty() { &[] } else { &trades },
        bars_in_market: 0,
    });
    stats.exposure = f64::NAN;
    stats.trades.avg_bars_held = f64::NAN;
    Ok(stats)
}
