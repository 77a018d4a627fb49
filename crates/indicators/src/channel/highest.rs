//! Highest value over the last `period` bars including the current one (TA-Lib
//! `MAX`; the Donchian upper band when fed high prices). First value at index `period - 1`.

use serde::{Deserialize, Serialize};
use std::collections::VecDeque;

use super::{extreme_run, ExtremeWindow};
use crate::indicator::Indicator;
use crate::util::{for_each_finite_run, nan_vec};

fn beats(new: f64, old: f64) -> bool {
    new >= old
}

/// Rolling maximum over `period` bars (current bar included); NaN during warm-up
/// (first value at index `period - 1`) and around non-finite inputs (see crate docs).
///
/// # Panics
///
/// Panics if `period == 0` ("highest: period must be > 0").
#[must_use]
pub fn highest(x: &[f64], period: usize) -> Vec<f64> {
    assert!(period > 0, "highest: period must be > 0");
    let mut out = nan_vec(x.len());
    let mut deque = VecDeque::with_capacity(period + 1);
    for_each_finite_run(x, |a, b| {
        extreme_run(&x[a..b], period, &mut out[a..b], &mut deque, beats);
    });
    out
}

/// Incremental rolling maximum; equals [`highest`] at every bar.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Highest {
    /// Window length in bars.
    pub period: usize,
    window: ExtremeWindow,
    #[serde(with = "crate::serde_f64::option")]
    value: Option<f64>,
}

impl Highest {
    /// New rolling maximum over `period` bars.
    ///
    /// # Panics
    ///
    /// Panics if `period == 0` ("Highest: period must be > 0").
    #[must_use]
    pub fn new(period: usize) -> Self {
        assert!(period > 0, "Highest: period must be > 0");
        Self {
            period,
            window: ExtremeWindow::new(period),
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
        self.value = self.window.update(x, beats);
        self.value
    }

    /// Last output, `None` during warm-up.
    #[must_use]
    pub fn value(&self) -> Option<f64> {
        self.value
    }
}

impl Indicator for Highest {
    fn name(&self) -> String {
        format!("MAX({})", self.period)
    }

    fn lookback(&self) -> usize {
        self.period - 1
    }

    fn initialized(&self) -> bool {
        self.value.is_some()
    }

    fn reset(&mut self) {
        self.window.reset();
        self.value = None;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::{self, assert_series_close, assert_stream_matches, differs};

    fn brute(x: &[f64], p: usize) -> Vec<f64> {
        (0..x.len())
            .map(|i| {
                if i + 1 < p {
                    f64::NAN
                } else {
                    x[i + 1 - p..=i]
                        .iter()
                        .copied()
                        .fold(x[i], |m, v| if beats(v, m) { v } else { m })
                }
            })
            .collect()
    }

    #[test]
    fn test_equals_brute_force_window_scan() {
        let x = [
            3.0, 1.0, 4.0, 1.0, 5.0, 9.0, 2.0, 6.0, 5.0, 3.0, 5.0, 5.0, 1.0,
        ];
        for p in 1..=6 {
            assert_series_close(&highest(&x, p), &brute(&x, p), 0.0, "small");
        }
        let c = testing::link().close;
        for p in [2, 20, 55] {
            assert_series_close(&highest(&c, p), &brute(&c, p), 0.0, "link");
        }
    }

    #[test]
    fn test_batch_equals_incremental_at_every_bar_on_real_closes() {
        let c = testing::aapl().close;
        for x in [c.clone(), testing::with_gaps(&c)] {
            for p in [1, 2, 20, 55] {
                let mut s = Highest::new(p);
                assert_stream_matches(&highest(&x, p), x.iter().map(|&v| s.update(v)), "highest");
            }
        }
    }

    #[test]
    fn test_reset_then_replay_equals_fresh_run() {
        let c = testing::aapl().close;
        let mut s = Highest::new(20);
        c[..300].iter().for_each(|&v| {
            s.update(v);
        });
        s.reset();
        let replay: Vec<_> = c.iter().map(|&v| s.update(v)).collect();
        let mut fresh = Highest::new(20);
        let expected: Vec<_> = c.iter().map(|&v| fresh.update(v)).collect();
        assert_eq!(replay, expected);
    }

    #[test]
    fn test_period_changes_output() {
        let c = testing::aapl().close;
        assert!(differs(&highest(&c, 20), &highest(&c, 21)));
    }

    #[test]
    fn test_gap_restarts_warmup() {
        let c = testing::aapl().close;
        testing::assert_gap_restarts(&c, 400, |x| highest(x, 20));
    }

    #[test]
    #[should_panic(expected = "period must be > 0")]
    fn test_period_zero_panics() {
        let _ = highest(&[1.0], 0);
    }
}
