//! Highest value over the last `period` bars including the current one (TA-Lib
//! `MAX`; the Donchian upper band when fed high prices). First value at index `period - 1`.
//! The window logic is shared with [`super::lowest`] in [`super::extreme`].

use super::extreme::{rolling_extreme, Max, RollingExtreme};

/// Rolling maximum over `period` bars (current bar included); NaN during warm-up
/// (first value at index `period - 1`) and around non-finite inputs (see crate docs).
///
/// # Panics
///
/// Panics if `period == 0` ("highest: period must be > 0").
#[must_use]
pub fn highest(x: &[f64], period: usize) -> Vec<f64> {
    rolling_extreme::<Max>(x, period)
}

/// Incremental rolling maximum; equals [`highest`] at every bar. `Highest::new(period)`
/// panics if `period == 0` ("Highest: period must be > 0").
pub type Highest = RollingExtreme<Max>;
