//! Weighted score of the reasons fired at a bar, and the side it picks.

use barstream_model::Side;

use crate::reason::{Bias, Reason};

/// A bar that scored: its side, score and the reasons counted for that side.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Scored {
    /// The side the candidate is for.
    pub side: Side,
    /// Sum of the weights of `reasons`.
    pub score: f64,
    /// Bit mask of the reasons counted (the side's own plus the neutral ones).
    pub reasons: u32,
}

/// Weights per reason and the candidate threshold.
///
/// At a bar with fired reasons `M`: `long = sum(w[r] for r in M if r is long or
/// neutral)`, `short` likewise. The bar is a long candidate when `long >=
/// threshold` and `long > short`, a short one mirrored; equal scores pick no
/// side (neutral reasons alone never make a candidate, weights being > 0).
#[derive(Debug, Clone, PartialEq)]
pub struct Scorer {
    weights: [f64; Reason::ALL.len()],
    threshold: f64,
}

impl Scorer {
    /// `weights[r as usize]` is reason r's weight (0 for reasons the screen
    /// does not use); `threshold` > 0.
    pub fn new(weights: [f64; Reason::ALL.len()], threshold: f64) -> Self {
        Scorer { weights, threshold }
    }

    /// Weight of `r`.
    pub fn weight(&self, r: Reason) -> f64 {
        self.weights[r as usize]
    }

    /// The threshold.
    pub fn threshold(&self) -> f64 {
        self.threshold
    }

    /// Scores one bar's reason mask.
    pub fn score(&self, mask: u32) -> Option<Scored> {
        if mask == 0 {
            return None;
        }
        let (mut long, mut short) = (0.0, 0.0);
        let (mut long_mask, mut short_mask) = (0u32, 0u32);
        for r in Reason::from_mask(mask) {
            let w = self.weights[r as usize];
            match r.bias() {
                Bias::Long => {
                    long += w;
                    long_mask |= r.bit();
                }
                Bias::Short => {
                    short += w;
                    short_mask |= r.bit();
                }
                Bias::Neutral => {
                    long += w;
                    short += w;
                    long_mask |= r.bit();
                    short_mask |= r.bit();
                }
            }
        }
        if long >= self.threshold && long > short {
            Some(Scored {
                side: Side::Long,
                score: long,
                reasons: long_mask,
            })
        } else if short >= self.threshold && short > long {
            Some(Scored {
                side: Side::Short,
                score: short,
                reasons: short_mask,
            })
        } else {
            None
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scorer() -> Scorer {
        let mut w = [0.0; Reason::ALL.len()];
        w[Reason::SmaCrossUp as usize] = 1.0;
        w[Reason::DonchianBreakoutUp as usize] = 1.5;
        w[Reason::RsiOverbought as usize] = 1.0;
        w[Reason::AtrRegimeLow as usize] = 0.5;
        Scorer::new(w, 2.0)
    }

    #[test]
    fn sums_the_weights_of_one_side_plus_the_neutral_ones() {
        let s = scorer();
        let m = Reason::SmaCrossUp.bit() | Reason::DonchianBreakoutUp.bit();
        assert_eq!(
            s.score(m),
            Some(Scored {
                side: Side::Long,
                score: 2.5,
                reasons: m
            })
        );
        let m2 =
            Reason::SmaCrossUp.bit() | Reason::AtrRegimeLow.bit() | Reason::RsiOverbought.bit();
        // long 1.5, short 1.5: a tie picks nothing.
        assert_eq!(s.score(m2), None);
        let m3 = Reason::DonchianBreakoutUp.bit() | Reason::AtrRegimeLow.bit();
        assert_eq!(
            s.score(m3).map(|x| (x.side, x.score)),
            Some((Side::Long, 2.0))
        );
    }

    #[test]
    fn below_threshold_or_neutral_only_is_no_candidate() {
        let s = scorer();
        assert_eq!(s.score(Reason::DonchianBreakoutUp.bit()), None);
        assert_eq!(s.score(Reason::AtrRegimeLow.bit()), None);
        assert_eq!(s.score(0), None);
    }

    #[test]
    fn a_short_wins_when_its_side_scores_higher() {
        let mut w = [0.0; Reason::ALL.len()];
        w[Reason::RsiOverbought as usize] = 3.0;
        w[Reason::SmaCrossUp as usize] = 1.0;
        let s = Scorer::new(w, 2.0);
        let r = s
            .score(Reason::RsiOverbought.bit() | Reason::SmaCrossUp.bit())
            .unwrap();
        assert_eq!(
            (r.side, r.score, r.reasons),
            (Side::Short, 3.0, Reason::RsiOverbought.bit())
        );
    }
}
