//! Test-only copies of the batch kernels (SMA, EMA, RSI, ATR, WMA, STDDEV) as they were before the segment-driven
//! rewrite (commit db9e6a7): NaN pre-fill, a separate scan for finite runs, the TA-Lib
//! kernel per run. The live kernels must equal these bit for bit (`parity_tests`).
//! Helpers the rewrite left unchanged (the run splitter, RSI's gain/loss split,
//! the variance re-seed) are used from the crate rather than copied.

pub(crate) mod atr;
pub(crate) mod ema;
pub(crate) mod rsi;
pub(crate) mod sma;
pub(crate) mod stddev;
pub(crate) mod wma;

mod parity_tests;
