//! Test helpers: real bars from `../shared/data/raw` (never copied into the repo),
//! read by the engine's test reader (shared, not copied).

use barstream_model::Bars;

#[path = "../../engine/tests/common/read.rs"]
mod engine_common;

pub(crate) use engine_common::Loaded;

use crate::features::Feature;
use crate::Reason;

/// Clean bars of `../shared/data/raw/<rel>` (date or date-time, open, high, low, close, volume).
pub(crate) fn read_bars(rel: &str) -> Loaded {
    engine_common::read_daily(&engine_common::raw(rel))
}

/// AAPL daily bars 2013-2018.
pub(crate) fn aapl() -> Loaded {
    read_bars("sp500_5yr/AAPL_data.csv")
}

/// Every (bar, reason) that `f` fires, in bar then code order.
pub(crate) fn fired_at(f: &dyn Feature, bars: &Bars) -> Vec<(usize, Reason)> {
    let mut mask = vec![0u32; bars.len()];
    f.mark(bars, 0, &mut mask);
    mask.iter()
        .enumerate()
        .flat_map(|(t, &m)| Reason::from_mask(m).map(move |r| (t, r)))
        .collect()
}
