//! Focused replay and its plain path over a batch of symbols (rayon, one task per symbol).

use barstream_model::{Batch, Error};
use barstream_strategy::Strategy;
use rayon::prelude::*;

use super::plain::run_plain;
use super::segments::{run_focused_compact, FocusedResult};
use super::windows::Windows;
use crate::config::ReplayConfig;
use crate::run::{config_for, SymbolResult};

/// Checks the batch, the settings and that there is one [`Windows`] per symbol;
/// returns the replay settings for `strategy`.
fn prepare(
    strategy: &Strategy,
    batch: &Batch,
    base: &ReplayConfig,
    windows: &[Windows],
) -> Result<ReplayConfig, Error> {
    batch.validate()?;
    if windows.len() != batch.symbols() {
        return Err(Error::input(
            "windows",
            format!(
                "has {} lists for {} symbols, expected one per symbol",
                windows.len(),
                batch.symbols()
            ),
        ));
    }
    let cfg = config_for(strategy, base);
    cfg.validate()?;
    Ok(cfg)
}

/// Focused replay of `strategy` over every symbol of `batch`, symbol i with entries
/// allowed only inside `windows[i]`, on the current rayon pool. The results (one per
/// symbol, in symbol order) carry their equity compact (`pieces` + `flat`, see
/// [`super::run_focused_compact`]) and an empty `result.equity`.
///
/// # Errors
/// See [`Batch::validate`] and [`ReplayConfig::validate`]; also when `windows` does not
/// hold one entry per symbol.
pub fn focused_batch(
    strategy: &Strategy,
    batch: Batch,
    base: &ReplayConfig,
    windows: &[Windows],
) -> Result<Vec<FocusedResult>, Error> {
    let cfg = prepare(strategy, &batch, base, windows)?;
    Ok((0..batch.symbols())
        .into_par_iter()
        .map(|i| run_focused_compact(strategy, batch.symbol_bars(i), &cfg, &windows[i]))
        .collect())
}

/// The plain path (full replay, entries only inside the windows) over every symbol of
/// `batch`: the reference [`focused_batch`] must equal.
///
/// # Errors
/// As [`focused_batch`].
pub fn plain_batch(
    strategy: &Strategy,
    batch: Batch,
    base: &ReplayConfig,
    windows: &[Windows],
) -> Result<Vec<SymbolResult>, Error> {
    let cfg = prepare(strategy, &batch, base, windows)?;
    Ok((0..batch.symbols())
        .into_par_iter()
        .map(|i| run_plain(strategy, batch.symbol_bars(i), &cfg, &windows[i]))
        .collect())
}
