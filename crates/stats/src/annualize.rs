//! Time span and annualisation of a bar series.
//!
//! A year is 365.25 days (Julian year), as in backtesting.py's CAGR
//! (`_stats.py::compute_stats`, `time_in_years = days / 365.25`).

/// Nanoseconds in a 365.25-day year.
pub const NS_PER_YEAR: f64 = 365.25 * 86_400.0 * 1e9;

/// Years between the first and the last timestamp.
///
/// `ts`: bar timestamps, UTC ns, ascending, len n. Returns 0 for n < 2.
pub fn years_spanned(ts: &[i64]) -> f64 {
    match (ts.first(), ts.last()) {
        (Some(first), Some(last)) => (last - first) as f64 / NS_PER_YEAR,
        _ => 0.0,
    }
}

/// Bars per year observed in `ts`: `(n - 1) / years_spanned(ts)`.
///
/// This is the scale for annualising per-bar returns: about 252 for US daily bars,
/// about 98,000 for 1-minute bars of a 6.5-hour session, 525,960 for 24/7 minutes.
/// Inferring it from the data (rather than from a calendar) keeps sessions, weekends
/// and holidays right for any bar size.
/// `ts`: UTC ns, ascending, len n. NaN when n < 2 or the span is 0.
pub fn periods_per_year(ts: &[i64]) -> f64 {
    let years = years_spanned(ts);
    if ts.len() < 2 || years <= 0.0 {
        return f64::NAN;
    }
    (ts.len() - 1) as f64 / years
}

/// Compound annual growth rate, a fraction: `(final / initial)^(1 / years) - 1`.
///
/// `initial`, `final_value`: equity in currency; `years`: span in years.
/// NaN when `years <= 0` or `initial <= 0` (same definition as backtesting.py's `CAGR [%]`).
pub fn cagr(initial: f64, final_value: f64, years: f64) -> f64 {
    if years <= 0.0 || initial <= 0.0 {
        return f64::NAN;
    }
    (final_value / initial).powf(1.0 / years) - 1.0
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::golden;

    const DAY: i64 = 86_400_000_000_000;

    #[test]
    fn periods_per_year_of_daily_24_7_bars_is_365_25() {
        // 1462 daily bars = 1461 days = exactly 4 Julian years: 1461 / 4 = 365.25 bars/year.
        let ts: Vec<i64> = (0..1462).map(|i| i * DAY).collect();
        assert_eq!(years_spanned(&ts), 4.0);
        assert_eq!(periods_per_year(&ts), 365.25);
    }

    #[test]
    fn periods_per_year_of_goog_trading_days_is_near_252() {
        // 2148 GOOG sessions from 2004-08-19 to 2013-03-01 (3116 days): 2147 / (3116 / 365.25).
        let g = golden();
        let ppy = periods_per_year(&g.ts);
        assert!((ppy - 2147.0 / (3116.0 / 365.25)).abs() < 1e-9, "{ppy}");
        assert!((250.0..254.0).contains(&ppy));
    }

    #[test]
    fn cagr_doubles_in_one_year_to_100_percent_and_is_nan_without_span() {
        assert!((cagr(100.0, 200.0, 1.0) - 1.0).abs() < 1e-15);
        // 4x in 2 years is 2x a year.
        assert!((cagr(100.0, 400.0, 2.0) - 1.0).abs() < 1e-15);
        assert!(cagr(100.0, 400.0, 0.0).is_nan());
        assert!(periods_per_year(&[5]).is_nan());
    }

    #[test]
    fn cagr_matches_backtesting_py_on_golden_curve() {
        let g = golden();
        let years = years_spanned(&g.ts);
        let ours = cagr(10_000.0, *g.equity.last().unwrap(), years);
        assert!((ours * 100.0 - g.stat("CAGR [%]")).abs() < 1e-9);
    }
}
