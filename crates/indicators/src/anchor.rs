//! Start independence: when a computation over a slice of a series reproduces the
//! values of the computation over the whole series (used by focused replay, which
//! computes indicators only over segments of a long series).
//!
//! Two kinds of memory make a value at bar t depend on bars long before its window:
//!
//! - **Running sums** (SMA, WMA, the variance of STDDEV and BBANDS) carry the rounding
//!   of every earlier add and subtract. That error does not decay: a sum started
//!   fresh at a later bar differs from the long-running one in the last bits for as
//!   long as both run (measured on S&P 500 daily closes: ~80% of SMA values differ in
//!   the last bit, and crossovers of two SMAs flip at exact ties). So these kinds
//!   rebuild their sums from the window alone at fixed **anchors**: output indices
//!   `k * anchor_stride(period)` (k >= 1) counted from the first output of the run,
//!   with exactly the operations of the run's first output. From an anchor on, a
//!   value depends only on the bars since the anchor's window began, so a slice that
//!   starts at a multiple of the stride (relative to the run start) gives bit-identical
//!   values from its first output on.
//! - **Recursive smoothing** (EMA, Wilder's RSI and ATR, MACD) weighs the seed by
//!   `(1 - alpha)^t`. A run seeded later converges to the long run; after
//!   [`seed_decay_bars`] bars the seed's weight is below 2^-64 (TA-Lib's "unstable
//!   period"). This is convergence, not identity by construction: once two states are
//!   equal they stay equal, and on every test series they were bit-identical by then,
//!   but two states one ulp apart could in principle stay apart.

/// Anchor stride of the running-sum kinds (SMA, WMA, STDDEV/VAR, BBANDS) with
/// `period`: `8 * period` rounded up to a power of two, so the strides of several
/// indicators divide the largest one. Rebuilding `period - 1` values every stride
/// costs at most 1/8 of an add per bar.
///
/// # Panics
/// Panics if `period == 0` ("anchor_stride: period must be > 0").
#[must_use]
pub fn anchor_stride(period: usize) -> usize {
    assert!(period > 0, "anchor_stride: period must be > 0");
    (8 * period).next_power_of_two()
}

/// True when output index `k` (0 = the first output of a gap-free run) is an anchor
/// of a running-sum indicator with `period`: the sums are rebuilt from the window
/// exactly as for the first output.
#[inline]
pub(crate) fn is_anchor(k: usize, period: usize) -> bool {
    k > 0 && k.is_multiple_of(anchor_stride(period))
}

/// Bars of recursive smoothing with factor `alpha` (new value weight, 0 < alpha <= 1:
/// EMA `2 / (period + 1)`, Wilder `1 / period`) after which the seed's weight
/// `(1 - alpha)^bars` is below 2^-64, i.e. `floor(64 ln 2 / -ln(1 - alpha)) + 1`; 0 for
/// alpha >= 1 (no memory). A seed off by up to 2^11 times the value moves the result
/// by less than half an ulp after that many bars.
///
/// # Panics
/// Panics unless `0 < alpha` ("seed_decay_bars: alpha must be in (0, 1]").
#[must_use]
pub fn seed_decay_bars(alpha: f64) -> usize {
    assert!(alpha > 0.0, "seed_decay_bars: alpha must be in (0, 1]");
    if alpha >= 1.0 {
        return 0;
    }
    (64.0 * std::f64::consts::LN_2 / -(-alpha).ln_1p()).floor() as usize + 1
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::{self, assert_series_close};
    use crate::{bbands, ema, rsi, sma, stddev, wma, Bbands, Sma, StdDev, Wma};

    /// Every running-sum kind over `x`, one column per output.
    fn running_sums(x: &[f64], p: usize) -> Vec<Vec<f64>> {
        let b = bbands(x, p, 2.0, 1.5);
        vec![
            sma(x, p),
            wma(x, p),
            stddev(x, p, 1.0),
            b.upper,
            b.middle,
            b.lower,
        ]
    }

    #[test]
    fn test_running_sums_on_a_stride_aligned_slice_equal_the_full_series_bit_for_bit() {
        // A later start without anchors differs in the last bits (the reason anchors exist);
        // with them, every slice starting at a multiple of the stride reproduces the
        // full-series values from its first output on.
        for x in [testing::aapl().close, testing::link().close] {
            for p in [2, 10, 20, 30] {
                let full = running_sums(&x, p);
                let stride = anchor_stride(p);
                let mut start = stride;
                while start + p < x.len() {
                    let part = running_sums(&x[start..], p);
                    for (f, s) in full.iter().zip(&part) {
                        assert_series_close(&f[start + p - 1..], &s[p - 1..], 0.0, "slice");
                    }
                    start += stride;
                }
            }
        }
    }

    #[test]
    fn test_incremental_forms_equal_batch_bit_for_bit_across_anchors() {
        let x = testing::link().close;
        for p in [1, 3, 20] {
            let mut s = Sma::new(p);
            let mut w = Wma::new(p);
            let mut d = StdDev::new(p, 1.0);
            let mut b = Bbands::new(p, 2.0, 2.0);
            let streams: [Vec<f64>; 4] = [
                x.iter().map(|&v| s.update(v).unwrap_or(f64::NAN)).collect(),
                x.iter().map(|&v| w.update(v).unwrap_or(f64::NAN)).collect(),
                x.iter().map(|&v| d.update(v).unwrap_or(f64::NAN)).collect(),
                x.iter()
                    .map(|&v| b.update(v).map_or(f64::NAN, |b| b.upper))
                    .collect(),
            ];
            let batch = [
                sma(&x, p),
                wma(&x, p),
                stddev(&x, p, 1.0),
                bbands(&x, p, 2.0, 2.0).upper,
            ];
            for (a, b) in batch.iter().zip(&streams) {
                assert_series_close(a, b, 0.0, "stream");
            }
        }
    }

    #[test]
    fn test_recursive_kinds_converge_to_the_same_bits_after_the_decay_bars() {
        // Not a theorem (see the module docs): measured here on real closes, starting a
        // slice at every 37th bar. The lead is the indicator's lookback plus the decay bars.
        type Batch = fn(&[f64], usize) -> Vec<f64>;
        type Alpha = fn(usize) -> f64;
        let kinds: [(&str, Batch, Alpha); 2] = [
            ("ema", |x, p| ema(x, p), |p| 2.0 / (p as f64 + 1.0)),
            ("rsi", |x, p| rsi(x, p), |p| 1.0 / p as f64),
        ];
        for x in [testing::aapl().close, testing::link().close] {
            for (name, f, alpha) in kinds {
                for p in [5, 14, 20] {
                    let full = f(&x, p);
                    let lead = p + seed_decay_bars(alpha(p));
                    for start in (1..x.len() - lead).step_by(37) {
                        let part = f(&x[start..], p);
                        assert_series_close(&full[start + lead..], &part[lead..], 0.0, name);
                    }
                }
            }
        }
    }

    #[test]
    fn test_strides_are_powers_of_two_at_least_eight_periods() {
        assert_eq!(anchor_stride(1), 8);
        assert_eq!(anchor_stride(10), 128);
        assert_eq!(anchor_stride(30), 256);
        assert_eq!(anchor_stride(32), 256);
        assert_eq!(anchor_stride(33), 512);
        assert!(is_anchor(256, 30) && !is_anchor(0, 30) && !is_anchor(255, 30));
    }

    #[test]
    fn test_seed_weight_after_decay_bars_is_below_two_to_minus_64() {
        for alpha in [2.0 / 51.0, 2.0 / 21.0, 1.0 / 14.0, 0.5, 0.999] {
            let bars = seed_decay_bars(alpha);
            let w = (1.0 - alpha).powi(bars as i32);
            let before = (1.0 - alpha).powi(bars as i32 - 1);
            assert!(
                w < 2f64.powi(-64) && before >= 2f64.powi(-64),
                "alpha {alpha}: {bars}"
            );
        }
        assert_eq!(seed_decay_bars(1.0), 0);
        // Wilder 14 (RSI, ATR): 599 bars; EMA 50: 1109 bars.
        assert_eq!(seed_decay_bars(1.0 / 14.0), 599);
        assert_eq!(seed_decay_bars(2.0 / 51.0), 1109);
    }
}
