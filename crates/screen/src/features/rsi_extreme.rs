//! RSI extremes.

use barstream_indicators::rsi;
use barstream_model::Bars;

use super::Feature;
use crate::Reason;

/// RSI(`period`, Wilder, TA-Lib) `<= low`: `rsi_oversold` (long, mean reversion);
/// `>= high`: `rsi_overbought` (short).
#[derive(Debug, Clone, PartialEq)]
pub struct RsiExtreme {
    period: usize,
    low: f64,
    high: f64,
}

impl RsiExtreme {
    /// `period` in bars; `low < high`, both in [0, 100].
    ///
    /// # Panics
    /// Panics if `period == 0` (the spec validates this first).
    pub fn new(period: usize, low: f64, high: f64) -> Self {
        assert!(period > 0, "rsi_extreme: period must be > 0");
        RsiExtreme { period, low, high }
    }
}

impl Feature for RsiExtreme {
    fn lookback(&self) -> usize {
        self.period
    }

    fn mark(&self, bars: &Bars, _from: usize, mask: &mut [u32]) {
        for (m, r) in mask.iter_mut().zip(rsi(bars.close, self.period)) {
            if r <= self.low {
                *m |= Reason::RsiOversold.bit();
            } else if r >= self.high {
                *m |= Reason::RsiOverbought.bit();
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::{aapl, fired_at};

    /// Wilder's RSI written out plainly (first average = mean of the first
    /// `period` changes, then `avg = (avg * (p-1) + x) / p`).
    fn rsi_ref(close: &[f64], p: usize) -> Vec<f64> {
        let mut out = vec![f64::NAN; close.len()];
        let (mut g, mut l) = (0.0, 0.0);
        for t in 1..close.len() {
            let ch = close[t] - close[t - 1];
            let (up, dn) = (ch.max(0.0), (-ch).max(0.0));
            if t <= p {
                g += up;
                l += dn;
                if t == p {
                    g /= p as f64;
                    l /= p as f64;
                }
            } else {
                g = (g * (p as f64 - 1.0) + up) / p as f64;
                l = (l * (p as f64 - 1.0) + dn) / p as f64;
            }
            if t >= p {
                out[t] = 100.0 * g / (g + l);
            }
        }
        out
    }

    #[test]
    fn extremes_match_a_plain_wilder_rsi_on_aapl() {
        let d = aapl();
        let got = fired_at(&RsiExtreme::new(14, 30.0, 70.0), &d.bars());
        let r = rsi_ref(&d.close, 14);
        let want: Vec<_> = (0..r.len())
            .filter(|&t| (r[t] - 30.0).abs() > 1e-9 && (r[t] - 70.0).abs() > 1e-9)
            .filter_map(|t| {
                (r[t] <= 30.0)
                    .then_some((t, Reason::RsiOversold))
                    .or((r[t] >= 70.0).then_some((t, Reason::RsiOverbought)))
            })
            .collect();
        let lows = want.iter().filter(|x| x.1 == Reason::RsiOversold).count();
        assert!(lows > 5 && want.len() - lows > 50, "{lows} {}", want.len());
        assert_eq!(got, want);
        assert!(got.iter().all(|&(t, _)| t >= 14));
    }
}
