//! Comparing a focused result with its plain path (`--verify`).

use crate::run::SymbolResult;

/// The first difference between `focused` and `plain` (the plain path's result for the
/// same symbol, strategy, settings and windows), as a sentence naming the trade, bar or
/// statistic; `None` when they are identical: every trade field (closed and open), every equity value
/// and every statistic bit for bit, and the ambiguous-bar and rejected-order counts.
/// `equity` is the focused equity curve (`focused.equity`, or the curve
/// [`super::FocusedResult::expand_equity`] wrote).
pub fn first_difference(
    plain: &SymbolResult,
    focused: &SymbolResult,
    equity: &[f64],
) -> Option<String> {
    if plain.trades.len() != focused.trades.len() {
        return Some(format!(
            "{} trades, the plain path has {}",
            focused.trades.len(),
            plain.trades.len()
        ));
    }
    if let Some((k, (p, f))) = plain
        .trades
        .iter()
        .zip(&focused.trades)
        .enumerate()
        .find(|(_, (p, f))| p != f)
    {
        return Some(format!("trade {k} is {f:?}, the plain path has {p:?}"));
    }
    if plain.open != focused.open {
        return Some(format!(
            "open position at the end is {:?}, the plain path has {:?}",
            focused.open, plain.open
        ));
    }
    if plain.equity.len() != equity.len() {
        return Some(format!(
            "equity has {} bars, the plain path {}",
            equity.len(),
            plain.equity.len()
        ));
    }
    if let Some(t) = (0..equity.len()).find(|&t| plain.equity[t].to_bits() != equity[t].to_bits()) {
        return Some(format!(
            "equity at bar {t} is {}, the plain path has {}",
            equity[t], plain.equity[t]
        ));
    }
    // Shortest round-trip text: equal text is equal bits (NaN as null on both sides).
    let (p, f) = (stats_fields(plain), stats_fields(focused));
    if let Some(((key, a), (_, b))) = p.iter().zip(&f).find(|(a, b)| a != b) {
        return Some(format!("statistic {key} is {b}, the plain path has {a}"));
    }
    if plain.ambiguous_bars != focused.ambiguous_bars
        || plain.rejected_orders != focused.rejected_orders
    {
        return Some(format!(
            "ambiguous bars / rejected orders {} / {}, the plain path {} / {}",
            focused.ambiguous_bars,
            focused.rejected_orders,
            plain.ambiguous_bars,
            plain.rejected_orders
        ));
    }
    None
}

/// The statistics as `(name, value as JSON text)`, in declaration order.
fn stats_fields(r: &SymbolResult) -> Vec<(String, String)> {
    match serde_json::to_value(r.stats) {
        Ok(serde_json::Value::Object(m)) => {
            m.into_iter().map(|(k, v)| (k, v.to_string())).collect()
        }
        other => vec![("stats".into(), format!("{other:?}"))],
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::replay::ReplayOutput;
    use crate::run::symbol_result;
    use crate::{Bars, ReplayConfig};
    use barstream_model::{ExitReason, Side, Trade};

    fn result(equity: Vec<f64>, pnl: f64) -> SymbolResult {
        let n = equity.len();
        let ts: Vec<i64> = (0..n as i64).map(|i| i * 86_400_000_000_000).collect();
        let px = vec![10.0; n];
        let bars = Bars {
            ts: &ts,
            open: &px,
            high: &px,
            low: &px,
            close: &px,
            volume: &px,
        };
        let trade = Trade {
            side: Side::Long,
            qty: 1.0,
            entry_bar: 0,
            exit_bar: 1,
            entry_price: 10.0,
            exit_price: 10.0,
            commission: 0.0,
            pnl,
            return_frac: 0.0,
            exit_reason: ExitReason::Signal,
            mfe: 0.0,
            mae: 0.0,
        };
        let out = ReplayOutput {
            trades: vec![trade],
            open: None,
            equity,
            bars_in_market: 1,
            ambiguous_bars: 0,
            rejected_orders: 0,
            final_cash: 0.0,
        };
        symbol_result(
            out,
            bars.ts,
            bars.close,
            ReplayConfig::default().initial_cash,
        )
    }

    #[test]
    fn identical_results_have_no_difference_and_each_kind_is_named() {
        let a = result(vec![100.0, 101.0, 102.0], 0.0);
        assert_eq!(first_difference(&a, &a.clone(), &a.equity), None);
        let b = result(vec![100.0, 101.0, 102.5], 0.0);
        assert_eq!(
            first_difference(&a, &b, &b.equity).unwrap(),
            "equity at bar 2 is 102.5, the plain path has 102"
        );
        let c = result(vec![100.0, 101.0, 102.0], 1.0);
        assert!(first_difference(&a, &c, &c.equity)
            .unwrap()
            .starts_with("trade 0 is Trade"));
        let mut d = a.clone();
        d.ambiguous_bars = 3;
        assert!(first_difference(&a, &d, &d.equity)
            .unwrap()
            .starts_with("ambiguous bars"));
        let mut e = a.clone();
        e.stats.sharpe = 1.5;
        assert_eq!(
            first_difference(&a, &e, &e.equity).unwrap(),
            format!(
                "statistic sharpe is 1.5, the plain path has {}",
                serde_json::json!(a.stats.sharpe)
            )
        );
    }
}
