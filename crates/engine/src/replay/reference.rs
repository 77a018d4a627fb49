//! The plain replay path, kept as the reference the fast path is tested against.
//!
//! [`crate::replay()`] runs the full stop/target check only on bars that may exit
//! (`RiskLevels::may_exit` against the stop in force kept per completed bar) and, given
//! no ATR column, computes the ATR in the loop. [`replay_plain`] runs the full check
//! (`RiskLevels::check_bar`, levels recomputed from their definitions) on every bar held
//! and reads the ATR from a batch column: the straightforward implementation of the
//! semantics. `crates/engine/tests/risk_fast_path.rs` asserts both give bit-identical
//! trades, equity and counters on real data with every risk exit firing.

use super::{replay_with, ReplayOutput, SignalsRef};
use crate::config::ReplayConfig;
use barstream_model::Bars;

/// Replays one symbol the plain way (see the module docs); same inputs and output as
/// [`crate::replay()`] (`atr`: a column of len n, or empty to let the replay compute it).
///
/// # Panics
/// Panics if a signal column or a non-empty `atr` is shorter than the bars.
pub fn replay_plain(
    bars: Bars,
    signals: SignalsRef,
    atr: &[f64],
    cfg: &ReplayConfig,
) -> ReplayOutput {
    replay_with::<true>(bars, signals, atr, cfg)
}
