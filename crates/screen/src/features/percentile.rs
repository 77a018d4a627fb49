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
/// # Panics
/// Panics if `window == 0`.
pub fn rolling_percentile_rank(x: &[f64], window: usize) -> Vec<f64> {
    rolling_percentile_rank_from(x, window, 0)
}

/// [`rolling_percentile_rank`] evaluated only at bars `from..` (NaN before):
/// a screen needs the rank only where it may emit candidates.
///
/// Each rank is a branch-free count over the window (`x[j] <= x[t]`), which the
/// compiler vectorises: O((len - from) * window) but ~0.2 ns per compared value,
/// faster than a sorted window for the windows screens use (tens to a few
/// hundred bars).
///
/// # Panics
/// Panics if `window == 0`.
pub fn rolling_percentile_rank_from(x: &[f64], window: usize, from: usize) -> Vec<f64> {
    assert!(window > 0, "rolling_percentile_rank: window must be > 0");
    let mut out = vec![f64::NAN; x.len()];
    // Index just after the last non-finite value at or before t.
    let mut clean_from = 0usize;
    for (t, &v) in x.iter().enumerate() {
        if !v.is_finite() {
            clean_from = t + 1;
            continue;
        }
        if t < from || t + 1 < clean_from + window {
            continue;
        }
        let w = &x[t + 1 - window..=t];
        let at_or_below = w.iter().map(|&y| usize::from(y <= v)).sum::<usize>();
        out[t] = at_or_below as f64 / window as f64;
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
    fn evaluating_from_a_bar_leaves_the_earlier_bars_nan_and_the_rest_equal() {
        let d = aapl();
        let atr = barstream_indicators::atr(&d.high, &d.low, &d.close, 14);
        let full = rolling_percentile_rank(&atr, 60);
        let part = rolling_percentile_rank_from(&atr, 60, 700);
        assert!(part[..700].iter().all(|v| v.is_nan()));
        same(&part[700..], &full[700..]);
    }

    #[test]
    fn highest_of_the_window_ranks_one_and_lowest_ranks_one_over_n() {
        let r = rolling_percentile_rank(&[5.0, 1.0, 3.0, 9.0, 0.5], 3);
        assert!(r[0].is_nan() && r[1].is_nan());
        assert_eq!(&r[2..], &[2.0 / 3.0, 1.0, 1.0 / 3.0]);
    }
}
