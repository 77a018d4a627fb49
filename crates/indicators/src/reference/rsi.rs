//! Reference RSI batch kernel (pre-rewrite copy, see the module docs of `reference`).

use crate::momentum::rsi::{rsi_value, split};
use crate::util::{for_each_finite_run, nan_vec};

pub(crate) fn rsi(close: &[f64], period: usize) -> Vec<f64> {
    assert!(period > 0, "rsi: period must be > 0");
    let mut out = nan_vec(close.len());
    for_each_finite_run(close, |a, b| rsi_run(&close[a..b], period, &mut out[a..b]));
    out
}

fn rsi_run(x: &[f64], period: usize, out: &mut [f64]) {
    if x.len() <= period {
        return;
    }
    let inv = 1.0 / period as f64;
    let keep = (period - 1) as f64;
    let (mut gain, mut loss) = (0.0, 0.0);
    for i in 1..=period {
        let (g, l) = split(x[i] - x[i - 1]);
        gain += g;
        loss += l;
    }
    loss *= inv;
    gain *= inv;
    out[period] = rsi_value(gain, loss);
    for i in period + 1..x.len() {
        let (g, l) = split(x[i] - x[i - 1]);
        loss *= keep;
        gain *= keep;
        gain += g;
        loss += l;
        loss *= inv;
        gain *= inv;
        out[i] = rsi_value(gain, loss);
    }
}
