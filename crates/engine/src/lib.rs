//! barstream engine: bar replay of one symbol's signals into orders, fills,
//! trades and an equity curve, with costs, sizing and risk exits.
//!
//! - [`config`]: run settings: cash, commission, slippage, fill timing, sizing, risk.
//! - [`config_schema`]: the user-facing settings (flag, default, range) and their checks.
//! - [`focus`]: focused replay: only windows around candidates, same trades as the
//!   full replay restricted to them.
//! - [`replay`]: the replay step (orders -> fills -> positions -> trades, equity).
//! - [`risk`]: stop loss, take profit, trailing stop, ATR stop, time exit: where each
//!   exit level comes from and when it fires inside a bar.
//! - [`live`]: the live engine: the same step fed burst by burst over a universe, with
//!   events out and checkpoints.
//! - [`outcome`]: the run result (per-symbol outcomes, trade and curve columns, universe
//!   statistics and curves), gathered batch by batch and computed once.
//! - [`run`]: strategy spec + bars -> signals -> replay -> statistics, per symbol and
//!   per batch of symbols (rayon).
//! - [`pool`]: bounded, cached rayon pools; the callers (`native/`, the sweep) install a
//!   batch on one. Crates below the engine (the screen) run on whatever pool they are
//!   called on.
//! - [`universe`]: summed equity curves and statistics over many symbols.
//!
//! The bars, batches, trades and the [`Error`] type are `barstream_model`'s, re-exported
//! here for callers that only know the engine.
//!
//! Semantics (no look-ahead): a signal computed at bar t's close fills at bar t+1's
//! open by default ([`config::FillTiming::NextOpen`]); same-bar-close fills are opt-in.

pub mod config;
pub mod config_schema;
pub mod focus;
pub mod live;
pub mod outcome;
pub mod pool;
pub mod replay;
pub mod risk;
pub mod run;
pub mod universe;

pub use config::{
    AmbiguityPolicy, CloseAtEnd, Commission, FillTiming, ReplayConfig, RiskParams, Sizing,
};
pub use live::{BarBurst, LiveEngine, LiveEvents};
pub use replay::events::{Event, EventKind, EventSink, NoEvents};
pub use replay::{replay, BarSignals, ReplayOutput, ReplayState, SignalsRef};
pub use run::{run_batch, run_symbol, SymbolResult};

// The shared model, re-exported so `barstream_engine::{Bars, Batch, ...}` keeps working;
// inside the workspace, use `barstream_model` paths.
pub use barstream_model::{
    Bar, Bars, BarsRef, Batch, Error, ExitReason, Ohlc, Side, Trade, UnixNanos,
};
