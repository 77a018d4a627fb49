//! The backtest settings a person sets (CLI flags, `runBacktest` options, the binding's
//! config object): name, flag, default, allowed range or choices and meaning, in one
//! table. [`ReplayConfig::validate`] and the conversion from user settings
//! ([`BacktestSettings::to_replay_config`]) check against this table, so the CLI, the
//! programmatic API and the engine refuse the same values with the same message:
//! `--<flag>: expected <range>, got <value>`.
//!
//! Commission and slippage are fractions in the half-open range [0, 0.5). The engine
//! accepted 0.5 while the CLI refused it; the CLI's rule is the one kept: a 50 % fee or
//! slippage per fill is never a real cost but a unit mistake (percent typed as a
//! fraction), so the bound stays below it, and tightening the engine refuses nothing the
//! CLI ever let through.
//!
//! Sizing and risk exits are not here: they come from the strategy spec, which checks
//! them itself (`barstream_strategy`), and [`ReplayConfig::validate`] re-checks them.

use crate::config::{AmbiguityPolicy, CloseAtEnd, Commission, FillTiming, ReplayConfig};
use barstream_model::Error;

/// The values a setting accepts.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum SettingRange {
    /// A finite number `lo <= x` (or `lo < x` when `!lo_inclusive`) and `x < hi` (or
    /// `x <= hi` when `hi_inclusive`); `hi` infinite means no upper bound.
    Number {
        /// Lower bound.
        lo: f64,
        /// Whether `lo` itself is allowed.
        lo_inclusive: bool,
        /// Upper bound (`f64::INFINITY`: none).
        hi: f64,
        /// Whether `hi` itself is allowed.
        hi_inclusive: bool,
    },
    /// A whole number in `lo..=hi`.
    Integer {
        /// Smallest allowed.
        lo: u64,
        /// Largest allowed.
        hi: u64,
    },
    /// One of these names.
    Choice(&'static [&'static str]),
}

/// A setting's default.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum SettingDefault {
    /// A number.
    Number(f64),
    /// A name (for choices).
    Text(&'static str),
    /// Decided at run time (e.g. threads: all cores).
    Auto,
}

/// One user-facing setting.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct SettingDef {
    /// Key in the JS settings object (camelCase), e.g. `commissionFixed`.
    pub key: &'static str,
    /// CLI flag without the dashes, e.g. `commission-fixed`.
    pub flag: &'static str,
    /// Default when not given.
    pub default: SettingDefault,
    /// Accepted values.
    pub range: SettingRange,
    /// The accepted values in words, as error messages and `--help` show them.
    pub expected: &'static str,
    /// One-line meaning with units.
    pub description: &'static str,
}

const fn number(lo: f64, lo_inclusive: bool, hi: f64, hi_inclusive: bool) -> SettingRange {
    SettingRange::Number {
        lo,
        lo_inclusive,
        hi,
        hi_inclusive,
    }
}

/// Fill timing names, in [`FillTiming`] order.
pub const FILL_NAMES: &[&str] = &["next_open", "same_close"];
/// Ambiguity policy names, in [`AmbiguityPolicy`] order.
pub const AMBIGUITY_NAMES: &[&str] = &["stop_first", "target_first"];
/// Close-at-end names, in [`CloseAtEnd`] order.
pub const CLOSE_AT_END_NAMES: &[&str] = &["none", "last_close", "last_open"];

/// Every backtest setting that is an engine rule. (Batch size, bad-row policy and progress
/// are TypeScript's: loading and display, not the engine's arithmetic.)
pub const BACKTEST_SETTINGS: &[SettingDef] = &[
    SettingDef {
        key: "cash",
        flag: "cash",
        default: SettingDefault::Number(10_000.0),
        range: number(0.0, false, f64::INFINITY, false),
        expected: "a positive number",
        description: "Starting cash per symbol, account currency.",
    },
    SettingDef {
        key: "commission",
        flag: "commission",
        default: SettingDefault::Number(0.0),
        range: number(0.0, true, 0.5, false),
        expected: "a fraction in [0, 0.5), e.g. 0.002 for 0.2%",
        description: "Commission per fill, fraction of the fill's notional (0.002 = 0.2%).",
    },
    SettingDef {
        key: "commissionFixed",
        flag: "commission-fixed",
        default: SettingDefault::Number(0.0),
        range: number(0.0, true, f64::INFINITY, false),
        expected: "a non-negative amount",
        description: "Fixed commission per order, account currency.",
    },
    SettingDef {
        key: "slippage",
        flag: "slippage",
        default: SettingDefault::Number(0.0),
        range: number(0.0, true, 0.5, false),
        expected: "a fraction in [0, 0.5), e.g. 0.0005 for 5 bp",
        description: "Adverse slippage per market fill, fraction of price (0.0005 = 5 bp); take-profit (limit) fills get none.",
    },
    SettingDef {
        key: "fill",
        flag: "fill",
        default: SettingDefault::Text("next_open"),
        range: SettingRange::Choice(FILL_NAMES),
        expected: "next_open or same_close",
        description: "When a signal's order fills: the next bar's open (no look-ahead) or the signal bar's own close (opt-in).",
    },
    SettingDef {
        key: "ambiguity",
        flag: "ambiguity",
        default: SettingDefault::Text("stop_first"),
        range: SettingRange::Choice(AMBIGUITY_NAMES),
        expected: "stop_first or target_first",
        description: "Which fills when one bar's range holds both the stop and the target level.",
    },
    SettingDef {
        key: "closeAtEnd",
        flag: "close-at-end",
        default: SettingDefault::Text("none"),
        range: SettingRange::Choice(CLOSE_AT_END_NAMES),
        expected: "none, last_close or last_open",
        description: "A position still open after the last bar: none leaves it open (marked at the last close, listed apart, in no trade statistic); last_close or last_open closes it there as a market order (last_open = backtesting.py's finalize_trades=True).",
    },
    SettingDef {
        key: "threads",
        flag: "threads",
        default: SettingDefault::Auto,
        range: SettingRange::Integer {
            lo: 1,
            hi: u32::MAX as u64,
        },
        expected: "a positive integer",
        description: "Worker threads for the symbols of a batch; default all cores.",
    },
    SettingDef {
        key: "window",
        flag: "window",
        default: SettingDefault::Number(20.0),
        range: SettingRange::Integer { lo: 0, hi: 1_000_000 },
        expected: "a whole number of bars in [0, 1000000]",
        description: "Focused replay: bars on each side of a candidate (its window is 2 * window + 1 bars).",
    },
];

/// The definition of setting `key` (camelCase).
///
/// # Panics
/// If `key` is not in [`BACKTEST_SETTINGS`] (a programming error in this crate).
pub fn setting(key: &str) -> &'static SettingDef {
    BACKTEST_SETTINGS
        .iter()
        .find(|d| d.key == key)
        .unwrap_or_else(|| panic!("no backtest setting '{key}'"))
}

impl SettingDef {
    /// `--<flag>: expected <expected>, got <got>`.
    pub fn refuse(&self, got: impl std::fmt::Display) -> Error {
        Error::config(
            format!("--{}:", self.flag),
            format!("expected {}, got {got}", self.expected),
        )
    }

    /// Checks a number against this setting's range.
    ///
    /// # Errors
    /// [`SettingDef::refuse`]'s message when `v` is outside the range (or not finite).
    pub fn check_number(&self, v: f64) -> Result<f64, Error> {
        let ok = match self.range {
            SettingRange::Number {
                lo,
                lo_inclusive,
                hi,
                hi_inclusive,
            } => {
                v.is_finite()
                    && (if lo_inclusive { v >= lo } else { v > lo })
                    && (if hi_inclusive { v <= hi } else { v < hi })
            }
            SettingRange::Integer { lo, hi } => {
                v.fract() == 0.0 && v >= lo as f64 && v <= hi as f64
            }
            SettingRange::Choice(_) => false,
        };
        if ok {
            Ok(v)
        } else {
            Err(self.refuse(v))
        }
    }

    /// Index of `name` among this setting's choices.
    ///
    /// # Errors
    /// [`SettingDef::refuse`]'s message (the value quoted) when `name` is not a choice.
    pub fn check_choice(&self, name: &str) -> Result<usize, Error> {
        match self.range {
            SettingRange::Choice(names) => names
                .iter()
                .position(|n| *n == name)
                .ok_or_else(|| self.refuse(format!("\"{name}\""))),
            _ => Err(self.refuse(format!("\"{name}\""))),
        }
    }

    /// The default as a number (NaN for a name or a run-time default).
    pub fn default_number(&self) -> f64 {
        match self.default {
            SettingDefault::Number(x) => x,
            _ => f64::NAN,
        }
    }
}

/// Backtest settings as a person gives them: every field optional (absent = the
/// default of [`BACKTEST_SETTINGS`]). Units as there.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct BacktestSettings {
    /// Starting cash per symbol, currency.
    pub cash: Option<f64>,
    /// Commission per fill, fraction of notional.
    pub commission: Option<f64>,
    /// Fixed commission per order, currency.
    pub commission_fixed: Option<f64>,
    /// Slippage, fraction of price.
    pub slippage: Option<f64>,
    /// `next_open` or `same_close`.
    pub fill: Option<String>,
    /// `stop_first` or `target_first`.
    pub ambiguity: Option<String>,
    /// `none`, `last_close` or `last_open`.
    pub close_at_end: Option<String>,
    /// Worker threads, >= 1.
    pub threads: Option<u32>,
}

impl BacktestSettings {
    /// The replay settings (default sizing and no risk exits: those come from the
    /// strategy, see [`crate::run::config_for`]) with defaults applied, every value
    /// checked.
    ///
    /// # Errors
    /// The first refused value, as `--<flag>: expected <range>, got <value>`.
    pub fn to_replay_config(&self) -> Result<ReplayConfig, Error> {
        let num = |key: &str, v: Option<f64>| {
            let d = setting(key);
            d.check_number(v.unwrap_or_else(|| d.default_number()))
        };
        let fill = match self.fill.as_deref() {
            None => FillTiming::default(),
            Some(s) => {
                [FillTiming::NextOpen, FillTiming::SameClose][setting("fill").check_choice(s)?]
            }
        };
        let ambiguity = match self.ambiguity.as_deref() {
            None => AmbiguityPolicy::default(),
            Some(s) => [AmbiguityPolicy::StopFirst, AmbiguityPolicy::TargetFirst]
                [setting("ambiguity").check_choice(s)?],
        };
        let close_at_end = match self.close_at_end.as_deref() {
            None => CloseAtEnd::default(),
            Some(s) => [
                CloseAtEnd::None,
                CloseAtEnd::LastClose,
                CloseAtEnd::LastOpen,
            ][setting("closeAtEnd").check_choice(s)?],
        };
        if let Some(t) = self.threads {
            setting("threads").check_number(f64::from(t))?;
        }
        let cfg = ReplayConfig {
            initial_cash: num("cash", self.cash)?,
            commission: Commission {
                fraction: num("commission", self.commission)?,
                fixed: num("commissionFixed", self.commission_fixed)?,
            },
            slippage: num("slippage", self.slippage)?,
            fill,
            ambiguity,
            close_at_end,
            ..ReplayConfig::default()
        };
        cfg.validate()?;
        Ok(cfg)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn commission_of_one_half_is_refused_naming_the_flag_and_range() {
        let s = BacktestSettings {
            commission: Some(0.5),
            ..Default::default()
        };
        assert_eq!(
            s.to_replay_config().unwrap_err().to_string(),
            "--commission: expected a fraction in [0, 0.5), e.g. 0.002 for 0.2%, got 0.5"
        );
        let ok = BacktestSettings {
            commission: Some(0.4999),
            ..Default::default()
        };
        assert_eq!(ok.to_replay_config().unwrap().commission.fraction, 0.4999);
    }

    #[test]
    fn replay_config_validate_uses_the_same_rules() {
        let cfg = ReplayConfig {
            commission: Commission {
                fraction: 0.5,
                fixed: 0.0,
            },
            ..ReplayConfig::default()
        };
        assert!(cfg
            .validate()
            .unwrap_err()
            .to_string()
            .starts_with("--commission: "));
        let cfg = ReplayConfig {
            initial_cash: 0.0,
            ..ReplayConfig::default()
        };
        assert_eq!(
            cfg.validate().unwrap_err().to_string(),
            "--cash: expected a positive number, got 0"
        );
    }

    #[test]
    fn absent_settings_take_the_schema_defaults() {
        let cfg = BacktestSettings::default().to_replay_config().unwrap();
        assert_eq!(cfg, ReplayConfig::default());
        assert_eq!(
            cfg.initial_cash,
            setting("cash").default_number(),
            "ReplayConfig::default and the schema agree"
        );
    }

    #[test]
    fn choices_and_threads_are_checked_with_the_value_quoted() {
        let s = BacktestSettings {
            fill: Some("tomorrow".into()),
            ..Default::default()
        };
        assert_eq!(
            s.to_replay_config().unwrap_err().to_string(),
            "--fill: expected next_open or same_close, got \"tomorrow\""
        );
        let s = BacktestSettings {
            threads: Some(0),
            ..Default::default()
        };
        assert_eq!(
            s.to_replay_config().unwrap_err().to_string(),
            "--threads: expected a positive integer, got 0"
        );
        let s = BacktestSettings {
            ambiguity: Some("target_first".into()),
            fill: Some("same_close".into()),
            ..Default::default()
        };
        let cfg = s.to_replay_config().unwrap();
        assert_eq!(cfg.ambiguity, AmbiguityPolicy::TargetFirst);
        assert_eq!(cfg.fill, FillTiming::SameClose);
    }

    #[test]
    fn every_default_lies_in_its_own_range() {
        for d in BACKTEST_SETTINGS {
            match d.default {
                SettingDefault::Number(x) => assert!(d.check_number(x).is_ok(), "{}", d.key),
                SettingDefault::Text(t) => assert!(d.check_choice(t).is_ok(), "{}", d.key),
                SettingDefault::Auto => {}
            }
        }
    }
}
