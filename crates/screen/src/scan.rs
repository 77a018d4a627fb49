//! Features -> score -> candidates, for one symbol and for a batch of symbols.

use std::time::Instant;

use barstream_model::{Bars, Batch, Error, Side};
use rayon::prelude::*;

use crate::screen::Screen;

/// A candidate: the bar at whose close it was detected, its side, score and reasons.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Candidate {
    /// Bar index within the symbol's bars (0-based).
    pub bar: usize,
    /// The side the candidate is for.
    pub side: Side,
    /// Sum of the weights of `reasons`.
    pub score: f64,
    /// Bit mask of [`crate::Reason`] codes.
    pub reasons: u32,
}

/// Candidates of `mask` (from [`Screen::mask`]) at bars `emit_from..`.
pub fn score_symbol(screen: &Screen, mask: &[u32], emit_from: usize) -> Vec<Candidate> {
    let scorer = screen.scorer();
    mask.iter()
        .enumerate()
        .skip(emit_from)
        .filter_map(|(bar, &m)| {
            scorer.score(m).map(|s| Candidate {
                bar,
                side: s.side,
                score: s.score,
                reasons: s.reasons,
            })
        })
        .collect()
}

/// Candidates of one symbol at bars `emit_from..` (features see every bar).
pub fn scan_symbol(screen: &Screen, bars: &Bars, emit_from: usize) -> Vec<Candidate> {
    score_symbol(screen, &screen.mask_from(bars, emit_from), emit_from)
}

/// Result of [`scan_batch`].
#[derive(Debug, Clone, Default)]
pub struct BatchScan {
    /// Candidates per symbol, in batch order, each in bar order.
    pub candidates: Vec<Vec<Candidate>>,
    /// Wall time of the feature pass (all symbols), ns.
    pub features_ns: u64,
    /// Wall time of the scoring pass, ns.
    pub score_ns: u64,
}

/// Scans every symbol of `batch` on the current rayon pool. Symbol i emits
/// candidates at its bars with `ts >= emit_from_ts[i]` (i64 UTC ns).
///
/// # Errors
/// See [`Batch::validate`]; also when `emit_from_ts.len()` is not the symbol count.
pub fn scan_batch(screen: &Screen, batch: Batch, emit_from_ts: &[i64]) -> Result<BatchScan, Error> {
    batch.validate()?;
    let k = batch.symbols();
    if emit_from_ts.len() != k {
        return Err(Error::input(
            "emitFrom",
            format!(
                "has {} entries, expected one per symbol ({k})",
                emit_from_ts.len()
            ),
        ));
    }
    let bars = |i: usize| batch.bars.slice(batch.offsets[i], batch.offsets[i + 1]);
    let from: Vec<usize> = (0..k)
        .map(|i| bars(i).ts.partition_point(|&t| t < emit_from_ts[i]))
        .collect();
    let t0 = Instant::now();
    let masks: Vec<Vec<u32>> = (0..k)
        .into_par_iter()
        .map(|i| screen.mask_from(&bars(i), from[i]))
        .collect();
    let t1 = Instant::now();
    let candidates = masks
        .par_iter()
        .enumerate()
        .map(|(i, mask)| score_symbol(screen, mask, from[i]))
        .collect();
    let t2 = Instant::now();
    Ok(BatchScan {
        candidates,
        features_ns: (t1 - t0).as_nanos() as u64,
        score_ns: (t2 - t1).as_nanos() as u64,
    })
}
