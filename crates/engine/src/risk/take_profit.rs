//! Take profit: a limit exit when price moves `fraction` in the trade's favour.

use barstream_model::Side;

/// Target level for a position entered at `entry` (price), `fraction` away (0.10 = 10%):
/// above the entry for a long, below it for a short.
#[inline]
pub fn level(side: Side, entry: f64, fraction: f64) -> f64 {
    entry * (1.0 + side.sign() * fraction)
}
