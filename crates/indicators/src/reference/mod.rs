//! Test-only copies of the batch kernels (SMA, EMA, RSI, ATR, WMA, STDDEV) as they were before the segment-driven
//! rewrite (commit db9e6a7): NaN pre-fill, a separate scan for finite runs, the TA-Lib
//! kernel per run. The live kernels must equal these bit for bit (`parity_tests`).

pub(crate) mod atr;
pub(crate) mod ema;
pub(crate) mod rsi;
pub(crate) mod sma;
pub(crate) mod stddev;
pub(crate) mod wma;

mod parity_tests;

/// Calls `f(start, end)` for every maximal run `start..end` of indices `< n`
/// where `ok(i)` holds.
pub(crate) fn for_each_run(
    n: usize,
    mut ok: impl FnMut(usize) -> bool,
    mut f: impl FnMut(usize, usize),
) {
    let mut i = 0;
    while i < n {
        if !ok(i) {
            i += 1;
            continue;
        }
        let start = i;
        while i < n && ok(i) {
            i += 1;
        }
        f(start, i);
    }
}

/// [`for_each_run`] over the finite values of `x`.
pub(crate) fn for_each_finite_run(x: &[f64], f: impl FnMut(usize, usize)) {
    for_each_run(x.len(), |i| x[i].is_finite(), f);
}

/// Output buffer of `n` NaNs.
pub(crate) fn nan_vec(n: usize) -> Vec<f64> {
    vec![f64::NAN; n]
}
