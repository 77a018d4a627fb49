//! Sample moments shared by the return and trade statistics.

/// Arithmetic mean of `x`; NaN when `x` is empty.
pub fn mean(x: &[f64]) -> f64 {
    if x.is_empty() {
        return f64::NAN;
    }
    x.iter().sum::<f64>() / x.len() as f64
}

/// Sample standard deviation of `x` with Bessel's correction (ddof = 1, as pandas'
/// `Series.std()` which backtesting.py uses for SQN); NaN when `x.len() < 2`.
pub fn sample_std(x: &[f64]) -> f64 {
    if x.len() < 2 {
        return f64::NAN;
    }
    let m = mean(x);
    let ss: f64 = x.iter().map(|v| (v - m) * (v - m)).sum();
    (ss / (x.len() - 1) as f64).sqrt()
}

/// `num / den`, or NaN when `den` is 0 (a ratio with nothing to divide by is undefined,
/// not infinite: it must serialise to JSON, where infinities do not exist).
pub fn ratio(num: f64, den: f64) -> f64 {
    if den == 0.0 {
        f64::NAN
    } else {
        num / den
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sample_std_uses_n_minus_one() {
        // 2, 4, 4, 4, 5, 5, 7, 9: mean 5, sum of squares 32, 32/7 = 4.571428...
        let x = [2.0, 4.0, 4.0, 4.0, 5.0, 5.0, 7.0, 9.0];
        assert_eq!(mean(&x), 5.0);
        assert!((sample_std(&x) - (32.0f64 / 7.0).sqrt()).abs() < 1e-15);
    }

    #[test]
    fn moments_of_too_short_input_are_nan() {
        assert!(mean(&[]).is_nan());
        assert!(sample_std(&[1.0]).is_nan());
        assert!(ratio(1.0, 0.0).is_nan());
        assert_eq!(ratio(1.0, 4.0), 0.25);
    }
}
