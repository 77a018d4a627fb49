//! `risk`: protective exits attached to every position.

use serde::Deserialize;

use crate::error::SpecError;

/// Risk exits; every field optional (absent = not used). Fractions are of the
/// position's entry price: `stop_loss: 0.05` exits a long 5% below entry.
#[derive(Debug, Clone, PartialEq, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RiskSpec {
    /// Stop loss distance, fraction of entry price, in (0, 1).
    #[serde(default)]
    pub stop_loss: Option<f64>,
    /// Take profit distance, fraction of entry price, > 0 (above 1 only for long-only
    /// strategies: see [`RiskSpec::validate_sides`]).
    #[serde(default)]
    pub take_profit: Option<f64>,
    /// Trailing stop distance from the best price since entry, fraction, in (0, 1).
    #[serde(default)]
    pub trailing_stop: Option<f64>,
    /// Stop at `multiple` x ATR(`period`) from entry (ATR: Wilder 1978, TA-Lib).
    #[serde(default)]
    pub atr_stop: Option<AtrStopSpec>,
    /// Time exit: close the position after this many bars held, > 0.
    #[serde(default)]
    pub max_bars: Option<u32>,
}

/// ATR stop: distance = `multiple` x ATR(`period`) in price units.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AtrStopSpec {
    /// ATR period in bars, in `1..=MAX_PERIOD` (checked when read).
    #[serde(deserialize_with = "barstream_indicators::deserialize_period")]
    pub period: usize,
    /// Multiple of ATR, > 0 and finite.
    pub multiple: f64,
}

impl RiskSpec {
    /// Checks what depends on the sides traded: with `shorts` (the strategy has an
    /// `entry_short` rule) the take profit must be below 1, since a short's target is
    /// `entry x (1 - take_profit)` and would sit at or below zero, a price never reached.
    /// A long's target `entry x (1 + take_profit)` is fine at any size (1.5 = +150%).
    ///
    /// # Errors
    /// `risk.take_profit` when it is >= 1 and `shorts`.
    pub fn validate_sides(&self, shorts: bool) -> Result<(), SpecError> {
        match self.take_profit {
            Some(x) if shorts && x >= 1.0 => Err(SpecError::new(
                "risk.take_profit",
                format!(
                    "must be below 1 when the strategy goes short (entry_short): a short's target \
                     is entry x (1 - take_profit), at or below zero for {x}; values above 1 are for \
                     long-only strategies"
                ),
            )),
            _ => Ok(()),
        }
    }

    /// Checks every range.
    ///
    /// # Errors
    /// The first field out of range, at its JSON path (`risk.stop_loss`, ...).
    pub fn validate(&self) -> Result<(), SpecError> {
        let unit = |v: Option<f64>, field: &str| match v {
            Some(x) if !(x > 0.0 && x < 1.0) => Err(SpecError::new(
                format!("risk.{field}"),
                format!("must be a fraction of the entry price in (0, 1), e.g. 0.05 = 5%; got {x}"),
            )),
            _ => Ok(()),
        };
        unit(self.stop_loss, "stop_loss")?;
        unit(self.trailing_stop, "trailing_stop")?;
        if let Some(x) = self.take_profit {
            if !(x > 0.0 && x.is_finite()) {
                return Err(SpecError::new(
                    "risk.take_profit",
                    format!("must be a fraction of the entry price > 0, e.g. 0.10 = 10%; got {x}"),
                ));
            }
        }
        if let Some(a) = &self.atr_stop {
            if !(a.multiple > 0.0 && a.multiple.is_finite()) {
                return Err(SpecError::new(
                    "risk.atr_stop.multiple",
                    format!("must be > 0; got {}", a.multiple),
                ));
            }
        }
        if self.max_bars == Some(0) {
            return Err(SpecError::new(
                "risk.max_bars",
                "must be > 0 (bars held before the time exit)",
            ));
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(json: &str) -> Result<(), SpecError> {
        serde_json::from_str::<RiskSpec>(json).unwrap().validate()
    }

    #[test]
    fn take_profit_above_one_is_for_long_only_strategies() {
        let r: RiskSpec = serde_json::from_str(r#"{"take_profit": 1.5}"#).unwrap();
        r.validate().unwrap();
        r.validate_sides(false).unwrap();
        let e = r.validate_sides(true).unwrap_err();
        assert_eq!(e.path, "risk.take_profit");
        assert!(e
            .to_string()
            .contains("below 1 when the strategy goes short"));
        let r: RiskSpec = serde_json::from_str(r#"{"take_profit": 0.99}"#).unwrap();
        r.validate_sides(true).unwrap();
    }

    #[test]
    fn accepts_the_documented_example() {
        check(
            r#"{"stop_loss": 0.05, "take_profit": 0.10, "trailing_stop": 0.03,
                  "atr_stop": {"period": 14, "multiple": 3.0}, "max_bars": 20}"#,
        )
        .unwrap();
        check("{}").unwrap();
    }

    #[test]
    fn rejects_out_of_range_values_at_their_path() {
        let e = check(r#"{"stop_loss": 5}"#).unwrap_err();
        assert_eq!(
            e.to_string(),
            "risk.stop_loss: must be a fraction of the entry price in (0, 1), e.g. 0.05 = 5%; got 5"
        );
        assert_eq!(
            check(r#"{"trailing_stop": 0}"#).unwrap_err().path,
            "risk.trailing_stop"
        );
        assert_eq!(
            check(r#"{"take_profit": -0.1}"#).unwrap_err().path,
            "risk.take_profit"
        );
        assert_eq!(
            check(r#"{"atr_stop": {"period": 14, "multiple": 0}}"#)
                .unwrap_err()
                .path,
            "risk.atr_stop.multiple"
        );
        assert_eq!(
            check(r#"{"max_bars": 0}"#).unwrap_err().path,
            "risk.max_bars"
        );
    }
}
