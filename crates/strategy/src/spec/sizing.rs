//! `sizing`: how large a position each entry opens.

use serde::Deserialize;

use crate::error::SpecError;

/// Position sizing: a mode plus whether quantities are rounded down to whole units.
#[derive(Debug, Clone, PartialEq)]
pub struct SizingSpec {
    /// How the quantity of an entry is chosen.
    pub mode: SizingMode,
    /// Round the quantity down to a whole number of units (shares, contracts).
    pub whole_units: bool,
}

impl Default for SizingSpec {
    /// All equity, fractional units: `{"mode": "fraction", "value": 1.0}`.
    fn default() -> Self {
        SizingSpec {
            mode: SizingMode::Fraction(1.0),
            whole_units: false,
        }
    }
}

/// How an entry's quantity is chosen.
#[derive(Debug, Clone, PartialEq)]
pub enum SizingMode {
    /// Fraction of current equity, in (0, 1]: 1.0 = all equity.
    Fraction(f64),
    /// Fixed quantity in units (shares, contracts), > 0.
    Quantity(f64),
    /// Fixed cash amount in account currency, > 0.
    Cash(f64),
    /// backtesting.py's default `Strategy.buy()` (backtesting.py 0.6.6,
    /// `size=_FULL_EQUITY` = `1 - f64::EPSILON`): the largest whole number of
    /// units that the available margin buys at the commission-adjusted entry price.
    BacktestingPy,
}

/// The JSON form of [`SizingSpec`].
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawSizing {
    mode: ModeName,
    #[serde(default)]
    value: Option<f64>,
    #[serde(default)]
    whole_units: bool,
}

#[derive(Debug, Clone, Copy, Deserialize)]
#[serde(rename_all = "snake_case")]
enum ModeName {
    Fraction,
    Quantity,
    Cash,
    BacktestingPy,
}

impl RawSizing {
    /// Checks the value against the mode.
    ///
    /// # Errors
    /// `sizing.value` missing, out of range, or given for `backtesting_py`.
    pub(crate) fn validate(self) -> Result<SizingSpec, SpecError> {
        let need = |what: &str| match self.value {
            None => Err(SpecError::new(
                "sizing",
                format!("missing field `value` ({what})"),
            )),
            Some(v) => Ok(v),
        };
        let positive = |v: f64, what: &str| {
            if v > 0.0 && v.is_finite() {
                Ok(v)
            } else {
                Err(SpecError::new(
                    "sizing.value",
                    format!("{what} must be > 0; got {v}"),
                ))
            }
        };
        let mode = match self.mode {
            ModeName::Fraction => {
                let v = need("fraction of equity in (0, 1]")?;
                if !(v > 0.0 && v <= 1.0) {
                    return Err(SpecError::new(
                        "sizing.value",
                        format!("fraction of equity must be in (0, 1], 1.0 = all equity; got {v}"),
                    ));
                }
                SizingMode::Fraction(v)
            }
            ModeName::Quantity => {
                SizingMode::Quantity(positive(need("units per entry")?, "quantity")?)
            }
            ModeName::Cash => SizingMode::Cash(positive(need("cash per entry")?, "cash amount")?),
            ModeName::BacktestingPy => {
                if self.value.is_some() {
                    return Err(SpecError::new(
                        "sizing.value",
                        "backtesting_py sizing takes no value (it always buys with all available equity)",
                    ));
                }
                SizingMode::BacktestingPy
            }
        };
        Ok(SizingSpec {
            mode,
            whole_units: self.whole_units,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sizing(json: &str) -> Result<SizingSpec, SpecError> {
        serde_json::from_str::<RawSizing>(json).unwrap().validate()
    }

    #[test]
    fn every_mode_parses_with_its_value() {
        assert_eq!(
            sizing(r#"{"mode": "fraction", "value": 0.5}"#)
                .unwrap()
                .mode,
            SizingMode::Fraction(0.5)
        );
        assert_eq!(
            sizing(r#"{"mode": "quantity", "value": 10}"#).unwrap().mode,
            SizingMode::Quantity(10.0)
        );
        assert_eq!(
            sizing(r#"{"mode": "cash", "value": 5000}"#).unwrap().mode,
            SizingMode::Cash(5000.0)
        );
        let bt = sizing(r#"{"mode": "backtesting_py", "whole_units": true}"#).unwrap();
        assert_eq!(
            bt,
            SizingSpec {
                mode: SizingMode::BacktestingPy,
                whole_units: true
            }
        );
    }

    #[test]
    fn values_out_of_range_or_missing_are_rejected() {
        assert_eq!(
            sizing(r#"{"mode": "fraction", "value": 1.5}"#)
                .unwrap_err()
                .to_string(),
            "sizing.value: fraction of equity must be in (0, 1], 1.0 = all equity; got 1.5"
        );
        assert_eq!(
            sizing(r#"{"mode": "cash"}"#).unwrap_err().to_string(),
            "sizing: missing field `value` (cash per entry)"
        );
        assert_eq!(
            sizing(r#"{"mode": "quantity", "value": 0}"#)
                .unwrap_err()
                .to_string(),
            "sizing.value: quantity must be > 0; got 0"
        );
        assert_eq!(
            sizing(r#"{"mode": "backtesting_py", "value": 1}"#)
                .unwrap_err()
                .path,
            "sizing.value"
        );
    }
}
