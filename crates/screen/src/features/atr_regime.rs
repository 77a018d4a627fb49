//! ATR regime: is volatility high or low against its own recent history?

use barstream_indicators::atr;
use barstream_model::Bars;

use super::percentile::rolling_percentile_rank_from;
use super::Feature;
use crate::Reason;

/// ATR(`period`, Wilder, TA-Lib) ranked against its own last `window` values
/// (see [`super::percentile::rolling_percentile_rank`]): `atr_regime_high` when the rank is
/// `>= high`, `atr_regime_low` when `<= low`. Both are neutral (no side): they
/// add their weight to whichever side a directional reason picks.
#[derive(Debug, Clone, PartialEq)]
pub struct AtrRegime {
    period: usize,
    window: usize,
    high: Option<f64>,
    low: Option<f64>,
}

impl AtrRegime {
    /// `period`, `window` in bars; `high`, `low` fractions in (0, 1], either optional.
    ///
    /// # Panics
    /// Panics if `period` or `window` is 0 (the spec validates this first).
    pub fn new(period: usize, window: usize, high: Option<f64>, low: Option<f64>) -> Self {
        assert!(
            period > 0 && window > 0,
            "atr_regime: period and window must be > 0"
        );
        AtrRegime {
            period,
            window,
            high,
            low,
        }
    }
}

impl Feature for AtrRegime {
    fn lookback(&self) -> usize {
        // ATR is defined from bar `period`; the rank needs `window` defined values.
        self.period + self.window - 1
    }

    fn mark(&self, bars: &Bars, from: usize, mask: &mut [u32]) {
        let a = atr(bars.high, bars.low, bars.close, self.period);
        let rank = rolling_percentile_rank_from(&a, self.window, from);
        for (m, &r) in mask.iter_mut().zip(&rank) {
            if self.high.is_some_and(|h| r >= h) {
                *m |= Reason::AtrRegimeHigh.bit();
            }
            if self.low.is_some_and(|l| r <= l) {
                *m |= Reason::AtrRegimeLow.bit();
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::{aapl, fired_at};

    #[test]
    fn fires_where_the_ranked_atr_crosses_the_bounds_and_not_in_warm_up() {
        let d = aapl();
        let f = AtrRegime::new(14, 100, Some(0.9), Some(0.1));
        let got = fired_at(&f, &d.bars());
        let a = atr(&d.high, &d.low, &d.close, 14);
        // Plain check of each fired bar: count the window by hand.
        for &(t, r) in &got {
            assert!(t >= f.lookback(), "fired in warm-up at {t}");
            let w = &a[t + 1 - 100..=t];
            let rank = w.iter().filter(|&&v| v <= a[t]).count() as f64 / 100.0;
            match r {
                Reason::AtrRegimeHigh => assert!(rank >= 0.9),
                Reason::AtrRegimeLow => assert!(rank <= 0.1),
                other => panic!("unexpected {other:?}"),
            }
        }
        let highs = got.iter().filter(|x| x.1 == Reason::AtrRegimeHigh).count();
        let lows = got.len() - highs;
        assert!(highs > 20 && lows > 20, "highs {highs} lows {lows}");
        // And every bar that qualifies does fire.
        let expected = (f.lookback()..a.len())
            .filter(|&t| {
                let w = &a[t + 1 - 100..=t];
                let rank = w.iter().filter(|&&v| v <= a[t]).count() as f64 / 100.0;
                rank >= 0.9 || rank <= 0.1
            })
            .count();
        assert_eq!(got.len(), expected);
    }

    #[test]
    fn one_sided_bounds_fire_one_reason_only() {
        let d = aapl();
        let hi = fired_at(&AtrRegime::new(14, 50, Some(0.8), None), &d.bars());
        assert!(!hi.is_empty() && hi.iter().all(|x| x.1 == Reason::AtrRegimeHigh));
        let lo = fired_at(&AtrRegime::new(14, 50, None, Some(0.2)), &d.bars());
        assert!(!lo.is_empty() && lo.iter().all(|x| x.1 == Reason::AtrRegimeLow));
        assert_ne!(
            fired_at(&AtrRegime::new(20, 50, Some(0.8), None), &d.bars()),
            hi
        );
    }
}
