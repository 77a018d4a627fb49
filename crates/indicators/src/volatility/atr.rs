//! Average true range (TA-Lib `ATR`): true range smoothed with Wilder's method.
//!
//! `TR[t] = max(high - low, |close[t-1] - high|, |close[t-1] - low|)` (TA-Lib
//! `TRANGE`, defined from bar 1). The first ATR, at index `period`, is the plain
//! average of `TR[1..=period]` (summed from 0.0 in order, then divided); after
//! that `atr = (atr * (period - 1) + TR) / period`, as three separate roundings.
//! `period == 1` gives the true range itself.
//!
//! Parity: TA-Lib 0.8 evaluates the Wilder step in a fused form (its issue #338);
//! this crate keeps the classic three-step recurrence, so results agree with
//! TA-Lib 0.8 to ~1e-15 relative and with TA-Lib 0.4 bit for bit.

use crate::indicator::Indicator;
use crate::util::{by_finite_runs, push_warmup};
use serde::{Deserialize, Serialize};

/// TA-Lib `TRANGE` of one bar given the previous close.
#[must_use]
pub fn true_range(high: f64, low: f64, prev_close: f64) -> f64 {
    let mut greatest = high - low;
    let up = (prev_close - high).abs();
    if up > greatest {
        greatest = up;
    }
    let down = (prev_close - low).abs();
    if down > greatest {
        greatest = down;
    }
    greatest
}

/// Average true range; NaN during warm-up (first value at index `period`) and
/// around bars where any of high, low, close is non-finite (see crate docs).
///
/// # Panics
///
/// Panics if `period == 0` ("atr: period must be > 0") or if the three columns
/// differ in length ("atr: high, low and close must have the same length").
#[must_use]
pub fn atr(high: &[f64], low: &[f64], close: &[f64], period: usize) -> Vec<f64> {
    assert!(period > 0, "atr: period must be > 0");
    assert!(
        high.len() == close.len() && low.len() == close.len(),
        "atr: high, low and close must have the same length"
    );
    by_finite_runs([high, low, close], |a, b, out| {
        atr_run(&high[a..b], &low[a..b], &close[a..b], period, out);
    })
}

/// TA-Lib kernel on a gap-free stretch: appends `close.len()` values to `out`, the
/// `period` warm-up NaNs first.
fn atr_run(high: &[f64], low: &[f64], close: &[f64], period: usize, out: &mut Vec<f64>) {
    if !push_warmup(out, period, close.len()) {
        return;
    }
    let n = close.len();
    // Bar i's true range from its high and low and close[i - 1], as zipped slices.
    let tr = |from: usize, to: usize| {
        high[from..to]
            .iter()
            .zip(&low[from..to])
            .zip(&close[from - 1..to - 1])
            .map(|((&h, &l), &c)| true_range(h, l, c))
    };
    let p = period as f64;
    let keep = (period - 1) as f64;
    let mut sum = 0.0;
    for t in tr(1, period + 1) {
        sum += t;
    }
    let mut value = sum / p;
    out.push(value);
    out.extend(tr(period + 1, n).map(|t| {
        value *= keep;
        value += t;
        value /= p;
        value
    }));
}

/// Incremental average true range; equals [`atr`] at every bar.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Atr {
    /// Smoothing period in bars.
    pub period: usize,
    #[serde(with = "barstream_model::serde_f64::option")]
    prev_close: Option<f64>,
    count: usize,
    #[serde(with = "barstream_model::serde_f64")]
    sum: f64,
    #[serde(with = "barstream_model::serde_f64::option")]
    value: Option<f64>,
}

impl Atr {
    /// New ATR over `period` bars.
    ///
    /// # Panics
    ///
    /// Panics if `period == 0` ("Atr: period must be > 0").
    #[must_use]
    pub fn new(period: usize) -> Self {
        assert!(period > 0, "Atr: period must be > 0");
        Self {
            period,
            prev_close: None,
            count: 0,
            sum: 0.0,
            value: None,
        }
    }

    /// Feeds one bar; `None` during warm-up. A bar with any non-finite price
    /// resets the indicator and returns `None`.
    pub fn update(&mut self, high: f64, low: f64, close: f64) -> Option<f64> {
        if !(high.is_finite() && low.is_finite() && close.is_finite()) {
            self.reset();
            return None;
        }
        let prev = self.prev_close.replace(close)?;
        let tr = true_range(high, low, prev);
        let p = self.period as f64;
        self.value = match self.value {
            Some(mut v) => {
                v *= (self.period - 1) as f64;
                v += tr;
                v /= p;
                Some(v)
            }
            None => {
                self.sum += tr;
                self.count += 1;
                (self.count == self.period).then(|| self.sum / p)
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

impl Indicator for Atr {
    fn name(&self) -> String {
        format!("ATR({})", self.period)
    }

    fn lookback(&self) -> usize {
        self.period
    }

    fn initialized(&self) -> bool {
        self.value.is_some()
    }

    fn reset(&mut self) {
        self.prev_close = None;
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
    fn test_true_range_uses_gaps_from_previous_close() {
        assert_eq!(true_range(11.0, 9.0, 10.0), 2.0);
        assert_eq!(true_range(15.0, 14.0, 10.0), 5.0); // gap up
        assert_eq!(true_range(8.0, 7.0, 10.0), 3.0); // gap down
    }

    #[test]
    fn test_atr_by_hand() {
        let h = [11.0, 12.0, 13.0, 12.0];
        let l = [9.0, 10.0, 11.0, 10.0];
        let c = [10.0, 11.0, 12.0, 11.0];
        // TR = [-, 2, 2, 2]; seed (2+2)/2 = 2 at index 2; then (2*1+2)/2 = 2
        let out = atr(&h, &l, &c, 2);
        assert_series_close(&out, &[f64::NAN, f64::NAN, 2.0, 2.0], 0.0, "atr2");
        let tr1 = atr(&h, &l, &c, 1);
        assert_series_close(&tr1, &[f64::NAN, 2.0, 2.0, 2.0], 0.0, "atr1");
    }

    fn gapped(x: &[f64], at: &[usize]) -> Vec<f64> {
        let mut y = x.to_vec();
        for &i in at {
            y[i] = f64::NAN;
        }
        y
    }

    #[test]
    fn test_batch_equals_incremental_at_every_bar_on_real_bars() {
        for d in [testing::aapl(), testing::link()] {
            let variants = [
                (d.high.clone(), d.low.clone(), d.close.clone()),
                // gaps in different columns on different bars
                (
                    gapped(&d.high, &[0, 300]),
                    gapped(&d.low, &[301]),
                    testing::with_gaps(&d.close),
                ),
            ];
            for (h, l, c) in variants {
                for p in [1, 2, 14, 50] {
                    let mut s = Atr::new(p);
                    let b = atr(&h, &l, &c, p);
                    let it = (0..c.len()).map(|i| s.update(h[i], l[i], c[i]));
                    assert_stream_matches(&b, it, "atr");
                }
            }
        }
    }

    #[test]
    fn test_reset_then_replay_equals_fresh_run() {
        let d = testing::aapl();
        let mut s = Atr::new(14);
        for i in 0..300 {
            s.update(d.high[i], d.low[i], d.close[i]);
        }
        s.reset();
        let replay: Vec<_> = (0..d.close.len())
            .map(|i| s.update(d.high[i], d.low[i], d.close[i]))
            .collect();
        let mut fresh = Atr::new(14);
        let expected: Vec<_> = (0..d.close.len())
            .map(|i| fresh.update(d.high[i], d.low[i], d.close[i]))
            .collect();
        assert_eq!(replay, expected);
    }

    #[test]
    fn test_period_changes_output() {
        let d = testing::aapl();
        assert!(differs(
            &atr(&d.high, &d.low, &d.close, 14),
            &atr(&d.high, &d.low, &d.close, 15)
        ));
    }

    #[test]
    fn test_gap_in_any_column_restarts_warmup() {
        let d = testing::aapl();
        let j = 400;
        let h = gapped(&d.high, &[j]);
        let out = atr(&h, &d.low, &d.close, 14);
        assert!(out[j].is_nan());
        let tail = atr(&d.high[j + 1..], &d.low[j + 1..], &d.close[j + 1..], 14);
        assert_series_close(&out[j + 1..], &tail, 0.0, "suffix after gap");
        assert!(out[j + 14].is_nan() && !out[j + 15].is_nan());
    }

    #[test]
    #[should_panic(expected = "same length")]
    fn test_length_mismatch_panics() {
        let _ = atr(&[1.0, 2.0], &[1.0], &[1.0, 2.0], 1);
    }

    #[test]
    #[should_panic(expected = "period must be > 0")]
    fn test_period_zero_panics() {
        let _ = Atr::new(0);
    }
}
