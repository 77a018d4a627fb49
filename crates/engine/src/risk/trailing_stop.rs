//! Trailing stop: a stop that follows the best price reached.
//!
//! The best price is taken over COMPLETED bars since entry (plus the entry price):
//! within a bar we cannot know whether the high came before the low, so the current
//! bar's extreme only moves the stop from the next bar on (no intrabar look-ahead).

use barstream_model::Side;

/// Trailing stop level `fraction` (0.03 = 3%) behind `best`: the highest high since
/// entry for a long, the lowest low for a short.
#[inline]
pub fn level(side: Side, best: f64, fraction: f64) -> f64 {
    best * factor(side, fraction)
}

/// The factor `1 - sign * fraction` with `level = best * factor`: computed once per
/// position, it gives the same level bit for bit as [`level`].
#[inline]
pub fn factor(side: Side, fraction: f64) -> f64 {
    1.0 - side.sign() * fraction
}
