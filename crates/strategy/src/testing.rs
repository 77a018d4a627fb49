//! Test helpers: real bars from `../shared/data/raw` (never copied into the repo).

/// AAPL daily OHLCV columns (open, high, low, close, volume), oldest first.
pub(crate) fn aapl() -> [Vec<f64>; 5] {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../../shared/data/raw/sp500_5yr/AAPL_data.csv"
    );
    let text = std::fs::read_to_string(path).expect("AAPL_data.csv beside the checkout");
    let mut cols: [Vec<f64>; 5] = Default::default();
    for line in text.lines().skip(1) {
        let f: Vec<&str> = line.split(',').collect();
        for (k, col) in cols.iter_mut().enumerate() {
            col.push(f[k + 1].parse().expect("number"));
        }
    }
    cols
}
