//! Relative strength index (TA-Lib `RSI`, Wilder smoothing).
//!
//! First value at index `period`: the average gain and loss of the first
//! `period` changes (summed, then scaled by `1/period`); after that Wilder's step
//! `avg = (avg * (period - 1) + today) * (1/period)` for gains and losses.
//! `RSI = 100 * gain / (gain + loss)`, and 0 when `gain + loss == 0` (flat series),
//! as TA-Lib 0.8.1 returns. (TA-Lib 0.4 zeroed anything under a fixed `1e-8`,
//! which broke instruments quoted in small units; newer TA-Lib drops that band.)

use crate::indicator::Indicator;
use crate::util::{by_finite_runs, push_warmup};
use serde::{Deserialize, Serialize};

/// Relative strength index in [0, 100]; NaN during warm-up (first value at index
/// `period`) and around non-finite inputs (see crate docs).
///
/// # Panics
///
/// Panics if `period == 0` ("rsi: period must be > 0").
#[must_use]
pub fn rsi(close: &[f64], period: usize) -> Vec<f64> {
    assert!(period > 0, "rsi: period must be > 0");
    by_finite_runs([close], |a, b, out| rsi_run(&close[a..b], period, out))
}

pub(crate) fn rsi_value(gain: f64, loss: f64) -> f64 {
    let total = gain + loss;
    if total > 0.0 {
        100.0 * (gain / total)
    } else {
        0.0
    }
}

/// Gain part of a change and the matching loss (`gain - change`), branch-free as in TA-Lib.
pub(crate) fn split(change: f64) -> (f64, f64) {
    let gain = if change > 0.0 { change } else { 0.0 };
    (gain, gain - change)
}

/// Price changes `x[i] - x[i - 1]` for `i` in `from..to`, as zipped slices.
fn changes(x: &[f64], from: usize, to: usize) -> impl Iterator<Item = f64> + '_ {
    x[from..to]
        .iter()
        .zip(&x[from - 1..to - 1])
        .map(|(&v, &prev)| v - prev)
}

/// TA-Lib kernel on a gap-free slice: appends `x.len()` values to `out`, the
/// `period` warm-up NaNs first.
fn rsi_run(x: &[f64], period: usize, out: &mut Vec<f64>) {
    if !push_warmup(out, period, x.len()) {
        return;
    }
    let inv = 1.0 / period as f64;
    let keep = (period - 1) as f64;
    let (mut gain, mut loss) = (0.0, 0.0);
    for change in changes(x, 1, period + 1) {
        let (g, l) = split(change);
        gain += g;
        loss += l;
    }
    loss *= inv;
    gain *= inv;
    out.push(rsi_value(gain, loss));
    out.extend(changes(x, period + 1, x.len()).map(|change| {
        let (g, l) = split(change);
        loss *= keep;
        gain *= keep;
        gain += g;
        loss += l;
        loss *= inv;
        gain *= inv;
        rsi_value(gain, loss)
    }));
}

/// Incremental RSI; equals [`rsi`] at every bar.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Rsi {
    /// Period in bars (number of price changes averaged).
    pub period: usize,
    #[serde(with = "barstream_model::serde_f64::option")]
    prev: Option<f64>,
    changes: usize,
    #[serde(with = "barstream_model::serde_f64")]
    gain: f64,
    #[serde(with = "barstream_model::serde_f64")]
    loss: f64,
    #[serde(with = "barstream_model::serde_f64::option")]
    value: Option<f64>,
}

impl Rsi {
    /// New RSI over `period` changes.
    ///
    /// # Panics
    ///
    /// Panics if `period == 0` ("Rsi: period must be > 0").
    #[must_use]
    pub fn new(period: usize) -> Self {
        assert!(period > 0, "Rsi: period must be > 0");
        Self {
            period,
            prev: None,
            changes: 0,
            gain: 0.0,
            loss: 0.0,
            value: None,
        }
    }

    /// Feeds one close; `None` during warm-up. A non-finite `x` resets the
    /// indicator and returns `None`.
    pub fn update(&mut self, x: f64) -> Option<f64> {
        if !x.is_finite() {
            self.reset();
            return None;
        }
        let prev = self.prev.replace(x)?;
        let (g, l) = split(x - prev);
        let inv = 1.0 / self.period as f64;
        if self.changes < self.period {
            self.gain += g;
            self.loss += l;
            self.changes += 1;
            if self.changes < self.period {
                return None;
            }
        } else {
            let keep = (self.period - 1) as f64;
            self.loss *= keep;
            self.gain *= keep;
            self.gain += g;
            self.loss += l;
        }
        self.loss *= inv;
        self.gain *= inv;
        self.value = Some(rsi_value(self.gain, self.loss));
        self.value
    }

    /// Last output, `None` during warm-up.
    #[must_use]
    pub fn value(&self) -> Option<f64> {
        self.value
    }
}

impl Indicator for Rsi {
    fn name(&self) -> String {
        format!("RSI({})", self.period)
    }

    fn lookback(&self) -> usize {
        self.period
    }

    fn initialized(&self) -> bool {
        self.value.is_some()
    }

    fn reset(&mut self) {
        self.prev = None;
        self.changes = 0;
        self.gain = 0.0;
        self.loss = 0.0;
        self.value = None;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::{self, assert_series_close, assert_stream_matches, differs};

    #[test]
    fn test_rsi_extremes_and_flat_series() {
        let up: Vec<f64> = (0..10).map(f64::from).collect();
        assert!(rsi(&up, 3)[3..].iter().all(|&v| v == 100.0));
        let down: Vec<f64> = (0..10).map(|i| -f64::from(i)).collect();
        assert!(rsi(&down, 3)[3..].iter().all(|&v| v == 0.0));
        assert!(rsi(&[5.0; 10], 3)[3..].iter().all(|&v| v == 0.0));
        // two ups of 1, one down of 1: 100 * (2/3) / (2/3 + 1/3)
        let out = rsi(&[1.0, 2.0, 3.0, 2.0], 3);
        assert_series_close(&out[3..], &[200.0 / 3.0], 1e-14, "rsi3");
    }

    #[test]
    fn test_batch_equals_incremental_at_every_bar_on_real_closes() {
        let c = testing::aapl().close;
        for x in [c.clone(), testing::with_gaps(&c)] {
            for p in [1, 2, 14, 50] {
                let mut s = Rsi::new(p);
                assert_stream_matches(&rsi(&x, p), x.iter().map(|&v| s.update(v)), "rsi");
            }
        }
    }

    #[test]
    fn test_reset_then_replay_equals_fresh_run() {
        let c = testing::aapl().close;
        let mut s = Rsi::new(14);
        c[..300].iter().for_each(|&v| {
            s.update(v);
        });
        s.reset();
        let replay: Vec<_> = c.iter().map(|&v| s.update(v)).collect();
        let mut fresh = Rsi::new(14);
        let expected: Vec<_> = c.iter().map(|&v| fresh.update(v)).collect();
        assert_eq!(replay, expected);
    }

    #[test]
    fn test_period_changes_output() {
        let c = testing::aapl().close;
        assert!(differs(&rsi(&c, 14), &rsi(&c, 15)));
    }

    #[test]
    fn test_gap_restarts_warmup() {
        let c = testing::aapl().close;
        testing::assert_gap_restarts(&c, 400, |x| rsi(x, 14));
    }

    #[test]
    #[should_panic(expected = "period must be > 0")]
    fn test_period_zero_panics() {
        let _ = Rsi::new(0);
    }
}
