//! Moving average convergence/divergence (TA-Lib `MACD`).
//!
//! `macd = EMA_fast - EMA_slow`, `signal = EMA_signal(macd)`, `hist = macd - signal`,
//! all EMAs SMA-seeded with `k = 2/(period+1)` (see [`crate::average::ema`]).
//! If `slow < fast` the two are swapped, as TA-Lib does.
//!
//! # TA-Lib alignment quirk (matched on purpose)
//!
//! TA-Lib does not start the fast EMA at bar 0. It computes both EMAs only from
//! the first bar where the slow one exists (index `slow - 1`), so the fast EMA is
//! seeded with the SMA of the `fast` bars *ending* at `slow - 1`, i.e. it starts
//! at bar `slow - fast`. The bars before that never reach the fast EMA. The
//! difference from a fast EMA seeded at bar 0 decays like `(1 - k_fast)^n` but is
//! visible for the first few dozen bars (e.g. 0.16 in the MACD of AAPL at bar 38
//! with 5/35/5). Also, all three outputs, including the MACD line, are NaN until
//! the signal exists: the first value of every line is at index
//! `slow + signal - 2`, even though the MACD line itself is known from `slow - 1`.

use crate::average::ema::{ema_k, Ema};
use crate::indicator::Indicator;
use crate::util::{for_each_finite_run, nan_vec};
use serde::{Deserialize, Serialize};

/// Output of [`macd`]: each len n, NaN during warm-up.
#[derive(Debug, Clone, PartialEq)]
pub struct MacdOutput {
    /// MACD line: fast EMA - slow EMA, price units.
    pub macd: Vec<f64>,
    /// Signal line: EMA of the MACD line, price units.
    pub signal: Vec<f64>,
    /// Histogram: MACD - signal, price units.
    pub hist: Vec<f64>,
}

/// One bar of [`Macd`] output.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct MacdValue {
    /// MACD line: fast EMA - slow EMA, price units.
    #[serde(with = "barstream_model::serde_f64")]
    pub macd: f64,
    /// Signal line: EMA of the MACD line, price units.
    #[serde(with = "barstream_model::serde_f64")]
    pub signal: f64,
    /// Histogram: MACD - signal, price units.
    #[serde(with = "barstream_model::serde_f64")]
    pub hist: f64,
}

fn ordered(fast: usize, slow: usize) -> (usize, usize) {
    if slow < fast {
        (slow, fast)
    } else {
        (fast, slow)
    }
}

/// MACD line, signal line and histogram; NaN during warm-up (first value of all
/// three at index `slow + signal - 2`) and around non-finite inputs (see crate docs).
///
/// # Panics
///
/// Panics if any period is 0 ("macd: periods must be > 0").
#[must_use]
pub fn macd(x: &[f64], fast: usize, slow: usize, signal: usize) -> MacdOutput {
    assert!(
        fast > 0 && slow > 0 && signal > 0,
        "macd: periods must be > 0"
    );
    let (fast, slow) = ordered(fast, slow);
    let n = x.len();
    let mut out = MacdOutput {
        macd: nan_vec(n),
        signal: nan_vec(n),
        hist: nan_vec(n),
    };
    for_each_finite_run(x, |a, b| {
        macd_run(
            &x[a..b],
            (fast, slow, signal),
            &mut out.macd[a..b],
            &mut out.signal[a..b],
            &mut out.hist[a..b],
        );
    });
    out
}

/// TA-Lib kernel on a gap-free slice; outputs are pre-filled with NaN.
fn macd_run(
    x: &[f64],
    (fast, slow, signal): (usize, usize, usize),
    out_macd: &mut [f64],
    out_signal: &mut [f64],
    out_hist: &mut [f64],
) {
    let first = slow + signal - 2;
    if x.len() <= first {
        return;
    }
    let (kf, ks, kg) = (ema_k(fast), ema_k(slow), ema_k(signal));
    let seed = |w: &[f64]| w.iter().fold(0.0, |s, &v| s + v) / w.len() as f64;
    let mut slow_ema = seed(&x[..slow]);
    let mut fast_ema = seed(&x[slow - fast..slow]);
    let mut signal_sum = 0.0;
    let mut signal_ema = 0.0;
    for i in slow - 1..x.len() {
        if i >= slow {
            slow_ema = (x[i] - slow_ema).mul_add(ks, slow_ema);
            fast_ema = (x[i] - fast_ema).mul_add(kf, fast_ema);
        }
        let line = fast_ema - slow_ema;
        let j = i + 1 - slow; // index on the MACD line
        if j < signal {
            signal_sum += line;
            if j + 1 < signal {
                continue;
            }
            signal_ema = signal_sum / signal as f64;
        } else {
            signal_ema = (line - signal_ema).mul_add(kg, signal_ema);
        }
        out_macd[i] = line;
        out_signal[i] = signal_ema;
        out_hist[i] = line - signal_ema;
    }
}

/// Incremental MACD; equals [`macd`] at every bar (same alignment quirk).
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Macd {
    /// Fast EMA period (the smaller of the two given).
    pub fast_period: usize,
    /// Slow EMA period (the larger of the two given).
    pub slow_period: usize,
    /// Signal EMA period.
    pub signal_period: usize,
    fast: Ema,
    slow: Ema,
    signal: Ema,
    bars: usize,
    value: Option<MacdValue>,
}

impl Macd {
    /// New MACD; `fast` and `slow` are swapped if `slow < fast` (TA-Lib).
    ///
    /// # Panics
    ///
    /// Panics if any period is 0 ("Macd: periods must be > 0").
    #[must_use]
    pub fn new(fast: usize, slow: usize, signal: usize) -> Self {
        assert!(
            fast > 0 && slow > 0 && signal > 0,
            "Macd: periods must be > 0"
        );
        let (fast, slow) = ordered(fast, slow);
        Self {
            fast_period: fast,
            slow_period: slow,
            signal_period: signal,
            fast: Ema::new(fast),
            slow: Ema::new(slow),
            signal: Ema::new(signal),
            bars: 0,
            value: None,
        }
    }

    /// Feeds one value; `None` during warm-up. A non-finite `x` resets the
    /// indicator and returns `None`.
    pub fn update(&mut self, x: f64) -> Option<MacdValue> {
        if !x.is_finite() {
            self.reset();
            return None;
        }
        let bar = self.bars;
        self.bars += 1;
        let slow = self.slow.update(x);
        // TA-Lib starts the fast EMA at bar `slow - fast` (see module docs).
        let fast = if bar + self.fast_period >= self.slow_period {
            self.fast.update(x)
        } else {
            None
        };
        self.value = match (fast, slow) {
            (Some(f), Some(s)) => {
                let line = f - s;
                self.signal.update(line).map(|sig| MacdValue {
                    macd: line,
                    signal: sig,
                    hist: line - sig,
                })
            }
            _ => None,
        };
        self.value
    }

    /// Last output, `None` during warm-up.
    #[must_use]
    pub fn value(&self) -> Option<MacdValue> {
        self.value
    }
}

impl Indicator for Macd {
    fn name(&self) -> String {
        format!(
            "MACD({},{},{})",
            self.fast_period, self.slow_period, self.signal_period
        )
    }

    fn lookback(&self) -> usize {
        self.slow_period + self.signal_period - 2
    }

    fn initialized(&self) -> bool {
        self.value.is_some()
    }

    fn reset(&mut self) {
        self.fast.reset();
        self.slow.reset();
        self.signal.reset();
        self.bars = 0;
        self.value = None;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::average::ema::ema;
    use crate::testing::{self, assert_series_close, assert_stream_matches, differs};

    fn stream(x: &[f64], (f, s, g): (usize, usize, usize)) -> Vec<Option<MacdValue>> {
        let mut m = Macd::new(f, s, g);
        x.iter().map(|&v| m.update(v)).collect()
    }

    #[test]
    fn test_batch_equals_incremental_at_every_bar_on_real_closes() {
        let c = testing::aapl().close;
        for x in [c.clone(), testing::with_gaps(&c)] {
            for p in [(12, 26, 9), (5, 35, 5), (1, 1, 1), (2, 3, 1), (26, 12, 9)] {
                let b = macd(&x, p.0, p.1, p.2);
                let s = stream(&x, p);
                assert_stream_matches(&b.macd, s.iter().map(|v| v.map(|v| v.macd)), "macd");
                assert_stream_matches(&b.signal, s.iter().map(|v| v.map(|v| v.signal)), "sig");
                assert_stream_matches(&b.hist, s.iter().map(|v| v.map(|v| v.hist)), "hist");
            }
        }
    }

    #[test]
    fn test_fast_ema_starts_at_slow_minus_fast_and_converges_to_plain_ema() {
        let c = testing::aapl().close;
        let (f, s, g) = (5, 35, 5);
        let out = macd(&c, f, s, g);
        let first = s + g - 2;
        assert!(out.macd[first - 1].is_nan() && !out.macd[first].is_nan());
        // quirk: fast EMA = EMA(fast) of the series starting at bar slow - fast
        let fast_q = ema(&c[s - f..], f);
        let slow_e = ema(&c, s);
        for i in first..c.len() {
            let line = fast_q[i - (s - f)] - slow_e[i];
            assert!(
                (out.macd[i] - line).abs() <= 1e-12 * line.abs().max(1e-9),
                "bar {i}"
            );
        }
        // an EMA seeded at bar 0 differs early on, agrees after the seed decays
        let naive = ema(&c, f);
        assert!((naive[first] - slow_e[first] - out.macd[first]).abs() > 1e-3);
        let late = c.len() - 1;
        assert!((naive[late] - slow_e[late] - out.macd[late]).abs() < 1e-9);
    }

    #[test]
    fn test_swapped_fast_and_slow_give_same_output() {
        let c = testing::aapl().close;
        let (a, b) = (macd(&c, 26, 12, 9), macd(&c, 12, 26, 9));
        assert_series_close(&a.macd, &b.macd, 0.0, "macd");
        assert_series_close(&a.hist, &b.hist, 0.0, "hist");
    }

    #[test]
    fn test_reset_then_replay_equals_fresh_run() {
        let c = testing::aapl().close;
        let mut m = Macd::new(12, 26, 9);
        c[..300].iter().for_each(|&v| {
            m.update(v);
        });
        m.reset();
        let replay: Vec<_> = c.iter().map(|&v| m.update(v)).collect();
        assert_eq!(replay, stream(&c, (12, 26, 9)));
    }

    #[test]
    fn test_each_period_changes_output() {
        let c = testing::aapl().close;
        let base = macd(&c, 12, 26, 9);
        for o in [
            macd(&c, 13, 26, 9),
            macd(&c, 12, 27, 9),
            macd(&c, 12, 26, 10),
        ] {
            assert!(differs(&base.macd, &o.macd) || differs(&base.signal, &o.signal));
        }
        // the signal period changes the signal and the warm-up of all lines
        let o = macd(&c, 12, 26, 10);
        assert!(differs(&base.signal, &o.signal) && differs(&base.hist, &o.hist));
    }

    #[test]
    fn test_gap_restarts_warmup() {
        let c = testing::aapl().close;
        testing::assert_gap_restarts(&c, 400, |x| macd(x, 12, 26, 9).hist);
        let out = macd(&testing::with_gaps(&c), 12, 26, 9);
        let clean = macd(&c[502..800], 12, 26, 9).hist;
        assert_series_close(&out.hist[502..800], &clean, 0.0, "between gaps");
    }

    #[test]
    #[should_panic(expected = "periods must be > 0")]
    fn test_period_zero_panics() {
        let _ = macd(&[1.0], 12, 0, 9);
    }
}
