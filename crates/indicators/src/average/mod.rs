//! Moving averages: simple, exponential, weighted.

pub mod ema;
pub mod sma;
pub mod wma;
