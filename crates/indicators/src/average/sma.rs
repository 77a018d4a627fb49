//! Simple moving average (TA-Lib `SMA`).
//!
//! `SMA[t] = (x[t-p+1] + ... + x[t]) / p`, first value at index `p - 1`.
//! Computed with TA-Lib's running sum: the first `p - 1` values are summed from
//! 0.0 in order, then each bar adds `x[t]`, divides, and subtracts `x[t-p+1]`.
//! Unlike TA-Lib, the sum is rebuilt the same way at every anchor (each
//! [`crate::anchor::anchor_stride`] outputs), so a value depends only on the bars
//! since the last anchor's window and a slice of the series aligned to the stride
//! reproduces it bit for bit (see [`crate::anchor`]). Between anchors the values are
//! TA-Lib's bit for bit; after one they may differ from TA-Lib's in the last bits
//! (the rebuilt sum has less accumulated rounding). Same operation order in batch
//! and incremental form, so both are bit-identical to each other.

use crate::anchor::{anchor_stride, is_anchor};
use crate::indicator::Indicator;
use crate::util::{by_finite_runs, push_warmup, Window};
use serde::{Deserialize, Serialize};

/// Simple moving average over `period` bars; NaN during warm-up (first value at
/// index `period - 1`) and around non-finite inputs (see crate docs).
///
/// # Panics
///
/// Panics if `period == 0` ("sma: period must be > 0").
#[must_use]
pub fn sma(x: &[f64], period: usize) -> Vec<f64> {
    assert!(period > 0, "sma: period must be > 0");
    by_finite_runs([x], |a, b, out| sma_run(&x[a..b], period, out))
}

/// TA-Lib kernel on a gap-free slice: appends `x.len()` values to `out`, the
/// `period - 1` warm-up NaNs first.
fn sma_run(x: &[f64], period: usize, out: &mut Vec<f64>) {
    if !push_warmup(out, period - 1, x.len()) {
        return;
    }
    let p = period as f64;
    let stride = anchor_stride(period);
    // One chunk per anchor; the first output is anchor 0.
    let mut anchor = period - 1;
    while anchor < x.len() {
        let start = anchor + 1 - period;
        let mut sum = 0.0;
        for &v in &x[start..anchor] {
            sum += v;
        }
        let end = (anchor + stride).min(x.len());
        // Zipped slices: no bounds checks, and `extend` of this exact-length
        // iterator writes without per-value capacity checks.
        let added = &x[anchor..end];
        let dropped = &x[start..start + added.len()];
        out.extend(added.iter().zip(dropped).map(|(&v, &old)| {
            sum += v;
            let total = sum;
            sum -= old;
            total / p
        }));
        anchor = end;
    }
}

/// Incremental simple moving average; equals [`sma`] at every bar.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Sma {
    /// Window length in bars.
    pub period: usize,
    window: Window,
    #[serde(with = "barstream_model::serde_f64")]
    sum: f64,
    /// Outputs since the start or the last reset (anchors are counted from 0).
    outputs: usize,
    #[serde(with = "barstream_model::serde_f64::option")]
    value: Option<f64>,
}

impl Sma {
    /// New SMA over `period` bars.
    ///
    /// # Panics
    ///
    /// Panics if `period == 0` ("Sma: period must be > 0").
    #[must_use]
    pub fn new(period: usize) -> Self {
        assert!(period > 0, "Sma: period must be > 0");
        Self {
            period,
            window: Window::new(period),
            sum: 0.0,
            outputs: 0,
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
        self.window.push(x);
        if self.window.is_full() && is_anchor(self.outputs, self.period) {
            // Rebuild from the window's older p - 1 values, as for the first output.
            self.sum = 0.0;
            for v in self.window.iter().take(self.period - 1) {
                self.sum += v;
            }
        }
        self.sum += x;
        self.value = if self.window.is_full() {
            let total = self.sum;
            self.sum -= self.window.oldest();
            self.outputs += 1;
            Some(total / self.period as f64)
        } else {
            None
        };
        self.value
    }

    /// Last output, `None` during warm-up.
    #[must_use]
    pub fn value(&self) -> Option<f64> {
        self.value
    }
}

impl Indicator for Sma {
    fn name(&self) -> String {
        format!("SMA({})", self.period)
    }

    fn lookback(&self) -> usize {
        self.period - 1
    }

    fn initialized(&self) -> bool {
        self.value.is_some()
    }

    fn reset(&mut self) {
        self.window.clear();
        self.sum = 0.0;
        self.outputs = 0;
        self.value = None;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::{self, assert_series_close, assert_stream_matches, differs};

    #[test]
    fn test_sma_small_series_by_hand() {
        let out = sma(&[1.0, 2.0, 3.0, 4.0, 5.0], 3);
        assert_series_close(&out, &[f64::NAN, f64::NAN, 2.0, 3.0, 4.0], 0.0, "sma3");
        assert_eq!(sma(&[1.0, 2.0], 1), vec![1.0, 2.0]);
        assert!(sma(&[1.0, 2.0], 3).iter().all(|v| v.is_nan()));
        assert!(sma(&[], 3).is_empty());
    }

    #[test]
    fn test_batch_equals_incremental_at_every_bar_on_real_closes() {
        let c = testing::aapl().close;
        for x in [c.clone(), testing::with_gaps(&c)] {
            for p in [1, 2, 10, 50] {
                let mut s = Sma::new(p);
                assert_stream_matches(&sma(&x, p), x.iter().map(|&v| s.update(v)), "sma");
            }
        }
    }

    #[test]
    fn test_reset_then_replay_equals_fresh_run() {
        let c = testing::aapl().close;
        let mut s = Sma::new(20);
        c[..300].iter().for_each(|&v| {
            s.update(v);
        });
        s.reset();
        assert!(!s.initialized());
        let replay: Vec<_> = c.iter().map(|&v| s.update(v)).collect();
        let mut fresh = Sma::new(20);
        let expected: Vec<_> = c.iter().map(|&v| fresh.update(v)).collect();
        assert_eq!(replay, expected);
    }

    #[test]
    fn test_period_changes_output() {
        let c = testing::aapl().close;
        assert!(differs(&sma(&c, 10), &sma(&c, 11)));
    }

    #[test]
    fn test_gap_restarts_warmup() {
        let c = testing::aapl().close;
        testing::assert_gap_restarts(&c, 400, |x| sma(x, 20));
    }

    #[test]
    #[should_panic(expected = "period must be > 0")]
    fn test_period_zero_panics() {
        let _ = sma(&[1.0], 0);
    }

    #[test]
    fn test_name_and_lookback() {
        let s = Sma::new(20);
        assert_eq!(s.name(), "SMA(20)");
        assert_eq!(s.lookback(), 19);
    }
}
