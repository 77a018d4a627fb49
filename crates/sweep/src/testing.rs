//! Test helpers: real S&P 500 daily bars from `../shared/data/raw/sp500_5yr` (never copied
//! into the repo), laid out as a batch. The reading and the batch layout are the engine's own
//! test helpers (`crates/engine/tests/common`), included here rather than copied.

#[path = "../../engine/tests/common/mod.rs"]
mod common;

use barstream_model::Bars;
pub use common::universe::Universe;

/// `sp500_5yr/<SYM>_data.csv` of each symbol, in order, as one batch (bad rows dropped).
pub fn load(symbols: &[&str]) -> Universe {
    Universe::new(
        symbols
            .iter()
            .map(|s| {
                let path = common::raw(&format!("sp500_5yr/{s}_data.csv"));
                (s.to_string(), common::read_daily(&path))
            })
            .collect(),
    )
}

/// Symbol `i`'s bars.
pub fn symbol(u: &Universe, i: usize) -> Bars<'_> {
    u.batch().bars.slice(u.offsets[i], u.offsets[i + 1])
}
