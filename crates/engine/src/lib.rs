//! barstream engine: bar replay of one symbol's signals into orders, fills,
//! trades and an equity curve, with costs, sizing and risk exits.
//!
//! - [`bars`]: the borrowed OHLCV columns of one symbol.
//! - [`config`]: run settings: cash, commission, slippage, fill timing, sizing, risk.
//! - [`config_schema`]: the user-facing settings (flag, default, range) and their checks.
//! - [`focus`]: focused replay: only windows around candidates, same trades as the
//!   full replay restricted to them.
//! - [`replay`]: the replay step (orders -> fills -> positions -> trades, equity).
//! - [`risk`]: stop loss, take profit, trailing stop, ATR stop, time exit: where each
//!   exit level comes from and when it fires inside a bar.
//! - [`live`]: the live engine: the same step fed burst by burst over a universe, with
//!   events out and checkpoints.
//! - [`trade`]: one round trip with its exit reason, MFE and MAE.
//! - [`outcome`]: the run result (per-symbol outcomes, trade and curve columns, universe
//!   statistics and curves), gathered batch by batch and computed once.
//! - [`run`]: strategy spec + bars -> signals -> replay -> statistics, per symbol and
//!   per batch of symbols (rayon).
//!
//! Semantics (no look-ahead): a signal computed at bar t's close fills at bar t+1's
//! open by default ([`config::FillTiming::NextOpen`]); same-bar-close fills are opt-in.

pub mod bars;
pub mod config;
pub mod config_schema;
pub mod focus;
pub mod live;
pub mod outcome;
pub mod pool;
pub mod replay;
pub mod risk;
pub mod run;
pub mod trade;
pub mod universe;

pub use bars::Bars;
pub use config::{AmbiguityPolicy, Commission, FillTiming, ReplayConfig, RiskParams, Sizing};
pub use live::{BarBurst, LiveEngine, LiveEvents};
pub use replay::events::{Event, EventKind, EventSink, NoEvents};
pub use replay::{replay, BarSignals, Ohlc, ReplayOutput, ReplayState, SignalsRef};
pub use run::{run_batch, run_symbol, Batch, SymbolResult};

pub use trade::{ExitReason, Side, Trade};
