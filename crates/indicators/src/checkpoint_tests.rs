//! Checkpoints: every incremental indicator, serialized to JSON after k bars and read
//! back, continues exactly (bit for bit) as the uninterrupted one, on real closes with
//! gaps (NaN, inf) so reset states and mid-window states are both cut.

use serde::{de::DeserializeOwned, Serialize};

use crate::testing;
use crate::*;

/// Runs `make()` over `x` uninterrupted and with a JSON round trip after each cut;
/// the outputs (mapped to f64 bits by `out`) must be identical.
fn assert_resumes<I, O>(
    name: &str,
    make: impl Fn() -> I,
    step: impl Fn(&mut I, usize) -> O,
    bits: impl Fn(&O) -> Vec<u64>,
    n: usize,
) where
    I: Serialize + DeserializeOwned,
{
    let mut whole = make();
    let want: Vec<Vec<u64>> = (0..n).map(|t| bits(&step(&mut whole, t))).collect();
    for cut in [1, 2, 99, 101, 333, 502, 900, n - 1] {
        let mut a = make();
        for t in 0..cut {
            step(&mut a, t);
        }
        let text = serde_json::to_string(&a).unwrap();
        let mut b: I = serde_json::from_str(&text)
            .unwrap_or_else(|e| panic!("{name}: cannot read back its state: {e}\n{text}"));
        for (t, w) in want.iter().enumerate().skip(cut) {
            assert_eq!(&bits(&step(&mut b, t)), w, "{name}: cut {cut}, bar {t}");
        }
    }
}

fn one(v: &Option<f64>) -> Vec<u64> {
    vec![v.map_or(u64::MAX, f64::to_bits)]
}

#[test]
fn test_every_indicator_resumes_bit_for_bit_from_a_json_checkpoint() {
    let d = testing::aapl();
    let x = testing::with_gaps(&d.close);
    let h = testing::with_gaps(&d.high);
    let n = x.len();
    let x = &x;
    assert_resumes("sma", || Sma::new(20), |s, t| s.update(x[t]), one, n);
    assert_resumes("ema", || Ema::new(12), |s, t| s.update(x[t]), one, n);
    assert_resumes("wma", || Wma::new(9), |s, t| s.update(x[t]), one, n);
    assert_resumes("rsi", || Rsi::new(14), |s, t| s.update(x[t]), one, n);
    assert_resumes("roc", || Roc::new(10), |s, t| s.update(x[t]), one, n);
    assert_resumes(
        "stddev",
        || StdDev::new(20, 2.0),
        |s, t| s.update(x[t]),
        one,
        n,
    );
    assert_resumes(
        "highest",
        || Highest::new(20),
        |s, t| s.update(x[t]),
        one,
        n,
    );
    assert_resumes("lowest", || Lowest::new(20), |s, t| s.update(x[t]), one, n);
    assert_resumes(
        "atr",
        || Atr::new(14),
        |s, t| s.update(h[t], d.low[t], d.close[t]),
        one,
        n,
    );
    assert_resumes(
        "bbands",
        || Bbands::new(20, 2.0, 1.5),
        |s, t| s.update(x[t]),
        |v| {
            v.map_or(vec![], |b| {
                vec![b.upper.to_bits(), b.middle.to_bits(), b.lower.to_bits()]
            })
        },
        n,
    );
    assert_resumes(
        "macd",
        || Macd::new(12, 26, 9),
        |s, t| s.update(x[t]),
        |v| {
            v.map_or(vec![], |m| {
                vec![m.macd.to_bits(), m.signal.to_bits(), m.hist.to_bits()]
            })
        },
        n,
    );
}
