//! Reference WMA batch kernel (pre-rewrite copy, see the module docs of `reference`).

use crate::anchor::is_anchor;
use crate::util::{for_each_finite_run, nan_vec};

pub(crate) fn wma(x: &[f64], period: usize) -> Vec<f64> {
    assert!(period > 0, "wma: period must be > 0");
    let mut out = nan_vec(x.len());
    for_each_finite_run(x, |a, b| wma_run(&x[a..b], period, &mut out[a..b]));
    out
}

fn divider(period: usize) -> f64 {
    period as f64 * (period + 1) as f64 / 2.0
}

/// TA-Lib kernel on a gap-free slice; `out` is pre-filled with NaN.
fn wma_run(x: &[f64], period: usize, out: &mut [f64]) {
    if x.len() < period {
        return;
    }
    if period == 1 {
        out.copy_from_slice(x);
        return;
    }
    let div = divider(period);
    let p = period as f64;
    let (mut sum, mut sub) = (0.0, 0.0);
    for (i, &v) in x[..period - 1].iter().enumerate() {
        sub += v;
        sum += v * (i + 1) as f64;
    }
    let mut trailing = 0.0;
    for i in period - 1..x.len() {
        let v = x[i];
        sub += v;
        sub -= trailing;
        sum += v * p;
        if is_anchor(i + 1 - period, period) {
            sub = 0.0;
            sum = 0.0;
            for (w, &u) in x[i + 1 - period..=i].iter().enumerate() {
                sub += u;
                sum += u * (w + 1) as f64;
            }
        }
        trailing = x[i + 1 - period];
        out[i] = sum / div;
        sum -= sub;
    }
}
