//! The plain path, reference of focused replay: one replay over every bar of the
//! symbol with entries allowed only inside the candidate windows.

use barstream_strategy::Strategy;

use super::simulate::{simulate, Starts};
use super::windows::Windows;
use crate::config::ReplayConfig;
use crate::run::{symbol_result, SymbolResult};
use barstream_model::Bars;

/// Replays `strategy` over all of `bars` with entry signals kept only at
/// bars inside `windows` (exits are never masked; see [`super::mask`]). `cfg` comes
/// from [`crate::run::config_for`]. Its trades are, by definition, the trades focused
/// replay reproduces.
pub fn run_plain(
    strategy: &Strategy,
    bars: Bars,
    cfg: &ReplayConfig,
    windows: &Windows,
) -> SymbolResult {
    let out = simulate(
        strategy,
        bars,
        cfg,
        windows,
        Starts::all(0),
        bars.len(),
        cfg.initial_cash,
    );
    symbol_result(out, bars.ts, bars.close, cfg.initial_cash)
}
