//! Reference ATR batch kernel (pre-rewrite copy, see the module docs of `reference`).

use crate::util::{for_each_run, nan_vec};
use crate::volatility::atr::true_range;

pub(crate) fn atr(high: &[f64], low: &[f64], close: &[f64], period: usize) -> Vec<f64> {
    assert!(period > 0, "atr: period must be > 0");
    assert!(
        high.len() == close.len() && low.len() == close.len(),
        "atr: high, low and close must have the same length"
    );
    let mut out = nan_vec(close.len());
    let ok = |i: usize| high[i].is_finite() && low[i].is_finite() && close[i].is_finite();
    for_each_run(close.len(), ok, |a, b| {
        atr_run(
            &high[a..b],
            &low[a..b],
            &close[a..b],
            period,
            &mut out[a..b],
        );
    });
    out
}

fn atr_run(high: &[f64], low: &[f64], close: &[f64], period: usize, out: &mut [f64]) {
    if close.len() <= period {
        return;
    }
    let tr = |i: usize| true_range(high[i], low[i], close[i - 1]);
    let p = period as f64;
    let keep = (period - 1) as f64;
    let mut sum = 0.0;
    for i in 1..=period {
        sum += tr(i);
    }
    let mut value = sum / p;
    out[period] = value;
    for (i, o) in out.iter_mut().enumerate().skip(period + 1) {
        value *= keep;
        value += tr(i);
        value /= p;
        *o = value;
    }
}
