//! Lowest value over the last `period` bars including the current one (TA-Lib
//! `MIN`; the Donchian lower band when fed low prices). First value at index `period - 1`.
//! The window logic is shared with [`super::highest`] in [`super::extreme`].

use super::extreme::{rolling_extreme, Min, RollingExtreme};

/// Rolling minimum over `period` bars (current bar included); NaN during warm-up
/// (first value at index `period - 1`) and around non-finite inputs (see crate docs).
///
/// # Panics
///
/// Panics if `period == 0` ("lowest: period must be > 0").
#[must_use]
pub fn lowest(x: &[f64], period: usize) -> Vec<f64> {
    rolling_extreme::<Min>(x, period)
}

/// Incremental rolling minimum; equals [`lowest`] at every bar. `Lowest::new(period)`
/// panics if `period == 0` ("Lowest: period must be > 0").
pub type Lowest = RollingExtreme<Min>;
