//! Fixed stop loss: a market exit when price moves `fraction` against the entry.

use barstream_model::Side;

/// Stop level for a position entered at `entry` (price), `fraction` away (0.05 = 5%):
/// below the entry for a long, above it for a short.
#[inline]
pub fn level(side: Side, entry: f64, fraction: f64) -> f64 {
    entry * (1.0 - side.sign() * fraction)
}
