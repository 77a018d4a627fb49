//! Focused replay and its plain path over a batch of symbols (rayon, one task per symbol).

use barstream_strategy::Strategy;
use rayon::prelude::*;

use super::plain::run_plain;
use super::segments::{run_focused, FocusedResult};
use super::windows::Windows;
use crate::bars::Bars;
use crate::config::ReplayConfig;
use crate::run::{config_for, Batch, SymbolResult};

/// Checks the batch, the settings and that there is one [`Windows`] per symbol;
/// returns the replay settings for `strategy`.
fn prepare(
    strategy: &Strategy,
    batch: &Batch,
    base: &ReplayConfig,
    windows: &[Windows],
) -> Result<ReplayConfig, String> {
    batch.validate()?;
    if windows.len() != batch.symbols() {
        return Err(format!(
            "{} window lists for {} symbols",
            windows.len(),
            batch.symbols()
        ));
    }
    let cfg = config_for(strategy, base);
    cfg.validate()?;
    Ok(cfg)
}

/// `run(bars, cfg, windows)` for every symbol of `batch` on the current rayon pool, after
/// [`prepare`]; one result per symbol, in symbol order.
fn per_symbol<T: Send>(
    strategy: &Strategy,
    batch: Batch,
    base: &ReplayConfig,
    windows: &[Windows],
    run: impl Fn(Bars, &ReplayConfig, &Windows) -> T + Sync,
) -> Result<Vec<T>, String> {
    let cfg = prepare(strategy, &batch, base, windows)?;
    Ok((0..batch.symbols())
        .into_par_iter()
        .map(|i| {
            run(
                batch.bars.slice(batch.offsets[i], batch.offsets[i + 1]),
                &cfg,
                &windows[i],
            )
        })
        .collect())
}

/// Focused replay of `strategy` over every symbol of `batch`, symbol i with entries
/// allowed only inside `windows[i]`, on the current rayon pool. One result per symbol,
/// in symbol order.
///
/// # Errors
/// See [`Batch::validate`] and [`ReplayConfig::validate`]; also when `windows` does not
/// hold one entry per symbol.
pub fn focused_batch(
    strategy: &Strategy,
    batch: Batch,
    base: &ReplayConfig,
    windows: &[Windows],
) -> Result<Vec<FocusedResult>, String> {
    per_symbol(strategy, batch, base, windows, |bars, cfg, w| {
        run_focused(strategy, bars, cfg, w)
    })
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
) -> Result<Vec<SymbolResult>, String> {
    per_symbol(strategy, batch, base, windows, |bars, cfg, w| {
        run_plain(strategy, bars, cfg, w)
    })
}
