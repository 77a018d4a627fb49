//! Exponential moving average (TA-Lib `EMA`, default compatibility).
//!
//! `k = 2 / (period + 1)`. The first value, at index `period - 1`, is the SMA of
//! the first `period` values (summed from 0.0 in order, then divided); after that
//! `ema = fma(x - ema, k, ema)`, i.e. `ema + (x - ema) * k` with one rounding,
//! which is how TA-Lib 0.8 computes the step (bit-identical on real data).

use crate::indicator::Indicator;
use crate::util::{by_finite_runs, push_warmup};
use serde::{Deserialize, Serialize};

/// TA-Lib's `PER_TO_K`: smoothing factor `2 / (period + 1)`.
#[must_use]
pub fn ema_k(period: usize) -> f64 {
    2.0 / (period + 1) as f64
}

/// Exponential moving average; NaN during warm-up (first value at index
/// `period - 1`) and around non-finite inputs (see crate docs).
///
/// # Panics
///
/// Panics if `period == 0` ("ema: period must be > 0").
#[must_use]
pub fn ema(x: &[f64], period: usize) -> Vec<f64> {
    assert!(period > 0, "ema: period must be > 0");
    by_finite_runs([x], |a, b, out| ema_run(&x[a..b], period, out))
}

/// TA-Lib kernel on a gap-free slice: appends `x.len()` values to `out`, the
/// `period - 1` warm-up NaNs first.
fn ema_run(x: &[f64], period: usize, out: &mut Vec<f64>) {
    if !push_warmup(out, period - 1, x.len()) {
        return;
    }
    let k = ema_k(period);
    let mut sum = 0.0;
    for &v in &x[..period] {
        sum += v;
    }
    let mut prev = sum / period as f64;
    out.push(prev);
    out.extend(x[period..].iter().map(|&v| {
        prev = (v - prev).mul_add(k, prev);
        prev
    }));
}

/// Incremental EMA; equals [`ema`] at every bar.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Ema {
    /// Period in bars.
    pub period: usize,
    /// Smoothing factor `2 / (period + 1)`.
    #[serde(with = "barstream_model::serde_f64")]
    pub k: f64,
    count: usize,
    #[serde(with = "barstream_model::serde_f64")]
    sum: f64,
    #[serde(with = "barstream_model::serde_f64::option")]
    value: Option<f64>,
}

impl Ema {
    /// New EMA over `period` bars.
    ///
    /// # Panics
    ///
    /// Panics if `period == 0` ("Ema: period must be > 0").
    #[must_use]
    pub fn new(period: usize) -> Self {
        assert!(period > 0, "Ema: period must be > 0");
        Self {
            period,
            k: ema_k(period),
            count: 0,
            sum: 0.0,
            value: None,
        }
    }

    /// Feeds one value; `None` during warm-up. A non-finite `x` resets the
    /// indicator and returns `None`.
    pub fn update(&mut self, x: f64) -> Option<f64> {
        if !x.is_finite() {
            self.reset();
            return None;
        }
        self.value = match self.value {
            Some(prev) => Some((x - prev).mul_add(self.k, prev)),
            None => {
                self.sum += x;
                self.count += 1;
                (self.count == self.period).then(|| self.sum / self.period as f64)
            }
        };
        self.value
    }

    /// Last output, `None` during warm-up.
    #[must_use]
    pub fn value(&self) -> Option<f64> {
        self.value
    }
}

impl Indicator for Ema {
    fn name(&self) -> String {
        format!("EMA({})", self.period)
    }

    fn lookback(&self) -> usize {
        self.period - 1
    }

    fn initialized(&self) -> bool {
        self.value.is_some()
    }

    fn reset(&mut self) {
        self.count = 0;
        self.sum = 0.0;
        self.value = None;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::{self, assert_series_close, assert_stream_matches, differs};

    #[test]
    fn test_ema_is_sma_seeded() {
        let out = ema(&[1.0, 2.0, 3.0, 4.0], 3);
        // seed = (1+2+3)/3 = 2, then 2 + (4-2)*0.5 = 3
        assert_series_close(&out, &[f64::NAN, f64::NAN, 2.0, 3.0], 0.0, "ema3");
    }

    #[test]
    fn test_batch_equals_incremental_at_every_bar_on_real_closes() {
        let c = testing::aapl().close;
        for x in [c.clone(), testing::with_gaps(&c)] {
            for p in [1, 2, 12, 50] {
                let mut s = Ema::new(p);
                assert_stream_matches(&ema(&x, p), x.iter().map(|&v| s.update(v)), "ema");
            }
        }
    }

    #[test]
    fn test_reset_then_replay_equals_fresh_run() {
        let c = testing::aapl().close;
        let mut s = Ema::new(12);
        c[..300].iter().for_each(|&v| {
            s.update(v);
        });
        s.reset();
        let replay: Vec<_> = c.iter().map(|&v| s.update(v)).collect();
        let mut fresh = Ema::new(12);
        let expected: Vec<_> = c.iter().map(|&v| fresh.update(v)).collect();
        assert_eq!(replay, expected);
    }

    #[test]
    fn test_period_changes_output() {
        let c = testing::aapl().close;
        assert!(differs(&ema(&c, 12), &ema(&c, 13)));
    }

    #[test]
    fn test_gap_restarts_warmup() {
        let c = testing::aapl().close;
        testing::assert_gap_restarts(&c, 400, |x| ema(x, 20));
    }

    #[test]
    #[should_panic(expected = "period must be > 0")]
    fn test_period_zero_panics() {
        let _ = Ema::new(0);
    }
}
