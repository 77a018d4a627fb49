//! The rolling extreme behind [`super::highest`] and [`super::lowest`]: one batch function
//! and one incremental struct, generic over which extreme ([`Max`] or [`Min`]), so the two
//! indicators cannot drift apart.

use serde::{Deserialize, Serialize};
use std::collections::VecDeque;
use std::marker::PhantomData;

use super::{extreme_run, ExtremeWindow};
use crate::indicator::Indicator;
use crate::util::{for_each_finite_run, nan_vec};

/// Which extreme a rolling window keeps.
pub trait Extreme {
    /// Batch function name, used in panic messages (`"highest"`).
    const FN: &'static str;
    /// Incremental type name, used in panic messages (`"Highest"`).
    const TYPE: &'static str;
    /// TA-Lib function name (`"MAX"`), used by [`Indicator::name`].
    const TALIB: &'static str;
    /// True when `new` makes `old` irrelevant for every later window (`>=` for a maximum).
    fn beats(new: f64, old: f64) -> bool;
}

/// The maximum (TA-Lib `MAX`).
#[derive(Debug, Clone, Copy)]
pub struct Max;

/// The minimum (TA-Lib `MIN`).
#[derive(Debug, Clone, Copy)]
pub struct Min;

impl Extreme for Max {
    const FN: &'static str = "highest";
    const TYPE: &'static str = "Highest";
    const TALIB: &'static str = "MAX";
    #[inline]
    fn beats(new: f64, old: f64) -> bool {
        new >= old
    }
}

impl Extreme for Min {
    const FN: &'static str = "lowest";
    const TYPE: &'static str = "Lowest";
    const TALIB: &'static str = "MIN";
    #[inline]
    fn beats(new: f64, old: f64) -> bool {
        new <= old
    }
}

/// Rolling extreme `E` over `period` bars (current bar included); NaN during warm-up
/// (first value at index `period - 1`) and around non-finite inputs (see crate docs).
///
/// # Panics
///
/// Panics if `period == 0` (`"highest: period must be > 0"`, or `lowest`).
#[must_use]
pub fn rolling_extreme<E: Extreme>(x: &[f64], period: usize) -> Vec<f64> {
    assert!(period > 0, "{}: period must be > 0", E::FN);
    let mut out = nan_vec(x.len());
    let mut deque = VecDeque::with_capacity(period + 1);
    for_each_finite_run(x, |a, b| {
        extreme_run(&x[a..b], period, &mut out[a..b], &mut deque, E::beats);
    });
    out
}

/// Incremental rolling extreme `E`; equals [`rolling_extreme`] at every bar.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(bound = "")]
pub struct RollingExtreme<E: Extreme> {
    /// Window length in bars.
    pub period: usize,
    window: ExtremeWindow,
    #[serde(with = "barstream_model::serde_f64::option")]
    value: Option<f64>,
    #[serde(skip)]
    extreme: PhantomData<E>,
}

impl<E: Extreme> RollingExtreme<E> {
    /// New rolling extreme over `period` bars.
    ///
    /// # Panics
    ///
    /// Panics if `period == 0` (`"Highest: period must be > 0"`, or `Lowest`).
    #[must_use]
    pub fn new(period: usize) -> Self {
        assert!(period > 0, "{}: period must be > 0", E::TYPE);
        Self {
            period,
            window: ExtremeWindow::new(period),
            value: None,
            extreme: PhantomData,
        }
    }

    /// Feeds one value; `None` during warm-up. A non-finite `x` resets the
    /// indicator and returns `None`.
    pub fn update(&mut self, x: f64) -> Option<f64> {
        if !x.is_finite() {
            self.reset();
            return None;
        }
        self.value = self.window.update(x, E::beats);
        self.value
    }

    /// Last output, `None` during warm-up.
    #[must_use]
    pub fn value(&self) -> Option<f64> {
        self.value
    }
}

impl<E: Extreme> Indicator for RollingExtreme<E> {
    fn name(&self) -> String {
        format!("{}({})", E::TALIB, self.period)
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

    fn brute<E: Extreme>(x: &[f64], p: usize) -> Vec<f64> {
        (0..x.len())
            .map(|i| {
                if i + 1 < p {
                    f64::NAN
                } else {
                    x[i + 1 - p..=i]
                        .iter()
                        .copied()
                        .fold(x[i], |m, v| if E::beats(v, m) { v } else { m })
                }
            })
            .collect()
    }

    fn equals_brute_force_window_scan<E: Extreme>() {
        let x = [
            3.0, 1.0, 4.0, 1.0, 5.0, 9.0, 2.0, 6.0, 5.0, 3.0, 5.0, 5.0, 1.0,
        ];
        for p in 1..=6 {
            assert_series_close(
                &rolling_extreme::<E>(&x, p),
                &brute::<E>(&x, p),
                0.0,
                "small",
            );
        }
        let c = testing::link().close;
        for p in [2, 20, 55] {
            assert_series_close(
                &rolling_extreme::<E>(&c, p),
                &brute::<E>(&c, p),
                0.0,
                "link",
            );
        }
    }

    fn batch_equals_incremental_at_every_bar_on_real_closes<E: Extreme>() {
        let c = testing::aapl().close;
        for x in [c.clone(), testing::with_gaps(&c)] {
            for p in [1, 2, 20, 55] {
                let mut s = RollingExtreme::<E>::new(p);
                assert_stream_matches(
                    &rolling_extreme::<E>(&x, p),
                    x.iter().map(|&v| s.update(v)),
                    E::FN,
                );
            }
        }
    }

    fn reset_then_replay_equals_fresh_run<E: Extreme>() {
        let c = testing::aapl().close;
        let mut s = RollingExtreme::<E>::new(20);
        c[..300].iter().for_each(|&v| {
            s.update(v);
        });
        s.reset();
        let replay: Vec<_> = c.iter().map(|&v| s.update(v)).collect();
        let mut fresh = RollingExtreme::<E>::new(20);
        let expected: Vec<_> = c.iter().map(|&v| fresh.update(v)).collect();
        assert_eq!(replay, expected);
    }

    fn period_changes_output<E: Extreme>() {
        let c = testing::aapl().close;
        assert!(differs(
            &rolling_extreme::<E>(&c, 20),
            &rolling_extreme::<E>(&c, 21)
        ));
    }

    fn gap_restarts_warmup<E: Extreme>() {
        let c = testing::aapl().close;
        testing::assert_gap_restarts(&c, 400, |x| rolling_extreme::<E>(x, 20));
    }

    #[test]
    fn test_equals_brute_force_window_scan() {
        equals_brute_force_window_scan::<Max>();
        equals_brute_force_window_scan::<Min>();
    }

    #[test]
    fn test_batch_equals_incremental_at_every_bar_on_real_closes() {
        batch_equals_incremental_at_every_bar_on_real_closes::<Max>();
        batch_equals_incremental_at_every_bar_on_real_closes::<Min>();
    }

    #[test]
    fn test_reset_then_replay_equals_fresh_run() {
        reset_then_replay_equals_fresh_run::<Max>();
        reset_then_replay_equals_fresh_run::<Min>();
    }

    #[test]
    fn test_period_changes_output() {
        period_changes_output::<Max>();
        period_changes_output::<Min>();
    }

    #[test]
    fn test_gap_restarts_warmup() {
        gap_restarts_warmup::<Max>();
        gap_restarts_warmup::<Min>();
    }

    #[test]
    fn test_max_and_min_differ_and_keep_talib_names() {
        let c = testing::aapl().close;
        assert!(differs(
            &rolling_extreme::<Max>(&c, 20),
            &rolling_extreme::<Min>(&c, 20)
        ));
        assert_eq!(RollingExtreme::<Max>::new(20).name(), "MAX(20)");
        assert_eq!(RollingExtreme::<Min>::new(5).name(), "MIN(5)");
    }

    #[test]
    #[should_panic(expected = "highest: period must be > 0")]
    fn test_highest_period_zero_panics() {
        let _ = rolling_extreme::<Max>(&[1.0], 0);
    }

    #[test]
    #[should_panic(expected = "Lowest: period must be > 0")]
    fn test_lowest_new_period_zero_panics() {
        let _ = RollingExtreme::<Min>::new(0);
    }
}
