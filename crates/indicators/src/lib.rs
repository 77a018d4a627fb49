//! Technical indicators with TA-Lib definitions, each in two forms:
//! a batch function over a whole column (`sma(close, 20) -> Vec<f64>`, NaN during
//! warm-up) and an incremental struct (`Sma::new(20).update(x) -> Option<f64>`)
//! whose values equal the batch form at every bar.
//!
//! SKELETON: signatures fixed, bodies to be written.

/// Output of [`bbands`]: three lines, each len n, NaN during warm-up.
#[derive(Debug, Clone, PartialEq)]
pub struct BandsOutput {
    pub upper: Vec<f64>,
    pub middle: Vec<f64>,
    pub lower: Vec<f64>,
}

/// Output of [`macd`]: each len n, NaN during warm-up.
#[derive(Debug, Clone, PartialEq)]
pub struct MacdOutput {
    pub macd: Vec<f64>,
    pub signal: Vec<f64>,
    pub hist: Vec<f64>,
}

pub fn sma(x: &[f64], period: usize) -> Vec<f64> { let _ = (x, period); unimplemented!() }
pub fn ema(x: &[f64], period: usize) -> Vec<f64> { let _ = (x, period); unimplemented!() }
pub fn wma(x: &[f64], period: usize) -> Vec<f64> { let _ = (x, period); unimplemented!() }
pub fn rsi(close: &[f64], period: usize) -> Vec<f64> { let _ = (close, period); unimplemented!() }
pub fn atr(high: &[f64], low: &[f64], close: &[f64], period: usize) -> Vec<f64> { let _ = (high, low, close, period); unimplemented!() }
pub fn bbands(x: &[f64], period: usize, nbdev_up: f64, nbdev_dn: f64) -> BandsOutput { let _ = (x, period, nbdev_up, nbdev_dn); unimplemented!() }
pub fn macd(x: &[f64], fast: usize, slow: usize, signal: usize) -> MacdOutput { let _ = (x, fast, slow, signal); unimplemented!() }
pub fn roc(x: &[f64], period: usize) -> Vec<f64> { let _ = (x, period); unimplemented!() }
pub fn stddev(x: &[f64], period: usize, nbdev: f64) -> Vec<f64> { let _ = (x, period, nbdev); unimplemented!() }
pub fn highest(x: &[f64], period: usize) -> Vec<f64> { let _ = (x, period); unimplemented!() }
pub fn lowest(x: &[f64], period: usize) -> Vec<f64> { let _ = (x, period); unimplemented!() }
