//! One indicator over one column: the call into `barstream-indicators`.
//!
//! Leading NaNs of the input (the warm-up of a chained indicator, e.g. the RSI
//! under an EMA of RSI) are skipped and the result re-padded, as TA-Lib's Python
//! wrapper does, so a chained indicator starts once its input is defined instead
//! of being NaN forever.

use barstream_indicators as ind;

use crate::spec::indicator::Kind;
use barstream_model::BarsRef;

/// The output columns of `kind` over `input` (or over `bars`' high/low/close for
/// atr and donchian), each len n, in [`Kind::outputs`] order.
pub(super) fn run(kind: Kind, input: &[f64], bars: &BarsRef) -> Vec<Vec<f64>> {
    let (h, l, c) = (bars.high, bars.low, bars.close);
    match kind {
        Kind::Atr { period } => {
            let k = lead_nan(h).max(lead_nan(l)).max(lead_nan(c));
            vec![pad(k, c.len(), |s| {
                ind::atr(&h[s..], &l[s..], &c[s..], period)
            })]
        }
        Kind::Donchian { period } => {
            let k = lead_nan(h).max(lead_nan(l));
            let upper = pad(k, h.len(), |s| ind::highest(&h[s..], period));
            let lower = pad(k, l.len(), |s| ind::lowest(&l[s..], period));
            let middle = upper
                .iter()
                .zip(&lower)
                .map(|(u, d)| (u + d) / 2.0)
                .collect();
            vec![upper, middle, lower]
        }
        _ => {
            let k = lead_nan(input);
            let n = input.len();
            let one = |f: &dyn Fn(&[f64]) -> Vec<f64>| vec![pad(k, n, |s| f(&input[s..]))];
            match kind {
                Kind::Sma { period } => one(&|x| ind::sma(x, period)),
                Kind::Ema { period } => one(&|x| ind::ema(x, period)),
                Kind::Wma { period } => one(&|x| ind::wma(x, period)),
                Kind::Rsi { period } => one(&|x| ind::rsi(x, period)),
                Kind::Roc { period } => one(&|x| ind::roc(x, period)),
                Kind::Highest { period } => one(&|x| ind::highest(x, period)),
                Kind::Lowest { period } => one(&|x| ind::lowest(x, period)),
                Kind::Stddev { period, nbdev } => one(&|x| ind::stddev(x, period, nbdev)),
                Kind::Bbands {
                    period,
                    nbdev_up,
                    nbdev_dn,
                } => {
                    let b = (k < n).then(|| ind::bbands(&input[k..], period, nbdev_up, nbdev_dn));
                    let (u, m, d) = b.map_or((None, None, None), |b| {
                        (Some(b.upper), Some(b.middle), Some(b.lower))
                    });
                    vec![repad(k, n, u), repad(k, n, m), repad(k, n, d)]
                }
                Kind::Macd { fast, slow, signal } => {
                    let o = (k < n).then(|| ind::macd(&input[k..], fast, slow, signal));
                    let (m, s, h) = o.map_or((None, None, None), |o| {
                        (Some(o.macd), Some(o.signal), Some(o.hist))
                    });
                    vec![repad(k, n, m), repad(k, n, s), repad(k, n, h)]
                }
                Kind::Atr { .. } | Kind::Donchian { .. } => unreachable!("handled above"),
            }
        }
    }
}

/// Count of leading NaNs.
fn lead_nan(x: &[f64]) -> usize {
    x.iter().position(|v| !v.is_nan()).unwrap_or(x.len())
}

/// Runs `f(k)` on the tail starting at `k` and pads the result back to len `n`.
fn pad(k: usize, n: usize, f: impl FnOnce(usize) -> Vec<f64>) -> Vec<f64> {
    repad(k, n, (k < n).then(|| f(k)))
}

/// `k` NaNs then `tail` (all NaN when there is no tail).
fn repad(k: usize, n: usize, tail: Option<Vec<f64>>) -> Vec<f64> {
    match tail {
        Some(t) if k == 0 => t,
        Some(t) => {
            let mut out = Vec::with_capacity(n);
            out.resize(k, f64::NAN);
            out.extend_from_slice(&t);
            out
        }
        None => vec![f64::NAN; n],
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn repad_puts_the_tail_after_k_nans() {
        let v = repad(2, 4, Some(vec![1.0, 2.0]));
        assert!(v[0].is_nan() && v[1].is_nan());
        assert_eq!(&v[2..], [1.0, 2.0]);
        assert!(repad(3, 3, None).iter().all(|x| x.is_nan()));
    }

    #[test]
    fn lead_nan_counts_only_the_leading_run() {
        assert_eq!(lead_nan(&[f64::NAN, f64::NAN, 1.0, f64::NAN]), 2);
        assert_eq!(lead_nan(&[f64::NAN]), 1);
        assert_eq!(lead_nan(&[]), 0);
    }
}
