//! Reference EMA batch kernel (pre-rewrite copy, see the module docs of `reference`).

use crate::average::ema::ema_k;
use crate::util::{for_each_finite_run, nan_vec};

pub(crate) fn ema(x: &[f64], period: usize) -> Vec<f64> {
    assert!(period > 0, "ema: period must be > 0");
    let mut out = nan_vec(x.len());
    for_each_finite_run(x, |a, b| ema_run(&x[a..b], period, &mut out[a..b]));
    out
}

fn ema_run(x: &[f64], period: usize, out: &mut [f64]) {
    if x.len() < period {
        return;
    }
    let k = ema_k(period);
    let mut sum = 0.0;
    for &v in &x[..period] {
        sum += v;
    }
    let mut prev = sum / period as f64;
    out[period - 1] = prev;
    for i in period..x.len() {
        prev = (x[i] - prev).mul_add(k, prev);
        out[i] = prev;
    }
}
