//! Donchian channel breakout.

use barstream_indicators::{highest, lowest};
use barstream_model::Bars;

use super::Feature;
use crate::Reason;

/// `donchian_breakout_up` (long) when `close[t]` is above the highest high of
/// the `period` bars before t (`t-period..t`, bar t excluded, so a bar never
/// breaks its own high); `donchian_breakout_down` (short) below the lowest low.
#[derive(Debug, Clone, PartialEq)]
pub struct Donchian {
    period: usize,
}

impl Donchian {
    /// `period` in bars.
    ///
    /// # Panics
    /// Panics if `period == 0` (the spec validates this first).
    pub fn new(period: usize) -> Self {
        assert!(period > 0, "donchian: period must be > 0");
        Donchian { period }
    }
}

impl Feature for Donchian {
    fn lookback(&self) -> usize {
        self.period
    }

    fn mark(&self, bars: &Bars, _from: usize, mask: &mut [u32]) {
        let upper = highest(bars.high, self.period);
        let lower = lowest(bars.low, self.period);
        for t in 1..mask.len() {
            let c = bars.close[t];
            if c > upper[t - 1] {
                mask[t] |= Reason::DonchianBreakoutUp.bit();
            } else if c < lower[t - 1] {
                mask[t] |= Reason::DonchianBreakoutDown.bit();
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::{aapl, fired_at};

    #[test]
    fn breakouts_equal_a_plain_window_scan_on_aapl() {
        let d = aapl();
        for period in [5, 20, 55] {
            let got = fired_at(&Donchian::new(period), &d.bars());
            let want: Vec<_> = (period..d.close.len())
                .filter_map(|t| {
                    let hi = d.high[t - period..t]
                        .iter()
                        .cloned()
                        .fold(f64::MIN, f64::max);
                    let lo = d.low[t - period..t]
                        .iter()
                        .cloned()
                        .fold(f64::MAX, f64::min);
                    (d.close[t] > hi)
                        .then_some((t, Reason::DonchianBreakoutUp))
                        .or((d.close[t] < lo).then_some((t, Reason::DonchianBreakoutDown)))
                })
                .collect();
            assert!(want.len() > 20, "{period}: {}", want.len());
            assert_eq!(got, want, "period {period}");
        }
    }
}
