//! Reference SMA batch kernel (pre-rewrite copy, see the module docs of `reference`).

use crate::anchor::anchor_stride;
use crate::util::{for_each_finite_run, nan_vec};

pub(crate) fn sma(x: &[f64], period: usize) -> Vec<f64> {
    assert!(period > 0, "sma: period must be > 0");
    let mut out = nan_vec(x.len());
    for_each_finite_run(x, |a, b| sma_run(&x[a..b], period, &mut out[a..b]));
    out
}

fn sma_run(x: &[f64], period: usize, out: &mut [f64]) {
    if x.len() < period {
        return;
    }
    let p = period as f64;
    let stride = anchor_stride(period);
    let mut anchor = period - 1;
    while anchor < x.len() {
        let mut sum = 0.0;
        for &v in &x[anchor + 1 - period..anchor] {
            sum += v;
        }
        let end = (anchor + stride).min(x.len());
        for i in anchor..end {
            sum += x[i];
            let total = sum;
            sum -= x[i + 1 - period];
            out[i] = total / p;
        }
        anchor = end;
    }
}
