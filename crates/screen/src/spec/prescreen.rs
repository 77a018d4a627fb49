//! `prescreen`: rules that drop symbols before any feature is computed.
//!
//! The metadata rules (symbols, market cap, sector) are applied by the caller
//! (TypeScript, over the metadata file); the bar rules compare the per-symbol
//! metrics of [`crate::prescreen`] with these thresholds. Every rule is optional.

use std::collections::BTreeMap;

use barstream_indicators::deserialize_period;
use serde::{Deserialize, Serialize};

use crate::error::ScreenError;

/// Pre-screen rules. Prices and dollar volumes are in the data's quote currency.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct PrescreenSpec {
    /// Symbol rules: include list, exclude list, regular expression.
    #[serde(default)]
    pub symbols: Option<SymbolRules>,
    /// Minimum market cap (metadata `Market Cap`), currency, >= 0.
    #[serde(default)]
    pub min_market_cap: Option<f64>,
    /// Per-sector minimums, keyed by the metadata `Sector` text.
    #[serde(default)]
    pub sectors: Option<BTreeMap<String, SectorRules>>,
    /// Minimum last close at the reference bar, > 0.
    #[serde(default)]
    pub min_price: Option<f64>,
    /// Minimum average daily dollar volume (sum of close x volume per UTC day)
    /// over `dollar_volume_days` days, >= 0.
    #[serde(default)]
    pub min_avg_dollar_volume: Option<f64>,
    /// Maximum daily volatility: sample standard deviation of the last
    /// `volatility_days` day-over-day close returns (fraction, 0.02 = 2%), > 0.
    #[serde(default)]
    pub max_volatility: Option<f64>,
    /// Maximum of last close / average daily dollar volume (= 1 / average daily
    /// share volume), > 0.
    #[serde(default)]
    pub max_price_to_dollar_volume: Option<f64>,
    /// Days (UTC dates with bars) averaged for the dollar volume. Default 20, in
    /// `1..=MAX_PERIOD` (checked when read: the metric keeps that many days).
    #[serde(default = "default_days", deserialize_with = "deserialize_period")]
    pub dollar_volume_days: usize,
    /// Daily returns in the volatility. Default 20 (needs 21 days of closes), in
    /// `2..=MAX_PERIOD`.
    #[serde(default = "default_days", deserialize_with = "deserialize_period")]
    pub volatility_days: usize,
}

fn default_days() -> usize {
    20
}

impl Default for PrescreenSpec {
    fn default() -> Self {
        PrescreenSpec {
            symbols: None,
            min_market_cap: None,
            sectors: None,
            min_price: None,
            min_avg_dollar_volume: None,
            max_volatility: None,
            max_price_to_dollar_volume: None,
            dollar_volume_days: default_days(),
            volatility_days: default_days(),
        }
    }
}

/// Symbol rules, applied in this order: `include` (only these), `exclude`, `pattern`.
#[derive(Debug, Clone, PartialEq, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct SymbolRules {
    #[serde(default)]
    /// Only these symbols (exact names), if given.
    pub include: Option<Vec<String>>,
    #[serde(default)]
    /// Never these symbols (exact names), if given.
    pub exclude: Option<Vec<String>>,
    /// A JavaScript regular expression the whole symbol must match (`^[A-Z]+$`).
    #[serde(default)]
    pub pattern: Option<String>,
}

/// Minimums for the symbols of one sector (on top of the global ones).
#[derive(Debug, Clone, PartialEq, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct SectorRules {
    #[serde(default)]
    /// Minimum market capitalisation, currency.
    pub min_market_cap: Option<f64>,
    #[serde(default)]
    /// Minimum average daily dollar volume (close x volume), currency.
    pub min_avg_dollar_volume: Option<f64>,
}

impl PrescreenSpec {
    /// True when a rule needs the bars (not only the metadata).
    pub fn needs_bars(&self) -> bool {
        self.min_price.is_some()
            || self.min_avg_dollar_volume.is_some()
            || self.max_volatility.is_some()
            || self.max_price_to_dollar_volume.is_some()
            || self
                .sectors
                .as_ref()
                .is_some_and(|s| s.values().any(|r| r.min_avg_dollar_volume.is_some()))
    }

    /// Checks every range.
    ///
    /// # Errors
    /// The first value out of range, at its JSON path (`prescreen.min_price`).
    pub fn validate(&self) -> Result<(), ScreenError> {
        let at_least_zero = |v: Option<f64>, path: String| match v {
            Some(x) if !(x >= 0.0 && x.is_finite()) => Err(ScreenError::new(
                path,
                format!("must be a finite number >= 0; got {x}"),
            )),
            _ => Ok(()),
        };
        let positive = |v: Option<f64>, path: &str| match v {
            Some(x) if !(x > 0.0 && x.is_finite()) => Err(ScreenError::new(
                format!("prescreen.{path}"),
                format!("must be a finite number > 0; got {x}"),
            )),
            _ => Ok(()),
        };
        at_least_zero(self.min_market_cap, "prescreen.min_market_cap".into())?;
        positive(self.min_price, "min_price")?;
        at_least_zero(
            self.min_avg_dollar_volume,
            "prescreen.min_avg_dollar_volume".into(),
        )?;
        positive(self.max_volatility, "max_volatility")?;
        positive(
            self.max_price_to_dollar_volume,
            "max_price_to_dollar_volume",
        )?;
        if self.dollar_volume_days == 0 {
            return Err(ScreenError::new(
                "prescreen.dollar_volume_days",
                "must be >= 1",
            ));
        }
        if self.volatility_days < 2 {
            return Err(ScreenError::new(
                "prescreen.volatility_days",
                format!(
                    "must be >= 2 (a standard deviation of returns); got {}",
                    self.volatility_days
                ),
            ));
        }
        for (name, r) in self.sectors.iter().flatten() {
            if name.trim().is_empty() {
                return Err(ScreenError::new(
                    "prescreen.sectors",
                    "a sector name is empty",
                ));
            }
            at_least_zero(
                r.min_market_cap,
                format!("prescreen.sectors.{name}.min_market_cap"),
            )?;
            at_least_zero(
                r.min_avg_dollar_volume,
                format!("prescreen.sectors.{name}.min_avg_dollar_volume"),
            )?;
        }
        if let Some(s) = &self.symbols {
            if s.pattern.as_deref().is_some_and(|p| p.is_empty()) {
                return Err(ScreenError::new(
                    "prescreen.symbols.pattern",
                    "must not be empty",
                ));
            }
        }
        Ok(())
    }
}
