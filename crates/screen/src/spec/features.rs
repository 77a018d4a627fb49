//! `features` and `session`: which features run, their parameters and weights.

use barstream_indicators::deserialize_period;
use serde::{Deserialize, Serialize};

use crate::error::ScreenError;
use crate::features::atr_regime::AtrRegime;
use crate::features::donchian::Donchian;
use crate::features::ma_cross::{MaCross, MaKind};
use crate::features::rsi_extreme::RsiExtreme;
use crate::features::session::{OpeningGap, SessionBreak, SessionRule};
use crate::features::Feature;
use crate::Reason;

fn one() -> f64 {
    1.0
}

/// The features of a screen; each is optional, at least one is required.
/// `weight` (default 1, > 0) is added to a side's score when the feature fires.
#[derive(Debug, Clone, PartialEq, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct FeaturesSpec {
    /// Moving-average cross (`ma_cross`).
    #[serde(default)]
    pub ma_cross: Option<MaCrossSpec>,
    /// ATR percentile regime (`atr_regime`).
    #[serde(default)]
    pub atr_regime: Option<AtrRegimeSpec>,
    /// Opening gap (`opening_gap`).
    #[serde(default)]
    pub opening_gap: Option<OpeningGapSpec>,
    /// Previous session high/low break (`session_break`).
    #[serde(default)]
    pub session_break: Option<SessionBreakSpec>,
    /// Donchian breakout (`donchian`).
    #[serde(default)]
    pub donchian: Option<DonchianSpec>,
    /// RSI extremes (`rsi_extreme`).
    #[serde(default)]
    pub rsi_extreme: Option<RsiExtremeSpec>,
}

/// `sma` or `ema`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum MaKindSpec {
    /// Simple moving average (TA-Lib `SMA`; the default).
    #[default]
    Sma,
    /// EMA seeded with the SMA of the first `period` bars.
    Ema,
}

/// Moving-average cross over `close`.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct MaCrossSpec {
    /// Which average (default `sma`).
    #[serde(default)]
    pub kind: MaKindSpec,
    /// Fast average period, bars (in `1..=MAX_PERIOD`, < slow).
    #[serde(deserialize_with = "deserialize_period")]
    pub fast: usize,
    /// Slow average period, bars (in `1..=MAX_PERIOD`).
    #[serde(deserialize_with = "deserialize_period")]
    pub slow: usize,
    /// Added to the side's score when the feature fires (default 1, > 0).
    #[serde(default = "one")]
    pub weight: f64,
}

/// ATR percentile regime.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct AtrRegimeSpec {
    /// ATR period, bars (default 14, in `1..=MAX_PERIOD`).
    #[serde(default = "fourteen", deserialize_with = "deserialize_period")]
    pub period: usize,
    /// Bars in the percentile window (the ATR values ranked against, bar t included), in
    /// `1..=MAX_PERIOD`.
    #[serde(deserialize_with = "deserialize_period")]
    pub window: usize,
    /// Fire `atr_regime_high` at a rank >= this fraction, in (0, 1].
    #[serde(default)]
    pub high: Option<f64>,
    /// Fire `atr_regime_low` at a rank <= this fraction, in (0, 1].
    #[serde(default)]
    pub low: Option<f64>,
    /// Added to the side's score when the feature fires (default 1, > 0).
    #[serde(default = "one")]
    pub weight: f64,
}

fn fourteen() -> usize {
    14
}

/// Opening gap at a session's first bar.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct OpeningGapSpec {
    /// Fraction of the previous close, > 0 (0.02 = 2%).
    pub min_gap: f64,
    /// Added to the side's score when the feature fires (default 1, > 0).
    #[serde(default = "one")]
    pub weight: f64,
}

/// Break of the previous session's high or low.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct SessionBreakSpec {
    /// Added to the side's score when the feature fires (default 1, > 0).
    #[serde(default = "one")]
    pub weight: f64,
}

/// Donchian breakout.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct DonchianSpec {
    /// Channel length, bars: the high/low of the `period` bars before the current one, in
    /// `1..=MAX_PERIOD`.
    #[serde(deserialize_with = "deserialize_period")]
    pub period: usize,
    /// Added to the side's score when the feature fires (default 1, > 0).
    #[serde(default = "one")]
    pub weight: f64,
}

/// RSI extremes.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct RsiExtremeSpec {
    /// RSI period, bars (default 14, in `1..=MAX_PERIOD`).
    #[serde(default = "fourteen", deserialize_with = "deserialize_period")]
    pub period: usize,
    /// Oversold level (default 30): `rsi_oversold` fires at or below it.
    #[serde(default = "thirty")]
    pub low: f64,
    /// Overbought level (default 70): `rsi_overbought` fires at or above it.
    #[serde(default = "seventy")]
    pub high: f64,
    /// Added to the side's score when the feature fires (default 1, > 0).
    #[serde(default = "one")]
    pub weight: f64,
}

fn thirty() -> f64 {
    30.0
}

fn seventy() -> f64 {
    70.0
}

/// Where intraday sessions start (see [`SessionRule`]).
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct SessionSpec {
    /// Minutes between two bars that end a session, > 0. Default 30.
    #[serde(default = "default_break")]
    pub min_break_minutes: f64,
    /// Also start a session at each UTC date. Default false.
    #[serde(default)]
    pub utc_midnight: bool,
}

fn default_break() -> f64 {
    30.0
}

impl Default for SessionSpec {
    fn default() -> Self {
        SessionSpec {
            min_break_minutes: default_break(),
            utc_midnight: false,
        }
    }
}

/// A compiled feature with the reasons it can fire and their weight.
pub(crate) struct Built {
    pub feature: Box<dyn Feature>,
    pub reasons: Vec<Reason>,
    pub weight: f64,
}

fn check_weight(w: f64, path: &str) -> Result<(), ScreenError> {
    if w > 0.0 && w.is_finite() {
        Ok(())
    } else {
        Err(ScreenError::new(
            format!("features.{path}.weight"),
            format!("must be a finite number > 0; got {w}"),
        ))
    }
}

fn check_fraction(v: Option<f64>, path: &str) -> Result<(), ScreenError> {
    match v {
        Some(x) if !(x > 0.0 && x <= 1.0) => Err(ScreenError::new(
            format!("features.{path}"),
            format!("must be a percentile rank in (0, 1], e.g. 0.9; got {x}"),
        )),
        _ => Ok(()),
    }
}

impl SessionSpec {
    fn rule(&self) -> Result<SessionRule, ScreenError> {
        if !(self.min_break_minutes > 0.0 && self.min_break_minutes.is_finite()) {
            return Err(ScreenError::new(
                "session.min_break_minutes",
                format!(
                    "must be a finite number > 0; got {}",
                    self.min_break_minutes
                ),
            ));
        }
        Ok(SessionRule {
            min_break_minutes: self.min_break_minutes,
            utc_midnight: self.utc_midnight,
        })
    }
}

impl FeaturesSpec {
    /// Validates every parameter and builds the features.
    ///
    /// # Errors
    /// The first parameter out of range at its JSON path, or no feature at all.
    pub(crate) fn build(&self, session: &SessionSpec) -> Result<Vec<Built>, ScreenError> {
        let mut out = Vec::new();
        if let Some(s) = &self.ma_cross {
            if s.slow <= s.fast {
                return Err(ScreenError::new(
                    "features.ma_cross.slow",
                    format!("must be greater than fast ({}); got {}", s.fast, s.slow),
                ));
            }
            check_weight(s.weight, "ma_cross")?;
            let (kind, reasons) = match s.kind {
                MaKindSpec::Sma => (MaKind::Sma, [Reason::SmaCrossUp, Reason::SmaCrossDown]),
                MaKindSpec::Ema => (MaKind::Ema, [Reason::EmaCrossUp, Reason::EmaCrossDown]),
            };
            out.push(Built {
                feature: Box::new(MaCross::new(kind, s.fast, s.slow)),
                reasons: reasons.to_vec(),
                weight: s.weight,
            });
        }
        if let Some(s) = &self.atr_regime {
            check_fraction(s.high, "atr_regime.high")?;
            check_fraction(s.low, "atr_regime.low")?;
            if s.high.is_none() && s.low.is_none() {
                return Err(ScreenError::new(
                    "features.atr_regime",
                    "give high, low or both (percentile ranks in (0, 1])",
                ));
            }
            check_weight(s.weight, "atr_regime")?;
            let mut reasons = Vec::new();
            if s.high.is_some() {
                reasons.push(Reason::AtrRegimeHigh);
            }
            if s.low.is_some() {
                reasons.push(Reason::AtrRegimeLow);
            }
            out.push(Built {
                feature: Box::new(AtrRegime::new(s.period, s.window, s.high, s.low)),
                reasons,
                weight: s.weight,
            });
        }
        if let Some(s) = &self.opening_gap {
            if !(s.min_gap > 0.0 && s.min_gap.is_finite()) {
                return Err(ScreenError::new(
                    "features.opening_gap.min_gap",
                    format!(
                        "must be a fraction of the previous close > 0, e.g. 0.02 = 2%; got {}",
                        s.min_gap
                    ),
                ));
            }
            check_weight(s.weight, "opening_gap")?;
            out.push(Built {
                feature: Box::new(OpeningGap::new(session.rule()?, s.min_gap)),
                reasons: vec![Reason::GapUp, Reason::GapDown],
                weight: s.weight,
            });
        }
        if let Some(s) = &self.session_break {
            check_weight(s.weight, "session_break")?;
            out.push(Built {
                feature: Box::new(SessionBreak::new(session.rule()?)),
                reasons: vec![Reason::SessionHighBreak, Reason::SessionLowBreak],
                weight: s.weight,
            });
        }
        if let Some(s) = &self.donchian {
            check_weight(s.weight, "donchian")?;
            out.push(Built {
                feature: Box::new(Donchian::new(s.period)),
                reasons: vec![Reason::DonchianBreakoutUp, Reason::DonchianBreakoutDown],
                weight: s.weight,
            });
        }
        if let Some(s) = &self.rsi_extreme {
            if !(0.0..=100.0).contains(&s.low)
                || !(0.0..=100.0).contains(&s.high)
                || s.low >= s.high
            {
                return Err(ScreenError::new(
                    "features.rsi_extreme",
                    format!(
                        "need 0 <= low < high <= 100 (RSI points); got low {} high {}",
                        s.low, s.high
                    ),
                ));
            }
            check_weight(s.weight, "rsi_extreme")?;
            out.push(Built {
                feature: Box::new(RsiExtreme::new(s.period, s.low, s.high)),
                reasons: vec![Reason::RsiOversold, Reason::RsiOverbought],
                weight: s.weight,
            });
        }
        if out.is_empty() {
            return Err(ScreenError::new(
                "features",
                "no feature: give at least one of ma_cross, atr_regime, opening_gap, \
                 session_break, donchian, rsi_extreme",
            ));
        }
        Ok(out)
    }
}
