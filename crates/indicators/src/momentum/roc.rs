//! Rate of change (TA-Lib `ROC`): `((x[t] / x[t-period]) - 1) * 100`.
//!
//! First value at index `period`. When `x[t-period] == 0` the output is 0, as in TA-Lib.

use crate::indicator::Indicator;
use crate::util::{for_each_finite_run, nan_vec, Window};
use serde::{Deserialize, Serialize};

/// Rate of change in percent; NaN during warm-up (first value at index `period`)
/// and around non-finite inputs (see crate docs).
///
/// # Panics
///
/// Panics if `period == 0` ("roc: period must be > 0").
#[must_use]
pub fn roc(x: &[f64], period: usize) -> Vec<f64> {
    assert!(period > 0, "roc: period must be > 0");
    let mut out = nan_vec(x.len());
    for_each_finite_run(x, |a, b| {
        let (x, out) = (&x[a..b], &mut out[a..b]);
        for i in period..x.len() {
            out[i] = roc_value(x[i], x[i - period]);
        }
    });
    out
}

fn roc_value(x: f64, then: f64) -> f64 {
    if then != 0.0 {
        ((x / then) - 1.0) * 100.0
    } else {
        0.0
    }
}

/// Incremental rate of change; equals [`roc`] at every bar.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Roc {
    /// Look-back distance in bars.
    pub period: usize,
    window: Window,
    #[serde(with = "barstream_model::serde_f64::option")]
    value: Option<f64>,
}

impl Roc {
    /// New ROC over `period` bars.
    ///
    /// # Panics
    ///
    /// Panics if `period == 0` ("Roc: period must be > 0").
    #[must_use]
    pub fn new(period: usize) -> Self {
        assert!(period > 0, "Roc: period must be > 0");
        Self {
            period,
            window: Window::new(period),
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
        self.value = self.window.push(x).map(|then| roc_value(x, then));
        self.value
    }

    /// Last output, `None` during warm-up.
    #[must_use]
    pub fn value(&self) -> Option<f64> {
        self.value
    }
}

impl Indicator for Roc {
    fn name(&self) -> String {
        format!("ROC({})", self.period)
    }

    fn lookback(&self) -> usize {
        self.period
    }

    fn initialized(&self) -> bool {
        self.value.is_some()
    }

    fn reset(&mut self) {
        self.window.clear();
        self.value = None;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::{self, assert_series_close, assert_stream_matches, differs};

    #[test]
    fn test_roc_by_hand_and_zero_base() {
        let out = roc(&[100.0, 110.0, 99.0, 0.0, 5.0], 1);
        assert_series_close(
            &out,
            &[f64::NAN, 10.000000000000009, -10.0, -100.0, 0.0],
            1e-12,
            "roc1",
        );
    }

    #[test]
    fn test_batch_equals_incremental_at_every_bar_on_real_closes() {
        let c = testing::aapl().close;
        for x in [c.clone(), testing::with_gaps(&c)] {
            for p in [1, 2, 10, 50] {
                let mut s = Roc::new(p);
                assert_stream_matches(&roc(&x, p), x.iter().map(|&v| s.update(v)), "roc");
            }
        }
    }

    #[test]
    fn test_reset_then_replay_equals_fresh_run() {
        let c = testing::aapl().close;
        let mut s = Roc::new(10);
        c[..300].iter().for_each(|&v| {
            s.update(v);
        });
        s.reset();
        let replay: Vec<_> = c.iter().map(|&v| s.update(v)).collect();
        let mut fresh = Roc::new(10);
        let expected: Vec<_> = c.iter().map(|&v| fresh.update(v)).collect();
        assert_eq!(replay, expected);
    }

    #[test]
    fn test_period_changes_output() {
        let c = testing::aapl().close;
        assert!(differs(&roc(&c, 10), &roc(&c, 11)));
    }

    #[test]
    fn test_gap_restarts_warmup() {
        let c = testing::aapl().close;
        testing::assert_gap_restarts(&c, 400, |x| roc(x, 10));
    }

    #[test]
    #[should_panic(expected = "period must be > 0")]
    fn test_period_zero_panics() {
        let _ = roc(&[1.0], 0);
    }
}
