#![doc = include_str!("../README.md")]
//!
//! # Crate layout
//!
//! - [`spec`]: the JSON document (serde types, `deny_unknown_fields`), risk and sizing.
//! - `indicators`: the indicator graph (inputs, cycles, lookbacks) and the calls
//!   into `barstream-indicators`.
//! - [`expr`]: the rule language: lexer, parser, AST, name resolution and type check.
//! - `eval`: vectorised three-valued evaluation of compiled rules.
//! - [`stream`]: the same indicators and rules one bar at a time ([`StrategyStream`],
//!   for the live engine), equal to [`Strategy::signals`] at every bar.
//! - [`slice`]: where a slice of a series must start for its signals to equal the
//!   whole series' ([`SlicePlan`], used by focused replay).
//! - [`SharedSeries`]: indicator series shared by many specs over the same bars
//!   (parameter sweeps compute each distinct indicator once).
//! - [`Strategy`] ties them together; [`SpecError`] is the one error type.
#![deny(clippy::missing_panics_doc)]

mod error;
mod eval;
pub mod expr;
mod indicators;
mod shared;
mod signals;
pub mod slice;
pub mod spec;
mod strategy;
pub mod stream;
#[cfg(test)]
mod testing;

pub use barstream_model::{Bar, BarsRef, PriceField};
pub use error::SpecError;
pub use shared::SharedSeries;
pub use signals::{BarSignals, Signals};
pub use slice::SlicePlan;
pub use spec::risk::{AtrStopSpec, RiskSpec};
pub use spec::sizing::{SizingMode, SizingSpec};
pub use strategy::Strategy;
pub use stream::StrategyStream;
