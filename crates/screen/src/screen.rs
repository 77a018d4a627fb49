//! [`Screen`]: a validated, compiled screen spec.

use barstream_model::Bars;

use crate::error::ScreenError;
use crate::features::Feature;
use crate::reason::Reason;
use crate::score::Scorer;
use crate::spec::{self, ScreenSpec};

/// Default warm-up when the spec gives none (bars), unless the features need more.
pub const DEFAULT_WARMUP_BARS: usize = 250;

/// A screen ready to run: features, scorer, warm-up.
#[derive(Debug)]
pub struct Screen {
    spec: ScreenSpec,
    features: Vec<Box<dyn Feature>>,
    reasons: Vec<Reason>,
    scorer: Scorer,
    min_warmup: usize,
    warmup: usize,
}

impl Screen {
    /// Parses and validates a screen spec (JSON text).
    ///
    /// # Errors
    /// A [`ScreenError`] at the JSON path of the first problem: structure (unknown
    /// key, wrong type), a value out of range, no feature, or `warmup_bars`
    /// shorter than the features' lookback.
    pub fn from_json(text: &str) -> Result<Screen, ScreenError> {
        let spec = spec::read(text)?;
        if spec.name.trim().is_empty() {
            return Err(ScreenError::new("name", "must not be empty"));
        }
        if !(spec.threshold > 0.0 && spec.threshold.is_finite()) {
            return Err(ScreenError::new(
                "threshold",
                format!("must be a finite number > 0; got {}", spec.threshold),
            ));
        }
        if spec.emit_last_bars == 0 {
            return Err(ScreenError::new("emit_last_bars", "must be >= 1"));
        }
        spec.prescreen.validate()?;
        let built = spec.features.build(&spec.session)?;
        let mut weights = [0.0; Reason::ALL.len()];
        let mut reasons = Vec::new();
        for b in &built {
            for &r in &b.reasons {
                weights[r as usize] = b.weight;
                reasons.push(r);
            }
        }
        reasons.sort_by_key(|r| *r as u8);
        let min_warmup = built
            .iter()
            .map(|b| b.feature.lookback())
            .max()
            .unwrap_or(0);
        let warmup = match spec.warmup_bars {
            Some(w) if w < min_warmup => {
                return Err(ScreenError::new(
                    "warmup_bars",
                    format!(
                        "must be at least the features' lookback of {min_warmup} bars; got {w}"
                    ),
                ))
            }
            Some(w) => w,
            None => min_warmup.max(DEFAULT_WARMUP_BARS),
        };
        Ok(Screen {
            scorer: Scorer::new(weights, spec.threshold),
            features: built.into_iter().map(|b| b.feature).collect(),
            reasons,
            min_warmup,
            warmup,
            spec,
        })
    }

    /// The spec as written, defaults filled in.
    pub fn spec(&self) -> &ScreenSpec {
        &self.spec
    }

    /// Reasons this screen can fire, in code order.
    pub fn reasons(&self) -> &[Reason] {
        &self.reasons
    }

    /// The scorer (weights, threshold).
    pub fn scorer(&self) -> &Scorer {
        &self.scorer
    }

    /// The longest feature lookback, bars.
    pub fn min_warmup_bars(&self) -> usize {
        self.min_warmup
    }

    /// Bars of history read before the first emitted bar.
    pub fn warmup_bars(&self) -> usize {
        self.warmup
    }

    /// Reason mask per bar (len = `bars.len()`): every feature's marks OR-ed.
    pub fn mask(&self, bars: &Bars) -> Vec<u32> {
        self.mask_from(bars, 0)
    }

    /// [`Screen::mask`], exact at bars `from..`; earlier bars may be 0 (the
    /// features skip tests a scan will not emit).
    pub fn mask_from(&self, bars: &Bars, from: usize) -> Vec<u32> {
        let mut mask = vec![0u32; bars.len()];
        for f in &self.features {
            f.mark(bars, from, &mut mask);
        }
        mask
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const OK: &str = r#"{"name": "t", "threshold": 1.5,
        "features": {"ma_cross": {"fast": 10, "slow": 30}, "donchian": {"period": 20, "weight": 1.5},
                     "atr_regime": {"window": 100, "low": 0.1}}}"#;

    fn err(text: &str) -> String {
        Screen::from_json(text).unwrap_err().to_string()
    }

    #[test]
    fn defaults_and_warmup_come_from_the_features() {
        let s = Screen::from_json(OK).unwrap();
        assert_eq!(s.min_warmup_bars(), 14 + 100 - 1);
        assert_eq!(s.warmup_bars(), DEFAULT_WARMUP_BARS);
        assert_eq!(s.spec().emit_last_bars, 1);
        assert_eq!(s.scorer().weight(Reason::SmaCrossUp), 1.0);
        assert_eq!(s.scorer().weight(Reason::DonchianBreakoutDown), 1.5);
        assert_eq!(s.scorer().weight(Reason::AtrRegimeHigh), 0.0);
        assert_eq!(
            s.reasons(),
            [
                Reason::SmaCrossUp,
                Reason::SmaCrossDown,
                Reason::AtrRegimeLow,
                Reason::DonchianBreakoutUp,
                Reason::DonchianBreakoutDown
            ]
        );
    }

    #[test]
    fn value_errors_name_the_path_and_the_allowed_range() {
        let with = |k: &str, v: &str| {
            OK.replacen(
                "\"threshold\": 1.5",
                &format!("\"threshold\": 1.5, \"{k}\": {v}"),
                1,
            )
        };
        assert_eq!(
            err(&with("warmup_bars", "50")),
            "warmup_bars: must be at least the features' lookback of 113 bars; got 50"
        );
        assert_eq!(
            err(&with("emit_last_bars", "0")),
            "emit_last_bars: must be >= 1"
        );
        assert_eq!(
            err(&OK.replace("1.5,", "-1,")),
            "threshold: must be a finite number > 0; got -1"
        );
        assert_eq!(
            err(&OK.replace("\"slow\": 30", "\"slow\": 10")),
            "features.ma_cross.slow: must be greater than fast (10); got 10"
        );
        assert_eq!(
            err(&OK.replace("\"low\": 0.1", "\"low\": 10")),
            "features.atr_regime.low: must be a percentile rank in (0, 1], e.g. 0.9; got 10"
        );
        assert_eq!(
            err(&OK.replace("\"weight\": 1.5", "\"weight\": 0")),
            "features.donchian.weight: must be a finite number > 0; got 0"
        );
        assert_eq!(
            err(&with("prescreen", r#"{"volatility_days": 1}"#)),
            "prescreen.volatility_days: must be >= 2 (a standard deviation of returns); got 1"
        );
        assert_eq!(
            err(&with(
                "prescreen",
                r#"{"sectors": {"Energy": {"min_market_cap": -1}}}"#
            )),
            "prescreen.sectors.Energy.min_market_cap: must be a finite number >= 0; got -1"
        );
        assert_eq!(
            err(&with("session", r#"{"min_break_minutes": 0}"#)
                .replace("\"donchian\"", "\"session_break\": {}, \"donchian\"")),
            "session.min_break_minutes: must be a finite number > 0; got 0"
        );
        assert!(err(r#"{"name": "t", "threshold": 1, "features": {}}"#)
            .starts_with("features: no feature"));
        assert_eq!(
            err(&OK.replace("\"t\"", "\" \"")),
            "name: must not be empty"
        );
    }

    #[test]
    fn bar_rules_are_told_apart_from_metadata_rules() {
        let p = |j: &str| {
            Screen::from_json(&OK.replacen(
                "\"threshold\": 1.5",
                &format!("\"threshold\": 1.5, \"prescreen\": {j}"),
                1,
            ))
            .unwrap()
            .spec()
            .prescreen
            .needs_bars()
        };
        assert!(!p(
            r#"{"min_market_cap": 1e9, "sectors": {"Energy": {"min_market_cap": 1}}}"#
        ));
        assert!(p(r#"{"min_price": 5}"#));
        assert!(p(
            r#"{"sectors": {"Energy": {"min_avg_dollar_volume": 1}}}"#
        ));
    }
}
