//! Rolling percentile rank of a value among its own recent history.
//!
//! Definition: for a window of `n` bars, `rank[t] = #{ j in t-n+1..=t : x[j] <= x[t] } / n`,
//! a fraction in `[1/n, 1]` (1 = the highest of the window, ties count as at or
//! below). It is NaN for `t < n-1` and whenever a non-finite value lies in the
//! window (the window restarts after it, like the indicators' gap rule).
//! Only `x[t-n+1..=t]` is read: no look-ahead.

/// Rolling percentile rank of `x` over `window` bars (see the module docs);
/// output len = `x.len()`.
///
/// Runs in O(len * (log window + window/8)): a sorted copy of the window is kept
/// (binary-search insert and remove); tested against the O(len * window) count.
///
/// # Panics
/// Panics if `window == 0`.
pub fn rolling_percentile_rank(x: &[f64], window: usize) -> Vec<f64> {
    assert!(window > 0, "rolling_percentile_rank: window must be > 0");
    let mut out = vec![f64::NAN; x.len()];
    let mut sorted: Vec<f64> = Vec::with_capacity(window + 1);
    let mut run = 0usize; // finite values since the last non-finite one
    for (t, &v) in x.iter().enumerate() {
        if !v.is_finite() {
            sorted.clear();
            run = 0;
            continue;
        }
        if run >= window {
            let old = x[t - window];
            let at = sorted.partition_point(|&s| s < old);
            sorted.remove(at);
        }
        let at = sorted.partition_point(|&s| s < v);
        sorted.insert(at, v);
        run += 1;
        if run >= window {
            let at_or_below = sorted.partition_point(|&s| s <= v);
            out[t] = at_or_below as f64 / window as f64;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::aapl;

    /// The definition, literally: O(len * window).
    fn reference(x: &[f64], n: usize) -> Vec<f64> {
        (0..x.len())
            .map(|t| {
                if t + 1 < n {
                    return f64::NAN;
                }
                let w = &x[t + 1 - n..=t];
                if w.iter().any(|v| !v.is_finite()) {
                    return f64::NAN;
                }
                w.iter().filter(|&&v| v <= x[t]).count() as f64 / n as f64
            })
            .collect()
    }

    fn same(a: &[f64], b: &[f64]) {
        assert_eq!(a.len(), b.len());
        for (i, (x, y)) in a.iter().zip(b).enumerate() {
            assert!(x == y || (x.is_nan() && y.is_nan()), "bar {i}: {x} vs {y}");
        }
    }

    #[test]
    fn equals_the_plain_count_on_real_atr_with_ties_and_gaps() {
        let d = aapl();
        let atr = barstream_indicators::atr(&d.high, &d.low, &d.close, 14);
        for n in [1, 2, 5, 20, 100, 252] {
            same(&rolling_percentile_rank(&atr, n), &reference(&atr, n));
        }
        // Rounded closes have many exact ties; interior NaNs restart the window.
        let mut x: Vec<f64> = d.close.iter().map(|c| (c / 5.0).round()).collect();
        x[300] = f64::NAN;
        x[301] = f64::INFINITY;
        for n in [3, 50] {
            same(&rolling_percentile_rank(&x, n), &reference(&x, n));
        }
    }

    #[test]
    fn highest_of_the_window_ranks_one_and_lowest_ranks_one_over_n() {
        let r = rolling_percentile_rank(&[5.0, 1.0, 3.0, 9.0, 0.5], 3);
        assert!(r[0].is_nan() && r[1].is_nan());
        assert_eq!(&r[2..], &[2.0 / 3.0, 1.0, 1.0 / 3.0]);
    }
}
