//! Population standard deviation (TA-Lib `STDDEV`): `sqrt(VAR) * nbdev`.
//!
//! First value at index `period - 1`. The variance follows TA-Lib 0.8's `VAR`:
//! running sums of deviations from a *shift* near the window
//! (`t1 = sum(x - shift)`, `t2 = sum((x - shift)^2)`, `var = t2/p - (t1/p)^2`),
//! so the subtraction happens at variance scale instead of at price^2 scale.
//! The shift starts at the first value and is re-anchored to the window mean by a
//! two-pass rebuild when cancellation would lose digits (`var < 1e-6 * t2/p`) and
//! when a large value leaves the window. After a rebuild a variance below
//! `1e-12 * t2/p` is rounding noise and set to 0, so the output is never negative
//! and a constant window gives exactly 0. At every anchor of [`crate::anchor`]
//! (each [`crate::anchor::anchor_stride`] outputs; TA-Lib instead rebuilds at least
//! every `32 * period` bars) the sums restart exactly as at the first output (shift =
//! the window's oldest value), so a slice aligned to the stride reproduces the values
//! bit for bit.
//!
//! TA-Lib 0.4 instead used raw `E[x^2] - E[x]^2` and zeroed variances under a
//! fixed `1e-8`; on low-variance windows (e.g. 1-minute crypto closes) the two
//! differ by up to ~1e-6 relative. This crate follows the current TA-Lib.

use crate::anchor::{anchor_stride, is_anchor};
use crate::indicator::Indicator;
use crate::util::{by_finite_runs, push_warmup, Window};
use serde::{Deserialize, Serialize};

/// Population standard deviation over `period` bars times `nbdev`; NaN during
/// warm-up (first value at index `period - 1`) and around non-finite inputs.
///
/// # Panics
///
/// Panics if `period == 0` ("stddev: period must be > 0").
#[must_use]
pub fn stddev(x: &[f64], period: usize, nbdev: f64) -> Vec<f64> {
    assert!(period > 0, "stddev: period must be > 0");
    let mut out = variance(x, period);
    for v in &mut out {
        *v = v.sqrt() * nbdev;
    }
    out
}

/// Population variance (TA-Lib `VAR`) over `period` bars, len `x.len()`; NaN during
/// warm-up and around non-finite inputs, as [`stddev`]. `period > 0` (callers check).
pub(crate) fn variance(x: &[f64], period: usize) -> Vec<f64> {
    by_finite_runs([x], |a, b, out| var_run(&x[a..b], period, out))
}

/// TA-Lib `VAR` kernel on a gap-free slice: appends `x.len()` values to `out`, the
/// `period - 1` warm-up NaNs first.
fn var_run(x: &[f64], period: usize, out: &mut Vec<f64>) {
    if !push_warmup(out, period - 1, x.len()) {
        return;
    }
    let inv = 1.0 / period as f64;
    let stride = anchor_stride(period);
    // One chunk per anchor; the first output is anchor 0.
    let mut anchor = period - 1;
    while anchor < x.len() {
        let mut shift = x[anchor + 1 - period];
        let (mut t1, mut t2) = (0.0, 0.0);
        for &v in &x[anchor + 1 - period..anchor] {
            let t = v - shift;
            t1 += t;
            t2 += t * t;
        }
        let end = (anchor + stride).min(x.len());
        // `extend` of an exact-length iterator: no per-value capacity check.
        out.extend((anchor..end).map(|i| {
            let t = x[i] - shift;
            t1 += t;
            t2 += t * t;
            let mean = t1 * inv;
            let mut var = t2 * inv - mean * mean;
            let t = x[i + 1 - period] - shift;
            t1 -= t;
            let leaving = t * t;
            t2 -= leaving;
            if needs_reseed(var, t2, leaving, inv) {
                let w = &x[i + 1 - period..=i];
                (shift, t1, t2, var) = reseed(w.iter().copied(), inv);
            }
            var
        }));
        anchor = end;
    }
}

pub(crate) fn needs_reseed(var: f64, t2: f64, leaving: f64, inv: f64) -> bool {
    var < 0.000001 * (t2 * inv) || leaving > 1_000_000.0 * t2
}

/// Two-pass rebuild on the window (oldest first): returns the new shift, the
/// running sums with the oldest value already removed, and the window variance.
pub(crate) fn reseed(window: impl Iterator<Item = f64> + Clone, inv: f64) -> (f64, f64, f64, f64) {
    let mut sum = 0.0;
    for v in window.clone() {
        sum += v;
    }
    let shift = sum * inv;
    let (mut t1, mut t2) = (0.0, 0.0);
    let mut oldest = None;
    for v in window {
        oldest.get_or_insert(v);
        let t = v - shift;
        t1 += t;
        t2 += t * t;
    }
    let mean = t1 * inv;
    let mut var = t2 * inv - mean * mean;
    if var < 0.000_000_000_001 * (t2 * inv) {
        var = 0.0;
    }
    let t = oldest.unwrap_or(shift) - shift;
    t1 -= t;
    t2 -= t * t;
    (shift, t1, t2, var)
}

/// Incremental population variance (TA-Lib `VAR`), shared by [`StdDev`] and
/// [`crate::Bbands`]. Inputs must be finite; callers handle gaps.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub(crate) struct RollingVar {
    period: usize,
    window: Window,
    #[serde(with = "barstream_model::serde_f64")]
    shift: f64,
    #[serde(with = "barstream_model::serde_f64")]
    t1: f64,
    #[serde(with = "barstream_model::serde_f64")]
    t2: f64,
    /// Outputs since the start or the last reset (anchors are counted from 0).
    outputs: usize,
}

impl RollingVar {
    pub(crate) fn new(period: usize) -> Self {
        Self {
            period,
            window: Window::new(period),
            shift: 0.0,
            t1: 0.0,
            t2: 0.0,
            outputs: 0,
        }
    }

    pub(crate) fn reset(&mut self) {
        *self = Self::new(self.period);
    }

    pub(crate) fn update(&mut self, x: f64) -> Option<f64> {
        if self.window.len() == 0 {
            self.shift = x;
        }
        self.window.push(x);
        if self.window.is_full() && is_anchor(self.outputs, self.period) {
            // Restart on the window's older p - 1 values, as for the first output.
            self.shift = self.window.oldest();
            (self.t1, self.t2) = (0.0, 0.0);
            for v in self.window.iter().take(self.period - 1) {
                let t = v - self.shift;
                self.t1 += t;
                self.t2 += t * t;
            }
        }
        let t = x - self.shift;
        self.t1 += t;
        self.t2 += t * t;
        if !self.window.is_full() {
            return None;
        }
        self.outputs += 1;
        let inv = 1.0 / self.period as f64;
        let mean = self.t1 * inv;
        let mut var = self.t2 * inv - mean * mean;
        let t = self.window.oldest() - self.shift;
        self.t1 -= t;
        let leaving = t * t;
        self.t2 -= leaving;
        if needs_reseed(var, self.t2, leaving, inv) {
            (self.shift, self.t1, self.t2, var) = reseed(self.window.iter(), inv);
        }
        Some(var)
    }
}

/// Incremental standard deviation; equals [`stddev`] at every bar.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct StdDev {
    /// Window length in bars.
    pub period: usize,
    /// Multiplier applied to the standard deviation.
    #[serde(with = "barstream_model::serde_f64")]
    pub nbdev: f64,
    var: RollingVar,
    #[serde(with = "barstream_model::serde_f64::option")]
    value: Option<f64>,
}

impl StdDev {
    /// New standard deviation over `period` bars, scaled by `nbdev`.
    ///
    /// # Panics
    ///
    /// Panics if `period == 0` ("StdDev: period must be > 0").
    #[must_use]
    pub fn new(period: usize, nbdev: f64) -> Self {
        assert!(period > 0, "StdDev: period must be > 0");
        Self {
            period,
            nbdev,
            var: RollingVar::new(period),
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
        self.value = self.var.update(x).map(|v| v.sqrt() * self.nbdev);
        self.value
    }

    /// Last output, `None` during warm-up.
    #[must_use]
    pub fn value(&self) -> Option<f64> {
        self.value
    }
}

impl Indicator for StdDev {
    fn name(&self) -> String {
        format!("STDDEV({},{})", self.period, self.nbdev)
    }

    fn lookback(&self) -> usize {
        self.period - 1
    }

    fn initialized(&self) -> bool {
        self.value.is_some()
    }

    fn reset(&mut self) {
        self.var.reset();
        self.value = None;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::{self, assert_series_close, assert_stream_matches, differs};

    fn two_pass(w: &[f64]) -> f64 {
        let m = w.iter().sum::<f64>() / w.len() as f64;
        (w.iter().map(|v| (v - m) * (v - m)).sum::<f64>() / w.len() as f64).sqrt()
    }

    #[test]
    fn test_stddev_by_hand_and_constant_window_is_zero() {
        let out = stddev(&[2.0, 4.0, 4.0, 4.0, 5.0, 5.0, 7.0, 9.0], 8, 1.0);
        assert_eq!(out[7], 2.0);
        assert!(stddev(&[3.0; 10], 4, 2.0)[3..].iter().all(|&v| v == 0.0));
        assert!(stddev(&[1.0, 2.0, 3.0], 1, 1.0).iter().all(|&v| v == 0.0));
    }

    #[test]
    fn test_matches_two_pass_on_low_variance_minute_closes() {
        // 1-minute closes near 7.0 with moves of 0.001: where E[x^2]-E[x]^2 cancels
        let c = testing::link().close;
        for p in [5, 20] {
            let out = stddev(&c, p, 1.0);
            for i in p - 1..c.len() {
                let d = two_pass(&c[i + 1 - p..=i]);
                assert!(
                    (out[i] - d).abs() <= 1e-9 * d.max(1e-12),
                    "p={p} bar {i}: {} vs {d}",
                    out[i]
                );
            }
        }
    }

    #[test]
    fn test_batch_equals_incremental_at_every_bar_on_real_closes() {
        for c in [testing::aapl().close, testing::link().close] {
            for x in [c.clone(), testing::with_gaps(&c)] {
                for p in [1, 2, 5, 20] {
                    let mut s = StdDev::new(p, 1.5);
                    let b = stddev(&x, p, 1.5);
                    assert_stream_matches(&b, x.iter().map(|&v| s.update(v)), "stddev");
                }
            }
        }
    }

    #[test]
    fn test_outlier_leaving_window_does_not_leave_garbage() {
        let mut x: Vec<f64> = (0..200).map(|i| 100.0 + 0.01 * f64::from(i % 7)).collect();
        x[50] = 1e9;
        let out = stddev(&x, 10, 1.0);
        for i in 60..x.len() {
            let d = two_pass(&x[i - 9..=i]);
            assert!((out[i] - d).abs() <= 1e-9 * d, "bar {i}: {} vs {d}", out[i]);
        }
    }

    #[test]
    fn test_reset_then_replay_equals_fresh_run() {
        let c = testing::aapl().close;
        let mut s = StdDev::new(20, 2.0);
        c[..300].iter().for_each(|&v| {
            s.update(v);
        });
        s.reset();
        let replay: Vec<_> = c.iter().map(|&v| s.update(v)).collect();
        let mut fresh = StdDev::new(20, 2.0);
        let expected: Vec<_> = c.iter().map(|&v| fresh.update(v)).collect();
        assert_eq!(replay, expected);
    }

    #[test]
    fn test_each_parameter_changes_output() {
        let c = testing::aapl().close;
        let base = stddev(&c, 20, 1.0);
        assert!(differs(&base, &stddev(&c, 21, 1.0)));
        assert!(differs(&base, &stddev(&c, 20, 2.0)));
        assert_series_close(
            &stddev(&c, 20, 2.0),
            &base.iter().map(|v| v * 2.0).collect::<Vec<_>>(),
            0.0,
            "nbdev scales",
        );
    }

    #[test]
    fn test_gap_restarts_warmup() {
        let c = testing::aapl().close;
        testing::assert_gap_restarts(&c, 400, |x| stddev(x, 20, 1.0));
    }

    #[test]
    #[should_panic(expected = "period must be > 0")]
    fn test_period_zero_panics() {
        let _ = StdDev::new(0, 1.0);
    }
}
