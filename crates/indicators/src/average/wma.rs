//! Weighted moving average (TA-Lib `WMA`): weights 1..=period, newest heaviest.
//!
//! `WMA[t] = sum_{j=0}^{p-1} (p - j) * x[t-j] / (p (p+1) / 2)`, first value at
//! index `p - 1`. TA-Lib's O(1) update is kept: a plain running sum `sub` and a
//! weighted running sum `sum`; each bar does `sub += x - trailing`,
//! `sum += x * p`, outputs `sum / divider`, then `sum -= sub`. Like TA-Lib 0.8
//! both sums are rebuilt from the window (oldest first, weights counting up from 1),
//! which bounds rounding drift on long series; here at the anchors of
//! [`crate::anchor`] (every [`crate::anchor::anchor_stride`] outputs, counted from the
//! first), where the rebuilt sums equal those of the first output, so a slice aligned
//! to the stride reproduces the values bit for bit. (TA-Lib rebuilds every
//! `8 * period` bars after the first output.)
//! `period == 1` returns the input unchanged.

use crate::anchor::{anchor_stride, is_anchor};
use crate::indicator::Indicator;
use crate::util::{by_finite_runs, push_warmup, Window};
use serde::{Deserialize, Serialize};

/// Weighted moving average; NaN during warm-up (first value at index
/// `period - 1`) and around non-finite inputs (see crate docs).
///
/// # Panics
///
/// Panics if `period == 0` ("wma: period must be > 0").
#[must_use]
pub fn wma(x: &[f64], period: usize) -> Vec<f64> {
    assert!(period > 0, "wma: period must be > 0");
    by_finite_runs([x], |a, b, out| wma_run(&x[a..b], period, out))
}

fn divider(period: usize) -> f64 {
    period as f64 * (period + 1) as f64 / 2.0
}

/// TA-Lib kernel on a gap-free slice: appends `x.len()` values to `out`, the
/// `period - 1` warm-up NaNs first. Walks one anchor chunk at a time, so no bar
/// tests for an anchor; at an anchor the step's updates of `sub` and `sum` would be
/// overwritten by the rebuild, so only the rebuild runs (same values).
fn wma_run(x: &[f64], period: usize, out: &mut Vec<f64>) {
    if !push_warmup(out, period - 1, x.len()) {
        return;
    }
    if period == 1 {
        out.extend_from_slice(x);
        return;
    }
    let div = divider(period);
    let p = period as f64;
    let stride = anchor_stride(period);
    let (mut sum, mut sub) = (0.0, 0.0);
    for (i, &v) in x[..period - 1].iter().enumerate() {
        sub += v;
        sum += v * (i + 1) as f64;
    }
    let mut trailing = 0.0;
    // Bar index of each chunk's first output; the first chunk starts without a rebuild.
    let mut anchor = period - 1;
    while anchor < x.len() {
        let end = (anchor + stride).min(x.len());
        let mut from = anchor;
        if anchor > period - 1 {
            let window = &x[anchor + 1 - period..=anchor];
            sub = 0.0;
            sum = 0.0;
            for (w, &u) in window.iter().enumerate() {
                sub += u;
                sum += u * (w + 1) as f64;
            }
            trailing = window[0];
            out.push(sum / div);
            sum -= sub;
            from += 1;
        }
        let dropped = &x[from + 1 - period..end + 1 - period];
        out.extend(x[from..end].iter().zip(dropped).map(|(&v, &old)| {
            sub += v;
            sub -= trailing;
            sum += v * p;
            trailing = old;
            let value = sum / div;
            sum -= sub;
            value
        }));
        anchor = end;
    }
}

/// Incremental weighted moving average; equals [`wma`] at every bar.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Wma {
    /// Period in bars.
    pub period: usize,
    window: Window,
    #[serde(with = "barstream_model::serde_f64")]
    sum: f64,
    #[serde(with = "barstream_model::serde_f64")]
    sub: f64,
    #[serde(with = "barstream_model::serde_f64")]
    trailing: f64,
    /// Outputs since the start or the last reset (anchors are counted from 0).
    outputs: usize,
    #[serde(with = "barstream_model::serde_f64::option")]
    value: Option<f64>,
}

impl Wma {
    /// New WMA over `period` bars.
    ///
    /// # Panics
    ///
    /// Panics if `period == 0` ("Wma: period must be > 0").
    #[must_use]
    pub fn new(period: usize) -> Self {
        assert!(period > 0, "Wma: period must be > 0");
        Self {
            period,
            window: Window::new(period),
            sum: 0.0,
            sub: 0.0,
            trailing: 0.0,
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
        if self.period == 1 {
            self.value = Some(x);
            return self.value;
        }
        self.window.push(x);
        if !self.window.is_full() {
            self.sub += x;
            self.sum += x * self.window.len() as f64;
            return None;
        }
        self.sub += x;
        self.sub -= self.trailing;
        self.sum += x * self.period as f64;
        if is_anchor(self.outputs, self.period) {
            let (mut sum, mut sub) = (0.0, 0.0);
            for (w, u) in self.window.iter().enumerate() {
                sub += u;
                sum += u * (w + 1) as f64;
            }
            self.sum = sum;
            self.sub = sub;
        }
        self.trailing = self.window.oldest();
        let out = self.sum / divider(self.period);
        self.sum -= self.sub;
        self.outputs += 1;
        self.value = Some(out);
        self.value
    }

    /// Last output, `None` during warm-up.
    #[must_use]
    pub fn value(&self) -> Option<f64> {
        self.value
    }
}

impl Indicator for Wma {
    fn name(&self) -> String {
        format!("WMA({})", self.period)
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
        self.sub = 0.0;
        self.trailing = 0.0;
        self.outputs = 0;
        self.value = None;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::{self, assert_series_close, assert_stream_matches, differs};

    #[test]
    fn test_wma_small_series_by_hand() {
        // (1*1 + 2*2 + 3*3) / 6 = 14/6, (2 + 6 + 12) / 6 = 20/6
        let out = wma(&[1.0, 2.0, 3.0, 4.0], 3);
        assert_series_close(
            &out,
            &[f64::NAN, f64::NAN, 14.0 / 6.0, 20.0 / 6.0],
            1e-15,
            "wma3",
        );
        assert_eq!(wma(&[5.0, 6.0], 1), vec![5.0, 6.0]);
    }

    #[test]
    fn test_batch_equals_incremental_at_every_bar_on_real_closes() {
        // 1259 bars with period 9 cross many 8*period re-anchors.
        let c = testing::aapl().close;
        for x in [c.clone(), testing::with_gaps(&c)] {
            for p in [1, 2, 9, 30] {
                let mut s = Wma::new(p);
                assert_stream_matches(&wma(&x, p), x.iter().map(|&v| s.update(v)), "wma");
            }
        }
    }

    #[test]
    fn test_reanchor_keeps_value_close_to_direct_sum() {
        let c = testing::link().close;
        let p = 7;
        let out = wma(&c, p);
        for i in p - 1..c.len() {
            let direct: f64 = (0..p).map(|j| (p - j) as f64 * c[i - j]).sum::<f64>() / divider(p);
            assert!((out[i] - direct).abs() <= 1e-12 * direct.abs(), "bar {i}");
        }
    }

    #[test]
    fn test_reset_then_replay_equals_fresh_run() {
        let c = testing::aapl().close;
        let mut s = Wma::new(9);
        c[..301].iter().for_each(|&v| {
            s.update(v);
        });
        s.reset();
        let replay: Vec<_> = c.iter().map(|&v| s.update(v)).collect();
        let mut fresh = Wma::new(9);
        let expected: Vec<_> = c.iter().map(|&v| fresh.update(v)).collect();
        assert_eq!(replay, expected);
    }

    #[test]
    fn test_period_changes_output() {
        let c = testing::aapl().close;
        assert!(differs(&wma(&c, 9), &wma(&c, 10)));
    }

    #[test]
    fn test_gap_restarts_warmup() {
        let c = testing::aapl().close;
        testing::assert_gap_restarts(&c, 400, |x| wma(x, 9));
    }

    #[test]
    #[should_panic(expected = "period must be > 0")]
    fn test_period_zero_panics() {
        let _ = wma(&[1.0], 0);
    }
}
