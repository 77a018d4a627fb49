//! Bollinger bands (TA-Lib `BBANDS` with the default SMA middle band).
//!
//! `middle = SMA(period)`, `sd = population stddev(period)` (see
//! [`crate::volatility::stddev`]), `upper = middle + sd * nbdev_up`,
//! `lower = middle - sd * nbdev_dn`; first value at index `period - 1`.
//! Like TA-Lib 0.8, when `nbdev_up != nbdev_dn` the upper band is computed with a
//! fused multiply-add (`fma(sd, nbdev_up, middle)`), which keeps it bit-identical.

use crate::average::sma::{sma, Sma};
use crate::indicator::Indicator;
use crate::util::nan_vec;
use crate::volatility::stddev::{variance, RollingVar};
use serde::{Deserialize, Serialize};

/// Output of [`bbands`]: three lines, each len n, NaN during warm-up.
#[derive(Debug, Clone, PartialEq)]
pub struct BandsOutput {
    /// Middle + k_up standard deviations, price units.
    pub upper: Vec<f64>,
    /// SMA of the input, price units.
    pub middle: Vec<f64>,
    /// Middle - k_dn standard deviations, price units.
    pub lower: Vec<f64>,
}

/// One bar of [`Bbands`] output.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Bands {
    /// Middle + k_up standard deviations, price units.
    #[serde(with = "barstream_model::serde_f64")]
    pub upper: f64,
    /// SMA of the input, price units.
    #[serde(with = "barstream_model::serde_f64")]
    pub middle: f64,
    /// Middle - k_dn standard deviations, price units.
    #[serde(with = "barstream_model::serde_f64")]
    pub lower: f64,
}

fn bands(middle: f64, sd: f64, nbdev_up: f64, nbdev_dn: f64) -> Bands {
    let upper = if nbdev_up == nbdev_dn {
        middle + sd * nbdev_up
    } else {
        sd.mul_add(nbdev_up, middle)
    };
    Bands {
        upper,
        middle,
        lower: middle - sd * nbdev_dn,
    }
}

/// Bollinger bands; NaN during warm-up (first value at index `period - 1`) and
/// around non-finite inputs (see crate docs).
///
/// # Panics
///
/// Panics if `period == 0` ("bbands: period must be > 0").
#[must_use]
pub fn bbands(x: &[f64], period: usize, nbdev_up: f64, nbdev_dn: f64) -> BandsOutput {
    assert!(period > 0, "bbands: period must be > 0");
    let n = x.len();
    let middle = sma(x, period);
    let mut var = variance(x, period);
    // `var` becomes the upper band, a fresh buffer the lower one.
    let mut lower = nan_vec(n);
    for i in 0..n {
        if !middle[i].is_nan() {
            let b = bands(middle[i], var[i].sqrt(), nbdev_up, nbdev_dn);
            var[i] = b.upper;
            lower[i] = b.lower;
        }
    }
    BandsOutput {
        upper: var,
        middle,
        lower,
    }
}

/// Incremental Bollinger bands; equal [`bbands`] at every bar.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Bbands {
    /// Window length in bars.
    pub period: usize,
    /// Standard deviations above the middle band.
    #[serde(with = "barstream_model::serde_f64")]
    pub nbdev_up: f64,
    /// Standard deviations below the middle band.
    #[serde(with = "barstream_model::serde_f64")]
    pub nbdev_dn: f64,
    sma: Sma,
    var: RollingVar,
    value: Option<Bands>,
}

impl Bbands {
    /// New Bollinger bands over `period` bars.
    ///
    /// # Panics
    ///
    /// Panics if `period == 0` ("Bbands: period must be > 0").
    #[must_use]
    pub fn new(period: usize, nbdev_up: f64, nbdev_dn: f64) -> Self {
        assert!(period > 0, "Bbands: period must be > 0");
        Self {
            period,
            nbdev_up,
            nbdev_dn,
            sma: Sma::new(period),
            var: RollingVar::new(period),
            value: None,
        }
    }

    /// Feeds one value; `None` during warm-up. A non-finite `x` resets the
    /// indicator and returns `None`.
    pub fn update(&mut self, x: f64) -> Option<Bands> {
        if !x.is_finite() {
            self.reset();
            return None;
        }
        let middle = self.sma.update(x);
        let var = self.var.update(x);
        self.value = match (middle, var) {
            (Some(m), Some(v)) => Some(bands(m, v.sqrt(), self.nbdev_up, self.nbdev_dn)),
            _ => None,
        };
        self.value
    }

    /// Last output, `None` during warm-up.
    #[must_use]
    pub fn value(&self) -> Option<Bands> {
        self.value
    }
}

impl Indicator for Bbands {
    fn name(&self) -> String {
        format!(
            "BBANDS({},{},{})",
            self.period, self.nbdev_up, self.nbdev_dn
        )
    }

    fn lookback(&self) -> usize {
        self.period - 1
    }

    fn initialized(&self) -> bool {
        self.value.is_some()
    }

    fn reset(&mut self) {
        self.sma.reset();
        self.var.reset();
        self.value = None;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::average::sma::sma;
    use crate::testing::{self, assert_series_close, assert_stream_matches, differs};
    use crate::volatility::stddev::stddev;

    fn stream(x: &[f64], p: usize, up: f64, dn: f64) -> Vec<Option<Bands>> {
        let mut b = Bbands::new(p, up, dn);
        x.iter().map(|&v| b.update(v)).collect()
    }

    #[test]
    fn test_bands_are_sma_plus_minus_scaled_stddev() {
        let c = testing::aapl().close;
        let out = bbands(&c, 20, 2.0, 2.0);
        assert_series_close(&out.middle, &sma(&c, 20), 0.0, "middle");
        let sd = stddev(&c, 20, 1.0);
        for ((&u, &m), (&l, &d)) in out
            .upper
            .iter()
            .zip(&out.middle)
            .zip(out.lower.iter().zip(&sd))
            .skip(19)
        {
            assert_eq!(u, m + 2.0 * d);
            assert_eq!(l, m - 2.0 * d);
        }
    }

    #[test]
    fn test_batch_equals_incremental_at_every_bar_on_real_closes() {
        let c = testing::aapl().close;
        for x in [c.clone(), testing::with_gaps(&c)] {
            for (p, up, dn) in [(20, 2.0, 2.0), (10, 1.5, 2.5), (5, 1.0, 3.0), (1, 2.0, 2.0)] {
                let b = bbands(&x, p, up, dn);
                let s = stream(&x, p, up, dn);
                assert_stream_matches(&b.upper, s.iter().map(|v| v.map(|v| v.upper)), "up");
                assert_stream_matches(&b.middle, s.iter().map(|v| v.map(|v| v.middle)), "mid");
                assert_stream_matches(&b.lower, s.iter().map(|v| v.map(|v| v.lower)), "low");
            }
        }
    }

    #[test]
    fn test_reset_then_replay_equals_fresh_run() {
        let c = testing::aapl().close;
        let mut b = Bbands::new(20, 2.0, 2.0);
        c[..300].iter().for_each(|&v| {
            b.update(v);
        });
        b.reset();
        let replay: Vec<_> = c.iter().map(|&v| b.update(v)).collect();
        assert_eq!(replay, stream(&c, 20, 2.0, 2.0));
    }

    #[test]
    fn test_each_parameter_changes_output() {
        let c = testing::aapl().close;
        let base = bbands(&c, 20, 2.0, 2.0);
        let p = bbands(&c, 21, 2.0, 2.0);
        assert!(differs(&base.middle, &p.middle) && differs(&base.upper, &p.upper));
        let up = bbands(&c, 20, 2.5, 2.0);
        assert!(differs(&base.upper, &up.upper));
        assert_series_close(&base.lower, &up.lower, 0.0, "lower unchanged by nbdev_up");
        let dn = bbands(&c, 20, 2.0, 2.5);
        assert!(differs(&base.lower, &dn.lower));
        assert_series_close(&base.upper, &dn.upper, 1e-15, "upper unchanged by nbdev_dn");
    }

    #[test]
    fn test_gap_restarts_warmup() {
        let c = testing::aapl().close;
        testing::assert_gap_restarts(&c, 400, |x| bbands(x, 20, 2.0, 2.0).lower);
    }

    #[test]
    #[should_panic(expected = "period must be > 0")]
    fn test_period_zero_panics() {
        let _ = bbands(&[1.0], 0, 2.0, 2.0);
    }
}
