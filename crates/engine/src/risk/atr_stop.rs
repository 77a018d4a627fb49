//! ATR stop (volatility-scaled): `multiple` x ATR from the entry price.
//!
//! ATR is Wilder's Average True Range (Wilder 1978; TA-Lib ATR) taken at the bar whose
//! close made the entry decision, so the level is known when the order is sent.

use barstream_model::Side;

/// Stop level `multiple * atr` (price units) away from `entry`; NaN when `atr` is NaN
/// (ATR still warming up: the trade then has no ATR stop).
#[inline]
pub fn level(side: Side, entry: f64, atr: f64, multiple: f64) -> f64 {
    entry - side.sign() * multiple * atr
}
