//! One entry of `indicators`: its JSON form and the checked [`Kind`] it becomes.

use barstream_indicators::deserialize_opt_period;
use serde::Deserialize;

use crate::error::SpecError;

/// The JSON form of one indicator; which fields apply depends on `kind`. Periods are read
/// within `1..=MAX_PERIOD` bars (`barstream_indicators::period`).
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawIndicator {
    kind: KindName,
    #[serde(default, deserialize_with = "deserialize_opt_period")]
    period: Option<usize>,
    #[serde(default)]
    input: Option<String>,
    #[serde(default)]
    nbdev: Option<f64>,
    #[serde(default)]
    nbdev_up: Option<f64>,
    #[serde(default)]
    nbdev_dn: Option<f64>,
    #[serde(default, deserialize_with = "deserialize_opt_period")]
    fast: Option<usize>,
    #[serde(default, deserialize_with = "deserialize_opt_period")]
    slow: Option<usize>,
    #[serde(default, deserialize_with = "deserialize_opt_period")]
    signal: Option<usize>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
enum KindName {
    Sma,
    Ema,
    Wma,
    Rsi,
    Roc,
    Stddev,
    Highest,
    Lowest,
    Atr,
    Bbands,
    Macd,
    Donchian,
}

/// A checked indicator with its parameters (periods in bars, deviations in
/// standard deviations). Definitions are TA-Lib's, via `barstream-indicators`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) enum Kind {
    Sma {
        period: usize,
    },
    Ema {
        period: usize,
    },
    Wma {
        period: usize,
    },
    Rsi {
        period: usize,
    },
    Roc {
        period: usize,
    },
    Stddev {
        period: usize,
        nbdev: f64,
    },
    Highest {
        period: usize,
    },
    Lowest {
        period: usize,
    },
    Atr {
        period: usize,
    },
    Bbands {
        period: usize,
        nbdev_up: f64,
        nbdev_dn: f64,
    },
    Macd {
        fast: usize,
        slow: usize,
        signal: usize,
    },
    Donchian {
        period: usize,
    },
}

impl Kind {
    /// Output names; `[""]` for a single-output indicator.
    pub(crate) fn outputs(&self) -> &'static [&'static str] {
        match self {
            Kind::Bbands { .. } | Kind::Donchian { .. } => &["upper", "middle", "lower"],
            Kind::Macd { .. } => &["macd", "signal", "hist"],
            _ => &[""],
        }
    }

    /// Whether the indicator reads one `input` column (false: it reads fixed OHLC fields).
    pub(crate) fn takes_input(&self) -> bool {
        !matches!(self, Kind::Atr { .. } | Kind::Donchian { .. })
    }

    /// Bars before the first defined output when the input has none undefined
    /// (TA-Lib `*_Lookback`): period-1 for averages, windows and bands; period for
    /// RSI, ROC and ATR (they need one prior bar); slow-1 + signal-1 for MACD.
    pub(crate) fn lookback(&self) -> usize {
        match *self {
            Kind::Sma { period }
            | Kind::Ema { period }
            | Kind::Wma { period }
            | Kind::Stddev { period, .. }
            | Kind::Highest { period }
            | Kind::Lowest { period }
            | Kind::Bbands { period, .. }
            | Kind::Donchian { period } => period - 1,
            Kind::Rsi { period } | Kind::Roc { period } | Kind::Atr { period } => period,
            Kind::Macd { slow, signal, .. } => (slow - 1) + (signal - 1),
        }
    }
}

impl RawIndicator {
    /// Checks the fields against the kind: required ones present, others absent,
    /// deviations > 0, MACD fast < slow (periods were range-checked when read). Deviations default to
    /// 1 (`stddev`) and 2 (`bbands`), as in TA-Lib.
    ///
    /// # Errors
    /// At `path.<field>` (or `path` for a missing field), `path` = `indicators.<name>`.
    pub(crate) fn validate(&self, path: &str) -> Result<(Kind, Option<String>), SpecError> {
        let allowed: &[&str] = match self.kind {
            KindName::Stddev => &["period", "input", "nbdev"],
            KindName::Bbands => &["period", "input", "nbdev_up", "nbdev_dn"],
            KindName::Macd => &["fast", "slow", "signal", "input"],
            KindName::Atr | KindName::Donchian => &["period"],
            _ => &["period", "input"],
        };
        let kind_name = self.kind_name();
        for field in self.present_fields() {
            if !allowed.contains(&field) {
                let why = if field == "input" {
                    let reads = if self.kind == KindName::Atr {
                        "high, low and close"
                    } else {
                        "high and low"
                    };
                    format!("{kind_name} reads {reads}, so 'input' does not apply")
                } else {
                    format!(
                        "'{field}' does not apply to {kind_name} (it takes: {})",
                        allowed.join(", ")
                    )
                };
                return Err(SpecError::new(format!("{path}.{field}"), why));
            }
        }
        let count = |v: Option<usize>, field: &str| match v {
            None => Err(SpecError::new(
                path,
                format!(
                    "missing field `{field}` ({kind_name} takes: {})",
                    allowed.join(", ")
                ),
            )),
            // The range (1..=MAX_PERIOD) was checked when the field was read.
            Some(p) => Ok(p),
        };
        let dev = |v: Option<f64>, field: &str, default: f64| match v {
            Some(x) if !(x > 0.0 && x.is_finite()) => Err(SpecError::new(
                format!("{path}.{field}"),
                format!("must be > 0 (standard deviations); got {x}"),
            )),
            Some(x) => Ok(x),
            None => Ok(default),
        };
        let period = || count(self.period, "period");
        let kind = match self.kind {
            KindName::Sma => Kind::Sma { period: period()? },
            KindName::Ema => Kind::Ema { period: period()? },
            KindName::Wma => Kind::Wma { period: period()? },
            KindName::Rsi => Kind::Rsi { period: period()? },
            KindName::Roc => Kind::Roc { period: period()? },
            KindName::Highest => Kind::Highest { period: period()? },
            KindName::Lowest => Kind::Lowest { period: period()? },
            KindName::Atr => Kind::Atr { period: period()? },
            KindName::Donchian => Kind::Donchian { period: period()? },
            KindName::Stddev => Kind::Stddev {
                period: period()?,
                nbdev: dev(self.nbdev, "nbdev", 1.0)?,
            },
            KindName::Bbands => Kind::Bbands {
                period: period()?,
                nbdev_up: dev(self.nbdev_up, "nbdev_up", 2.0)?,
                nbdev_dn: dev(self.nbdev_dn, "nbdev_dn", 2.0)?,
            },
            KindName::Macd => {
                let (fast, slow) = (count(self.fast, "fast")?, count(self.slow, "slow")?);
                let signal = count(self.signal, "signal")?;
                if fast >= slow {
                    return Err(SpecError::new(
                        format!("{path}.fast"),
                        format!("macd fast ({fast}) must be < slow ({slow})"),
                    ));
                }
                Kind::Macd { fast, slow, signal }
            }
        };
        Ok((kind, self.input.clone()))
    }

    fn kind_name(&self) -> &'static str {
        match self.kind {
            KindName::Sma => "sma",
            KindName::Ema => "ema",
            KindName::Wma => "wma",
            KindName::Rsi => "rsi",
            KindName::Roc => "roc",
            KindName::Stddev => "stddev",
            KindName::Highest => "highest",
            KindName::Lowest => "lowest",
            KindName::Atr => "atr",
            KindName::Bbands => "bbands",
            KindName::Macd => "macd",
            KindName::Donchian => "donchian",
        }
    }

    fn present_fields(&self) -> Vec<&'static str> {
        let pairs = [
            ("period", self.period.is_some()),
            ("input", self.input.is_some()),
            ("nbdev", self.nbdev.is_some()),
            ("nbdev_up", self.nbdev_up.is_some()),
            ("nbdev_dn", self.nbdev_dn.is_some()),
            ("fast", self.fast.is_some()),
            ("slow", self.slow.is_some()),
            ("signal", self.signal.is_some()),
        ];
        pairs
            .iter()
            .filter(|(_, on)| *on)
            .map(|(f, _)| *f)
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(json: &str) -> Result<(Kind, Option<String>), SpecError> {
        serde_json::from_str::<RawIndicator>(json)
            .unwrap()
            .validate("indicators.x")
    }

    fn err(json: &str) -> String {
        check(json).unwrap_err().to_string()
    }

    #[test]
    fn defaults_follow_ta_lib() {
        assert_eq!(
            check(r#"{"kind": "bbands", "period": 20}"#).unwrap().0,
            Kind::Bbands {
                period: 20,
                nbdev_up: 2.0,
                nbdev_dn: 2.0
            }
        );
        assert_eq!(
            check(r#"{"kind": "stddev", "period": 5}"#).unwrap().0,
            Kind::Stddev {
                period: 5,
                nbdev: 1.0
            }
        );
    }

    #[test]
    fn lookbacks_follow_ta_lib() {
        let lb = |j: &str| check(j).unwrap().0.lookback();
        assert_eq!(lb(r#"{"kind": "sma", "period": 10}"#), 9);
        assert_eq!(lb(r#"{"kind": "rsi", "period": 14}"#), 14);
        assert_eq!(lb(r#"{"kind": "atr", "period": 14}"#), 14);
        assert_eq!(
            lb(r#"{"kind": "macd", "fast": 12, "slow": 26, "signal": 9}"#),
            33
        );
    }

    #[test]
    fn each_error_names_the_field() {
        assert_eq!(
            err(r#"{"kind": "sma"}"#),
            "indicators.x: missing field `period` (sma takes: period, input)"
        );
        assert_eq!(
            err(r#"{"kind": "sma", "period": 3, "fast": 2}"#),
            "indicators.x.fast: 'fast' does not apply to sma (it takes: period, input)"
        );
        assert_eq!(
            err(r#"{"kind": "atr", "period": 14, "input": "close"}"#),
            "indicators.x.input: atr reads high, low and close, so 'input' does not apply"
        );
        assert_eq!(
            err(r#"{"kind": "macd", "fast": 26, "slow": 12, "signal": 9}"#),
            "indicators.x.fast: macd fast (26) must be < slow (12)"
        );
        assert_eq!(
            err(r#"{"kind": "bbands", "period": 20, "nbdev_dn": -2}"#),
            "indicators.x.nbdev_dn: must be > 0 (standard deviations); got -2"
        );
    }
}
