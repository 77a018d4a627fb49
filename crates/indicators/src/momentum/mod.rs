//! Momentum: RSI, rate of change, MACD.

pub mod macd;
pub mod roc;
pub mod rsi;
