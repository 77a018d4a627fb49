//! Reference STDDEV batch kernel (pre-rewrite copy, see the module docs of `reference`).

use crate::anchor::anchor_stride;
use crate::util::{for_each_finite_run, nan_vec};
use crate::volatility::stddev::{needs_reseed, reseed};

pub(crate) fn stddev(x: &[f64], period: usize, nbdev: f64) -> Vec<f64> {
    assert!(period > 0, "stddev: period must be > 0");
    let mut out = nan_vec(x.len());
    for_each_finite_run(x, |a, b| var_run(&x[a..b], period, &mut out[a..b]));
    for v in &mut out {
        *v = v.sqrt() * nbdev;
    }
    out
}

/// TA-Lib `VAR` kernel on a gap-free slice; `out` is pre-filled with NaN.
fn var_run(x: &[f64], period: usize, out: &mut [f64]) {
    if x.len() < period {
        return;
    }
    let inv = 1.0 / period as f64;
    let stride = anchor_stride(period);
    // One chunk per anchor; the first output is anchor 0.
    let mut anchor = period - 1;
    while anchor < x.len() {
        let mut shift = x[anchor + 1 - period];
        let (mut t1, mut t2) = (0.0, 0.0);
        for &v in &x[anchor + 1 - period..anchor] {
            let t = v - shift;
            t1 += t;
            t2 += t * t;
        }
        let end = (anchor + stride).min(x.len());
        for i in anchor..end {
            let t = x[i] - shift;
            t1 += t;
            t2 += t * t;
            let mean = t1 * inv;
            let mut var = t2 * inv - mean * mean;
            let t = x[i + 1 - period] - shift;
            t1 -= t;
            let leaving = t * t;
            t2 -= leaving;
            if needs_reseed(var, t2, leaving, inv) {
                let w = &x[i + 1 - period..=i];
                (shift, t1, t2, var) = reseed(w.iter().copied(), inv);
            }
            out[i] = var;
        }
        anchor = end;
    }
}
