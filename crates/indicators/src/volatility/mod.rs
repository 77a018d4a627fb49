//! Volatility: average true range, standard deviation, Bollinger bands.

pub mod atr;
pub mod bbands;
pub mod stddev;
