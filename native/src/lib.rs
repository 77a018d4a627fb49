//! napi-rs binding for barstream: converts JS typed arrays and option objects into
//! engine calls and engine results into typed arrays. No engine logic lives here.
//!
//! - [`binding_bars`]: the columnar bar batch coming from TypeScript.
//! - [`binding_config`]: run settings (cash, costs, fill timing, threads).
//! - [`binding_result`]: per-symbol summaries and columnar trades going back.
//! - [`binding_backtest`]: the `backtestBatch` entry point (AsyncTask, off the JS thread).
//! - [`binding_live_engine`]: the `LiveEngine` class (stateful, one call per burst).
//! - [`binding_scan`]: the screener: `validateScreen`, `prescreenBatch`, `scanBatch`.
//! - [`binding_sweep`]: parameter sweeps: `expandGrid` and the `SweepJob` class.
//! - [`binding_focus`]: the `focusedBatch` entry point: focused replay around candidates.
//! - [`binding_run`]: the `BacktestRun` class: batches gathered into one run result
//!   ([`binding_run_result`]), computed once in Rust.
//! - [`binding_stats`]: typed statistics (`BindingStats`) and `statsSchema()`.
//! - [`binding_schema`]: `backtestConfigSchema()` and `validateBacktestConfig()`.
//! - [`binding_indicators`]: `indicatorValues`, a strategy's indicator outputs over one symbol.
#![deny(clippy::all)]
// napi-derive registers the exports only outside `cfg(test)`, so the unit-test build of
// this cdylib sees every `#[napi]` item as unused.
#![cfg_attr(
    test,
    allow(
        dead_code,
        reason = "the #[napi] exports are registered only outside cfg(test)"
    )
)]

mod binding_backtest;
mod binding_bars;
mod binding_config;
mod binding_focus;
mod binding_indicators;
mod binding_live_engine;
mod binding_result;
mod binding_run;
mod binding_run_result;
mod binding_scan;
mod binding_schema;
mod binding_stats;
mod binding_strategy;
mod binding_sweep;
mod binding_universe;
mod guard;

use napi_derive::napi;

/// Version of the native engine (the crate version).
#[napi]
pub fn engine_version() -> String {
    env!("CARGO_PKG_VERSION").to_string()
}
