//! barstream screener: scan a universe for candidates.
//!
//! - [`spec`]: the screen spec (JSON): pre-screen rules, features, weights,
//!   threshold, warm-up and emission window. Parsed and validated in exactly one
//!   place, [`Screen::from_json`]; errors name the JSON path ([`ScreenError`]).
//! - [`features`]: one look-ahead-free feature per file (moving-average cross,
//!   ATR regime, session gaps and breaks, Donchian breakout, RSI extremes), each
//!   marking the [`Reason`]s that fire at a bar.
//! - [`score`]: weighted score of a bar's reasons, threshold, side.
//! - [`scan`]: features -> score -> [`Candidate`]s per symbol and per batch (rayon).
//! - [`prescreen`]: per-symbol metrics for the bar rules of the pre-screen (last
//!   price, average daily dollar volume, daily volatility).
//!
//! No look-ahead: every feature at bar t reads bars `0..=t` only (tested by
//! rewriting every bar after t, `tests/no_lookahead.rs`), and a candidate at bar t
//! is detected at t's close.
//!
//! ```
//! use barstream_model::Bars;
//! use barstream_screen::{scan::scan_symbol, Screen};
//!
//! let screen = Screen::from_json(r#"{"name": "gaps", "threshold": 1,
//!     "features": {"opening_gap": {"min_gap": 0.02}}, "warmup_bars": 1}"#).unwrap();
//! let (ts, open, close) = ([0, 86_400_000_000_000], [10.0, 10.5], [10.0, 10.6]);
//! let bars = Bars { ts: &ts, open: &open, high: &close, low: &open, close: &close, volume: &close };
//! let c = scan_symbol(&screen, &bars, 0);
//! assert_eq!((c.len(), c[0].bar, c[0].score), (1, 1, 1.0)); // 10.5 / 10.0 - 1 = 5% gap up
//! ```
#![deny(clippy::missing_panics_doc)]

mod error;
pub mod features;
pub mod prescreen;
mod reason;
pub mod scan;
pub mod score;
mod screen;
pub mod spec;

#[cfg(test)]
mod no_lookahead_tests;
#[cfg(test)]
mod testing;

pub use error::ScreenError;
pub use reason::{Bias, Reason};
pub use scan::{scan_batch, Candidate};
pub use screen::{Screen, DEFAULT_WARMUP_BARS};
