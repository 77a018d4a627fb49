//! Technical indicators with TA-Lib definitions, each in two forms:
//! a batch function over a whole column (`sma(close, 20) -> Vec<f64>`, NaN during
//! warm-up) and an incremental struct (`Sma::new(20).update(x) -> Option<f64>`)
//! whose values equal the batch form at every bar (tested to 1e-12; in practice
//! they are bit-identical because both run the same arithmetic in the same order).
//!
//! # Contents
//!
//! | module | batch fn | incremental | TA-Lib | first value at index |
//! |---|---|---|---|---|
//! | [`average::sma`] | [`sma`] | [`Sma`] | `SMA` | `period - 1` |
//! | [`average::ema`] | [`ema`] | [`Ema`] | `EMA` (SMA seed, `k = 2/(period+1)`) | `period - 1` |
//! | [`average::wma`] | [`wma`] | [`Wma`] | `WMA` | `period - 1` |
//! | [`momentum::rsi`] | [`rsi`] | [`Rsi`] | `RSI` (Wilder) | `period` |
//! | [`momentum::roc`] | [`roc`] | [`Roc`] | `ROC` | `period` |
//! | [`momentum::macd`] | [`macd`] | [`Macd`] | `MACD` | `slow + signal - 2` |
//! | [`volatility::atr`] | [`atr`] | [`Atr`] | `ATR` (TRANGE + Wilder) | `period` |
//! | [`volatility::stddev`] | [`stddev`] | [`StdDev`] | `STDDEV` (population) | `period - 1` |
//! | [`volatility::bbands`] | [`bbands`] | [`Bbands`] | `BBANDS` (SMA middle) | `period - 1` |
//! | [`channel::highest`] | [`highest`] | [`Highest`] | `MAX` (Donchian upper) | `period - 1` |
//! | [`channel::lowest`] | [`lowest`] | [`Lowest`] | `MIN` (Donchian lower) | `period - 1` |
//!
//! Every incremental struct implements [`Indicator`] (`name`, `initialized` /
//! `is_ready`, `lookback`, `reset`) and has `new(..)`, `update(..) -> Option<..>`
//! (`None` during warm-up) and `value()`.
//!
//! # Reference: which TA-Lib
//!
//! Golden values come from TA-Lib C 0.8.1 through the `TA-Lib` 0.8.2 Python wheel
//! (`tests/golden/`). Outputs are bit-identical to it for SMA, EMA, WMA, RSI, ROC,
//! MACD, STDDEV, BBANDS, MAX and MIN on the real data in `tests/talib_parity.rs`;
//! ATR agrees to ~1e-15 relative (see [`volatility::atr`]). Recent TA-Lib differs
//! from the old 0.4.0 in a few places that are followed here:
//! - variance/STDDEV/BBANDS use shifted running sums re-anchored by a two-pass
//!   rebuild (no more `E[x^2] - E[x]^2` cancellation, no fixed `1e-8` zero floor);
//! - WMA rebuilds its running sums from the window every `8 * period` bars;
//! - RSI tests `gain + loss > 0` exactly (no `1e-8` band) and returns 0 when it is 0;
//! - EMA (and so MACD) uses a fused multiply-add step `fma(x - prev, k, prev)`.
//!
//! # Periods
//!
//! Every batch fn and every `new` panics on a period of 0 (documented per item; the
//! strategy crate validates periods first). A period of 1 is accepted everywhere
//! and gives the natural result (SMA(1) = x, RSI(1) in {0, 100}, ...), even where
//! TA-Lib itself rejects it.
//!
//! # Non-finite inputs (NaN, +-inf)
//!
//! Nothing panics on bad values. A non-finite input is treated as a gap: the output
//! at that bar is NaN and the indicator **restarts its warm-up** from the next bar,
//! exactly as if the series began there (the incremental form calls `reset()` on
//! itself). So after a NaN at bar `j`, a window indicator is NaN until its window is
//! clean again, and a recursive one (EMA, RSI, ATR, MACD) re-seeds instead of being
//! poisoned forever. Leading NaNs therefore behave like the TA-Lib Python wrapper
//! (which skips them); interior NaNs differ from raw TA-Lib, where they propagate to
//! the end of the series. For ATR a bar is a gap when any of high, low, close is
//! non-finite.

#![deny(clippy::missing_panics_doc)]

pub mod average;
pub mod channel;
pub mod indicator;
pub mod momentum;
pub mod volatility;

mod util;

#[cfg(test)]
mod testing;

pub use average::ema::{ema, Ema};
pub use average::sma::{sma, Sma};
pub use average::wma::{wma, Wma};
pub use channel::highest::{highest, Highest};
pub use channel::lowest::{lowest, Lowest};
pub use indicator::Indicator;
pub use momentum::macd::{macd, Macd, MacdOutput, MacdValue};
pub use momentum::roc::{roc, Roc};
pub use momentum::rsi::{rsi, Rsi};
pub use volatility::atr::{atr, true_range, Atr};
pub use volatility::bbands::{bbands, Bands, BandsOutput, Bbands};
pub use volatility::stddev::{stddev, StdDev};
