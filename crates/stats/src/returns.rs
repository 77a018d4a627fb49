//! Per-bar returns of an equity curve and the risk ratios built on them.
//!
//! Risk-free rate 0. Definitions (all annualised with `periods_per_year`, see
//! [`crate::annualize::periods_per_year`]):
//! - volatility = `sample_std(r) * sqrt(ppy)` (ddof = 1);
//! - Sharpe (Sharpe 1994) = `mean(r) / sample_std(r) * sqrt(ppy)`;
//! - Sortino (Sortino & Price 1994) = `mean(r) / DD * sqrt(ppy)` with the downside deviation
//!   `DD = sqrt(sum(min(r, 0)^2) / N)` over all N returns (target 0).
//!
//! backtesting.py differs: it resamples equity to calendar days, uses the geometric mean
//! return annualised over 252 (or 365) days, and a compounded volatility, so its Sharpe,
//! Sortino and volatility are not comparable to these (its downside deviation is the same).

use crate::moments::{mean, ratio, sample_std};

/// Simple returns between consecutive bars: `equity[t] / equity[t-1] - 1` for t in 1..n.
///
/// `equity`: currency per bar, len n. Returns len `n - 1` (empty for n < 2).
/// A zero equity makes the next return infinite or NaN, which then propagates into the ratios.
pub fn bar_returns(equity: &[f64]) -> Vec<f64> {
    equity.windows(2).map(|w| w[1] / w[0] - 1.0).collect()
}

/// Total return, a fraction: `(final - initial) / initial`. NaN when `initial` is 0.
///
/// Same as backtesting.py's `Return [%]` / 100 when `initial` is the first equity value.
pub fn total_return(initial: f64, final_value: f64) -> f64 {
    ratio(final_value - initial, initial)
}

/// Buy-and-hold return of `close`, a fraction: `(close[n-1] - close[0]) / close[0]`.
///
/// `close`: price per bar over the window to hold. NaN for an empty slice.
/// backtesting.py starts holding at the first bar after its indicator warm-up; pass
/// `&close[warmup..]` to get its `Buy & Hold Return [%]` / 100.
pub fn buy_and_hold_return(close: &[f64]) -> f64 {
    match (close.first(), close.last()) {
        (Some(&first), Some(&last)) => total_return(first, last),
        _ => f64::NAN,
    }
}

/// Annualised volatility, a fraction: `sample_std(r) * sqrt(ppy)`. NaN for fewer than 2 returns.
///
/// `r`: per-bar returns ([`bar_returns`]); `ppy`: bars per year.
pub fn volatility(r: &[f64], ppy: f64) -> f64 {
    sample_std(r) * ppy.sqrt()
}

/// Annualised Sharpe ratio (risk-free 0): `mean(r) / sample_std(r) * sqrt(ppy)`.
///
/// NaN for fewer than 2 returns or a flat curve (std 0).
pub fn sharpe(r: &[f64], ppy: f64) -> f64 {
    ratio(mean(r), sample_std(r)) * ppy.sqrt()
}

/// Downside deviation with target 0: `sqrt(sum(min(r, 0)^2) / N)`, N = all returns.
///
/// NaN for no returns. Same as the denominator of backtesting.py's Sortino before annualising.
pub fn downside_deviation(r: &[f64]) -> f64 {
    let below: Vec<f64> = r.iter().map(|&x| x.min(0.0) * x.min(0.0)).collect();
    mean(&below).sqrt()
}

/// Annualised Sortino ratio (target 0): `mean(r) / downside_deviation(r) * sqrt(ppy)`.
///
/// NaN when there are no returns or no negative return (downside deviation 0).
pub fn sortino(r: &[f64], ppy: f64) -> f64 {
    ratio(mean(r), downside_deviation(r)) * ppy.sqrt()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::golden;

    #[test]
    fn ratios_of_hand_curve_match_hand_arithmetic() {
        // equity 100 -> 110 -> 99 -> 108.9: returns +0.10, -0.10, +0.10.
        let r = bar_returns(&[100.0, 110.0, 99.0, 108.9]);
        assert_eq!(r.len(), 3);
        assert!((r[1] + 0.1).abs() < 1e-15 && (r[2] - 0.1).abs() < 1e-12);
        // mean = 0.1/3; deviations 0.0667, -0.1333, 0.0667: ss = 0.02667, std = sqrt(0.01333)
        // = 0.11547; Sharpe at ppy 4 = 0.03333 / 0.11547 * 2 = 0.57735 = 1/sqrt(3).
        assert!((sharpe(&r, 4.0) - 1.0 / 3f64.sqrt()).abs() < 1e-9);
        assert!((volatility(&r, 4.0) - 2.0 * (0.04f64 / 3.0).sqrt()).abs() < 1e-9);
        // Downside: sqrt(0.01 / 3) = 0.057735; Sortino at ppy 4 = 0.03333 / 0.057735 * 2 = 1.1547.
        assert!((downside_deviation(&r) - (0.01f64 / 3.0).sqrt()).abs() < 1e-12);
        assert!((sortino(&r, 4.0) - 2.0 / 3f64.sqrt()).abs() < 1e-9);
    }

    #[test]
    fn ratios_without_risk_are_nan_not_infinite() {
        let flat = bar_returns(&[5.0, 5.0, 5.0]);
        assert!(sharpe(&flat, 252.0).is_nan());
        let rising = bar_returns(&[1.0, 2.0, 3.0]);
        assert!(sortino(&rising, 252.0).is_nan());
        assert!(sharpe(&bar_returns(&[1.0, 2.0]), 252.0).is_nan());
    }

    #[test]
    fn return_and_buy_and_hold_match_backtesting_py_on_golden_run() {
        let g = golden();
        let ours = total_return(10_000.0, *g.equity.last().unwrap());
        assert!((ours * 100.0 - g.stat("Return [%]")).abs() < 1e-9);
        let bh = buy_and_hold_return(&g.close[g.warmup_bars..]);
        assert!((bh * 100.0 - g.stat("Buy & Hold Return [%]")).abs() < 1e-9);
    }

    #[test]
    fn std_and_downside_deviation_rebuild_backtesting_py_volatility_and_sortino() {
        // On daily bars backtesting.py's day returns are our bar returns. Its annualised
        // return is (1+g)^252 - 1 (g: geometric mean return), its volatility
        // sqrt((var + (1+g)^2)^252 - (1+g)^504) and its Sortino ann / (DD * sqrt(252)).
        // Rebuilding them from our sample_std and downside_deviation checks both.
        let g = golden();
        let r = bar_returns(&g.equity);
        let gm = (r.iter().map(|x| (1.0 + x).ln()).sum::<f64>() / r.len() as f64).exp() - 1.0;
        let ann = (1.0 + gm).powi(252) - 1.0;
        assert!((ann * 100.0 - g.stat("Return (Ann.) [%]")).abs() < 1e-9);
        let var = sample_std(&r).powi(2);
        let vol = ((var + (1.0 + gm).powi(2)).powi(252) - (1.0 + gm).powi(504)).sqrt();
        assert!((vol * 100.0 - g.stat("Volatility (Ann.) [%]")).abs() < 1e-9);
        let sortino_bt = ann / (downside_deviation(&r) * 252f64.sqrt());
        assert!((sortino_bt - g.stat("Sortino Ratio")).abs() < 1e-9);
    }
}
