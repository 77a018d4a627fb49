//! Pre-screen metrics of one symbol as of its last bar, from daily aggregates.
//!
//! Bars are grouped by UTC date (`ts.div_euclid(86_400e9)`), so daily and
//! intraday data give the same kind of number: a day's close is the close of its
//! last bar and its dollar volume is `sum(close * volume)` over its bars.

use barstream_model::{Bars, Batch, Error};
use rayon::prelude::*;

const NS_PER_DAY: i64 = 86_400_000_000_000;

/// One symbol's pre-screen metrics as of its last bar (NaN when there are not
/// enough days for a metric).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PrescreenMetrics {
    /// Close of the last bar, price.
    pub last_close: f64,
    /// Mean daily dollar volume over the last `dollar_volume_days` UTC dates
    /// with bars, currency; NaN with fewer dates.
    pub avg_dollar_volume: f64,
    /// Sample standard deviation (n-1) of the last `volatility_days` simple
    /// day-over-day close returns, fraction; NaN with fewer than
    /// `volatility_days + 1` dates.
    pub volatility: f64,
    /// UTC dates seen (counted back from the last bar, at most the number needed).
    pub days: usize,
}

/// Metrics of `bars` as of its last bar (see [`PrescreenMetrics`]). Reads only
/// the last `max(dollar_volume_days, volatility_days + 1)` dates.
///
/// # Panics
/// Panics if `dollar_volume_days == 0` or `volatility_days < 2` (the spec
/// validates this first).
pub fn prescreen_metrics(
    bars: &Bars,
    dollar_volume_days: usize,
    volatility_days: usize,
) -> PrescreenMetrics {
    assert!(
        dollar_volume_days > 0 && volatility_days >= 2,
        "prescreen_metrics: need dollar_volume_days >= 1 and volatility_days >= 2"
    );
    let need = dollar_volume_days.max(volatility_days + 1);
    // (close, dollar volume) per date, most recent first.
    let mut days: Vec<(f64, f64)> = Vec::with_capacity(need);
    let mut cur_day = None;
    for t in (0..bars.len()).rev() {
        let day = bars.ts[t].div_euclid(NS_PER_DAY);
        if cur_day != Some(day) {
            if days.len() == need {
                break;
            }
            cur_day = Some(day);
            days.push((bars.close[t], 0.0));
        }
        days.last_mut().expect("pushed above").1 += bars.close[t] * bars.volume[t];
    }
    let avg_dollar_volume = if days.len() >= dollar_volume_days {
        days[..dollar_volume_days].iter().map(|d| d.1).sum::<f64>() / dollar_volume_days as f64
    } else {
        f64::NAN
    };
    let volatility = if days.len() > volatility_days {
        let r: Vec<f64> = (0..volatility_days)
            .map(|k| days[k].0 / days[k + 1].0 - 1.0)
            .collect();
        let mean = r.iter().sum::<f64>() / r.len() as f64;
        let ss: f64 = r.iter().map(|x| (x - mean) * (x - mean)).sum();
        (ss / (r.len() - 1) as f64).sqrt()
    } else {
        f64::NAN
    };
    PrescreenMetrics {
        last_close: bars.close.last().copied().unwrap_or(f64::NAN),
        avg_dollar_volume,
        volatility,
        days: days.len(),
    }
}

/// [`prescreen_metrics`] for every symbol of `batch`, in parallel on the current
/// rayon pool; one result per symbol, in order.
///
/// # Errors
/// See [`Batch::validate`].
///
/// # Panics
/// As [`prescreen_metrics`].
pub fn prescreen_batch(
    batch: Batch,
    dollar_volume_days: usize,
    volatility_days: usize,
) -> Result<Vec<PrescreenMetrics>, Error> {
    batch.validate()?;
    Ok((0..batch.symbols())
        .into_par_iter()
        .map(|i| {
            let bars = batch.bars.slice(batch.offsets[i], batch.offsets[i + 1]);
            prescreen_metrics(&bars, dollar_volume_days, volatility_days)
        })
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::{aapl, read_bars};

    #[test]
    fn daily_bars_average_the_last_n_dollar_volumes_and_returns() {
        let d = aapl();
        let n = d.close.len();
        let m = prescreen_metrics(&d.bars(), 20, 10);
        let dv: f64 = (n - 20..n).map(|t| d.close[t] * d.volume[t]).sum::<f64>() / 20.0;
        assert!((m.avg_dollar_volume - dv).abs() <= 1e-9 * dv);
        let r: Vec<f64> = (n - 10..n)
            .map(|t| d.close[t] / d.close[t - 1] - 1.0)
            .collect();
        let mean = r.iter().sum::<f64>() / 10.0;
        let sd = (r.iter().map(|x| (x - mean).powi(2)).sum::<f64>() / 9.0).sqrt();
        assert!((m.volatility - sd).abs() < 1e-12);
        assert_eq!(m.last_close, d.close[n - 1]);
        assert_eq!(m.days, 20);
    }

    #[test]
    fn too_few_days_give_nan() {
        let d = aapl();
        let few = d.bars().slice(0, 15);
        let m = prescreen_metrics(&few, 20, 15);
        assert!(m.avg_dollar_volume.is_nan() && m.volatility.is_nan());
        assert_eq!(m.days, 15);
        let m = prescreen_metrics(&few, 15, 14);
        assert!(m.avg_dollar_volume.is_finite() && m.volatility.is_finite());
    }

    #[test]
    fn intraday_bars_are_summed_per_utc_date() {
        let d = read_bars("intraday_etf_1min/DBB_1min_2023-07-10_to_2025-07-08.csv");
        let m = prescreen_metrics(&d.bars(), 5, 3);
        // Reference: group all bars by date with a map.
        let mut by_day: std::collections::BTreeMap<i64, (f64, f64)> = Default::default();
        for t in 0..d.close.len() {
            let e = by_day.entry(d.ts[t] / NS_PER_DAY).or_insert((0.0, 0.0));
            e.0 = d.close[t];
            e.1 += d.close[t] * d.volume[t];
        }
        let last: Vec<(f64, f64)> = by_day.values().rev().take(5).copied().collect();
        let dv = last.iter().map(|x| x.1).sum::<f64>() / 5.0;
        assert!(
            (m.avg_dollar_volume - dv).abs() <= 1e-9 * dv,
            "{} {dv}",
            m.avg_dollar_volume
        );
        let r: Vec<f64> = (0..3).map(|k| last[k].0 / last[k + 1].0 - 1.0).collect();
        let mean = r.iter().sum::<f64>() / 3.0;
        let sd = (r.iter().map(|x| (x - mean).powi(2)).sum::<f64>() / 2.0).sqrt();
        assert!((m.volatility - sd).abs() < 1e-12);
    }
}
