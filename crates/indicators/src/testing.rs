//! Test helpers: real OHLC columns from `../shared/data/raw` and series comparisons.

use std::path::PathBuf;

/// High, low and close columns of a real file.
pub(crate) struct Ohlc {
    pub high: Vec<f64>,
    pub low: Vec<f64>,
    pub close: Vec<f64>,
}

fn data_path(rel: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../../shared/data/raw")
        .join(rel)
}

/// Reads `high`, `low`, `close` (by header name) from the first `max_rows` rows.
fn load(rel: &str, max_rows: usize) -> Ohlc {
    let path = data_path(rel);
    let text = std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("cannot read test data {}: {e}", path.display()));
    let mut lines = text.lines();
    let header: Vec<&str> = lines.next().expect("empty file").split(',').collect();
    let col = |name: &str| header.iter().position(|h| *h == name).expect(name);
    let (h, l, c) = (col("high"), col("low"), col("close"));
    let mut out = Ohlc {
        high: Vec::new(),
        low: Vec::new(),
        close: Vec::new(),
    };
    for (row, line) in lines.take(max_rows).enumerate() {
        let f: Vec<&str> = line.split(',').collect();
        let num = |i: usize| -> f64 {
            f[i].parse()
                .unwrap_or_else(|_| panic!("{rel} row {}: bad number {:?}", row + 2, f[i]))
        };
        out.high.push(num(h));
        out.low.push(num(l));
        out.close.push(num(c));
    }
    out
}

/// AAPL daily bars 2013-2018 (1259 rows).
pub(crate) fn aapl() -> Ohlc {
    load("sp500_5yr/AAPL_data.csv", usize::MAX)
}

/// First 3000 one-minute LINKUSDT bars.
pub(crate) fn link() -> Ohlc {
    load("crypto_1m_binance/LINKUSDT-1m-2023-02.csv", 3000)
}

/// Every row of a file under `../shared/data/raw` (e.g. `"sp500_5yr/MSFT_data.csv"`).
pub(crate) fn file(rel: &str) -> Ohlc {
    load(rel, usize::MAX)
}

/// Positions where [`with_gaps`] puts a non-finite value.
pub(crate) const GAPS: [usize; 6] = [0, 1, 100, 500, 501, 800];

/// `x` with NaN / inf written at [`GAPS`] (leading, isolated, paired gaps).
pub(crate) fn with_gaps(x: &[f64]) -> Vec<f64> {
    let mut y = x.to_vec();
    for (k, &i) in GAPS.iter().enumerate() {
        if i < y.len() {
            y[i] = if k == 5 { f64::INFINITY } else { f64::NAN };
        }
    }
    y
}

/// Equal NaN positions and values within `rel` relative error.
pub(crate) fn assert_series_close(a: &[f64], b: &[f64], rel: f64, ctx: &str) {
    assert_eq!(a.len(), b.len(), "{ctx}: lengths differ");
    for (i, (&x, &y)) in a.iter().zip(b).enumerate() {
        assert_eq!(
            x.is_nan(),
            y.is_nan(),
            "{ctx}: NaN mismatch at {i}: {x} vs {y}"
        );
        if !x.is_nan() {
            let tol = rel * x.abs().max(y.abs());
            assert!((x - y).abs() <= tol, "{ctx}: at {i}: {x} vs {y}");
        }
    }
}

/// Batch output `batch` equals the incremental outputs (None = NaN) to 1e-12.
pub(crate) fn assert_stream_matches(
    batch: &[f64],
    stream: impl IntoIterator<Item = Option<f64>>,
    ctx: &str,
) {
    let s: Vec<f64> = stream.into_iter().map(|v| v.unwrap_or(f64::NAN)).collect();
    assert_series_close(batch, &s, 1e-12, ctx);
}

/// `true` when the two series differ anywhere (value or NaN position).
pub(crate) fn differs(a: &[f64], b: &[f64]) -> bool {
    a.len() != b.len()
        || a.iter()
            .zip(b)
            .any(|(&x, &y)| x.is_nan() != y.is_nan() || (!x.is_nan() && x != y))
}

/// A gap at `j` gives NaN at `j`, the output of the prefix before it and the
/// output of a fresh run on the suffix after it.
pub(crate) fn assert_gap_restarts(x: &[f64], j: usize, f: impl Fn(&[f64]) -> Vec<f64>) {
    let mut y = x.to_vec();
    y[j] = f64::NAN;
    let out = f(&y);
    assert!(out[j].is_nan(), "output at the gap must be NaN");
    assert_series_close(&out[..j], &f(&x[..j]), 0.0, "prefix before gap");
    assert_series_close(&out[j + 1..], &f(&x[j + 1..]), 0.0, "suffix after gap");
}
