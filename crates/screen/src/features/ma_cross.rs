//! Moving-average cross: the fast average crossing the slow one.

use barstream_indicators::{ema, sma};
use barstream_model::Bars;

use super::{mark_crosses, Feature};
use crate::Reason;

/// Which average (TA-Lib `SMA`, or `EMA` seeded with the SMA of the first `period` bars).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MaKind {
    /// Simple moving average (TA-Lib `SMA`).
    Sma,
    /// EMA seeded with the SMA of the first `period` bars.
    Ema,
}

/// `fast` crossing `slow` (both over `close`): `sma_cross_up` (long) /
/// `sma_cross_down` (short), or the `ema_` pair.
#[derive(Debug, Clone, PartialEq)]
pub struct MaCross {
    kind: MaKind,
    fast: usize,
    slow: usize,
}

impl MaCross {
    /// Periods in bars.
    ///
    /// # Panics
    /// Panics if `fast == 0` or `fast >= slow` (the spec validates this first).
    pub fn new(kind: MaKind, fast: usize, slow: usize) -> Self {
        assert!(fast > 0 && fast < slow, "ma_cross: need 0 < fast < slow");
        MaCross { kind, fast, slow }
    }

    fn average(&self, x: &[f64], period: usize) -> Vec<f64> {
        match self.kind {
            MaKind::Sma => sma(x, period),
            MaKind::Ema => ema(x, period),
        }
    }

    fn reasons(&self) -> (Reason, Reason) {
        match self.kind {
            MaKind::Sma => (Reason::SmaCrossUp, Reason::SmaCrossDown),
            MaKind::Ema => (Reason::EmaCrossUp, Reason::EmaCrossDown),
        }
    }
}

impl Feature for MaCross {
    fn lookback(&self) -> usize {
        // The slow average is defined from bar slow-1; a cross also reads the bar before.
        self.slow
    }

    fn mark(&self, bars: &Bars, _from: usize, mask: &mut [u32]) {
        let fast = self.average(bars.close, self.fast);
        let slow = self.average(bars.close, self.slow);
        let (up, down) = self.reasons();
        mark_crosses(&fast, &slow, up.bit(), down.bit(), mask);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::{aapl, fired_at};

    /// Plain reference: SMA by explicit window sums.
    fn sma_ref(x: &[f64], p: usize, t: usize) -> f64 {
        if t + 1 < p {
            return f64::NAN;
        }
        x[t + 1 - p..=t].iter().sum::<f64>() / p as f64
    }

    #[test]
    fn sma_cross_matches_a_plain_window_sum_reference_on_aapl() {
        let d = aapl();
        let f = MaCross::new(MaKind::Sma, 10, 30);
        let got = fired_at(&f, &d.bars());
        let (mut want, mut ties) = (Vec::new(), Vec::new());
        for t in 1..d.close.len() {
            let (a0, b0) = (sma_ref(&d.close, 10, t - 1), sma_ref(&d.close, 30, t - 1));
            let (a1, b1) = (sma_ref(&d.close, 10, t), sma_ref(&d.close, 30, t));
            // Window sums round differently from the running sum: skip near-ties.
            if (a1 - b1).abs() < 1e-9 || (a0 - b0).abs() < 1e-9 {
                ties.push(t);
            } else if a0 < b0 && a1 > b1 {
                want.push((t, Reason::SmaCrossUp));
            } else if a0 > b0 && a1 < b1 {
                want.push((t, Reason::SmaCrossDown));
            }
        }
        assert!(want.len() > 20, "AAPL should cross often: {}", want.len());
        let got: Vec<_> = got.into_iter().filter(|(t, _)| !ties.contains(t)).collect();
        assert_eq!(got, want);
        assert_eq!(f.lookback(), 30);
    }

    #[test]
    fn ema_kind_fires_ema_reasons_and_differs_from_sma() {
        let d = aapl();
        let e = fired_at(&MaCross::new(MaKind::Ema, 10, 30), &d.bars());
        let s = fired_at(&MaCross::new(MaKind::Sma, 10, 30), &d.bars());
        assert!(e
            .iter()
            .all(|(_, r)| matches!(r, Reason::EmaCrossUp | Reason::EmaCrossDown)));
        assert!(!e.is_empty());
        let et: Vec<_> = e.iter().map(|x| x.0).collect();
        let st: Vec<_> = s.iter().map(|x| x.0).collect();
        assert_ne!(et, st);
    }

    #[test]
    fn each_period_changes_the_output() {
        let d = aapl();
        let base = fired_at(&MaCross::new(MaKind::Sma, 10, 30), &d.bars());
        assert_ne!(
            base,
            fired_at(&MaCross::new(MaKind::Sma, 12, 30), &d.bars())
        );
        assert_ne!(
            base,
            fired_at(&MaCross::new(MaKind::Sma, 10, 40), &d.bars())
        );
    }
}
