//! The live batch kernels equal the pre-rewrite reference kernels BIT FOR BIT
//! (`to_bits`, NaN included) on real bars: S&P 500 daily closes and full months of
//! Binance 1-minute bars, clean and with non-finite gaps injected at the edges, at
//! and around the anchor boundaries of the running-sum kinds, in pairs, and as
//! short runs that never finish their warm-up.

use super::{atr, ema, rsi, sma, stddev, wma};
use crate::anchor::anchor_stride;
use crate::testing::{self, Ohlc};

const FILES: [&str; 6] = [
    "sp500_5yr/AAPL_data.csv",
    "sp500_5yr/MSFT_data.csv",
    "sp500_5yr/XOM_data.csv",
    "crypto_1m_binance/LINKUSDT-1m-2023-02.csv",
    "crypto_1m_binance/AVAXUSDT-1m-2023-02.csv",
    "crypto_1m_binance/ALGOUSDT-1m-2023-02.csv",
];

const PERIODS: [usize; 7] = [1, 2, 3, 10, 14, 20, 50];

/// Gap positions for `period` in a series of `n` bars: the testing set, bars on both
/// sides of the first anchors of a run starting at 0 and of a run restarting after a
/// gap, a short run (shorter than the period), a sprinkle through the rest, the end.
fn gap_positions(n: usize, period: usize) -> Vec<usize> {
    let s = anchor_stride(period);
    let mut at: Vec<usize> = testing::GAPS.to_vec();
    // Run restarting at 802 (after the gap at 800/801 would be 801..): anchors at
    // 802 + period - 1 + k * s.
    for base in [2, 802] {
        for k in 1..4 {
            let a = base + period - 1 + k * s;
            at.extend([a - 1, a + 1, a + period]);
        }
    }
    // A run of period - 1 finite bars (ends before its first output).
    let short = 5000 + period;
    at.extend([5000, short]);
    at.extend((6000..n).step_by(977));
    at.push(n - 1);
    at.retain(|&i| i < n);
    at
}

fn inject(x: &[f64], at: &[usize], inf_every: usize) -> Vec<f64> {
    let mut y = x.to_vec();
    for (k, &i) in at.iter().enumerate() {
        y[i] = if k % inf_every == 0 {
            f64::NEG_INFINITY
        } else if k % inf_every == 1 {
            f64::INFINITY
        } else {
            f64::NAN
        };
    }
    y
}

fn assert_bits(new: &[f64], old: &[f64], ctx: &str) {
    assert_eq!(new.len(), old.len(), "{ctx}: lengths differ");
    for (i, (a, b)) in new.iter().zip(old).enumerate() {
        assert_eq!(a.to_bits(), b.to_bits(), "{ctx}: bar {i}: {a:e} vs {b:e}");
    }
}

/// Clean and gapped variants of one file (for ATR the gaps land in different columns).
fn variants(d: &Ohlc, period: usize) -> Vec<(String, Ohlc)> {
    let at = gap_positions(d.close.len(), period);
    let odd: Vec<usize> = at.iter().copied().step_by(2).collect();
    let even: Vec<usize> = at.iter().copied().skip(1).step_by(2).collect();
    let clean = Ohlc {
        high: d.high.clone(),
        low: d.low.clone(),
        close: d.close.clone(),
    };
    let gapped = Ohlc {
        high: inject(&d.high, &odd, 5),
        low: inject(&d.low, &even, 7),
        close: inject(&d.close, &at, 3),
    };
    let all_nan = Ohlc {
        high: vec![f64::NAN; 40],
        low: vec![f64::NAN; 40],
        close: vec![f64::NAN; 40],
    };
    vec![
        ("clean".into(), clean),
        ("gapped".into(), gapped),
        ("all NaN".into(), all_nan),
    ]
}

/// Runs `check(name, data, period)` over every file, period and variant.
fn each_case(mut check: impl FnMut(&str, &Ohlc, usize)) {
    for f in FILES {
        let d = testing::file(f);
        for p in PERIODS {
            for (v, data) in variants(&d, p) {
                check(&format!("{f} p={p} {v}"), &data, p);
                // Prefixes end inside a warm-up and right at an anchor.
                let cut = (p + anchor_stride(p)).min(data.close.len());
                let head = Ohlc {
                    high: data.high[..cut].to_vec(),
                    low: data.low[..cut].to_vec(),
                    close: data.close[..cut].to_vec(),
                };
                check(&format!("{f} p={p} {v} head {cut}"), &head, p);
            }
        }
    }
}

#[test]
fn test_sma_equals_reference_bit_for_bit() {
    each_case(|ctx, d, p| assert_bits(&crate::sma(&d.close, p), &sma::sma(&d.close, p), ctx));
}

#[test]
fn test_ema_equals_reference_bit_for_bit() {
    each_case(|ctx, d, p| assert_bits(&crate::ema(&d.close, p), &ema::ema(&d.close, p), ctx));
}

#[test]
fn test_rsi_equals_reference_bit_for_bit() {
    each_case(|ctx, d, p| assert_bits(&crate::rsi(&d.close, p), &rsi::rsi(&d.close, p), ctx));
}

#[test]
fn test_atr_equals_reference_bit_for_bit() {
    each_case(|ctx, d, p| {
        let new = crate::atr(&d.high, &d.low, &d.close, p);
        assert_bits(&new, &atr::atr(&d.high, &d.low, &d.close, p), ctx);
    });
}

#[test]
fn test_wma_equals_reference_bit_for_bit() {
    each_case(|ctx, d, p| assert_bits(&crate::wma(&d.close, p), &wma::wma(&d.close, p), ctx));
}

#[test]
fn test_stddev_equals_reference_bit_for_bit() {
    each_case(|ctx, d, p| {
        let new = crate::stddev(&d.close, p, 1.5);
        assert_bits(&new, &stddev::stddev(&d.close, p, 1.5), ctx);
    });
}

#[test]
fn test_gapped_variants_really_have_gaps_and_outputs() {
    // Guards the parity tests against comparing two all-NaN columns.
    let d = testing::file(FILES[3]);
    let (_, g) = variants(&d, 10).swap_remove(1);
    let gaps = g.close.iter().filter(|v| !v.is_finite()).count();
    let out = crate::sma(&g.close, 10);
    let defined = out.iter().filter(|v| v.is_finite()).count();
    // Each gap costs at most itself plus a warm-up of 9 bars.
    assert!(
        gaps > 40 && defined >= g.close.len() - gaps * 10,
        "{gaps} {defined}"
    );
}
