//! [`Error`]: the one error type of the engine's batch APIs, naming symbol, row and field.

use std::fmt;

/// Why bars, a batch or a setting were refused. `Display` names where and what, e.g.
/// `"MSFT row 3: ts 2018-01-04T00:00:00Z is not after the previous bar's
/// 2018-01-04T00:00:00Z"` or `"slippage must be a number in [0, 0.5], got 0.9"`.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// A bar or a column of bars is invalid.
    #[error("{}{field} {message}", Where { symbol, symbol_index, row })]
    InvalidBar {
        /// Name of the symbol, when known (see [`Error::with_symbols`]).
        symbol: Option<String>,
        /// Index of the symbol in its batch (0-based), when the bars were a batch.
        symbol_index: Option<usize>,
        /// Row (0-based) within the symbol's bars, when one row is at fault.
        row: Option<usize>,
        /// The column: `ts`, `open`, `high`, `low`, `close`, `volume` or `offsets`.
        field: &'static str,
        /// What is wrong and what was expected, e.g. `is NaN; expected a finite number`.
        message: String,
    },
    /// The columns of a set of bars differ in length.
    #[error("column '{column}' has {len} values, close has {expected}")]
    ColumnLength {
        /// The column that differs: `ts`, `open`, `high`, `low`, `volume` or `symbol`.
        column: &'static str,
        /// Its length.
        len: usize,
        /// The length of `close` (the bar count n).
        expected: usize,
    },
    /// A setting is out of range or inconsistent with another.
    #[error("{field} {message}")]
    InvalidConfig {
        /// The setting as the user names it, e.g. `risk.stop_loss`, `evalFromTs`.
        field: String,
        /// What is wrong and what was expected, e.g. `must be a fraction in (0, 1), got 2`.
        message: String,
    },
    /// A strategy spec (or one sweep combination's) is invalid; the message names the
    /// spec's JSON path.
    #[error("{message}")]
    InvalidSpec {
        /// The spec error's text.
        message: String,
    },
    /// An input that goes with a batch (one entry per symbol) does not fit it.
    #[error("{field} {message}")]
    InvalidInput {
        /// The input as the caller names it, e.g. `windows`, `emitFrom`.
        field: String,
        /// What is wrong and what was expected.
        message: String,
    },
}

/// The `"<symbol> row <r>: "` prefix of an [`Error::InvalidBar`] (empty when neither is known).
struct Where<'a> {
    symbol: &'a Option<String>,
    symbol_index: &'a Option<usize>,
    row: &'a Option<usize>,
}

impl fmt::Display for Where<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (self.symbol, self.symbol_index) {
            (Some(name), _) => write!(f, "{name}")?,
            (None, Some(i)) => write!(f, "symbol #{i}")?,
            (None, None) => {}
        }
        let named = self.symbol.is_some() || self.symbol_index.is_some();
        match (named, self.row) {
            (true, Some(r)) => write!(f, " row {r}: "),
            (false, Some(r)) => write!(f, "row {r}: "),
            (true, None) => write!(f, ": "),
            (false, None) => Ok(()),
        }
    }
}

impl Error {
    /// An [`Error::InvalidConfig`] for `field`.
    pub fn config(field: impl Into<String>, message: impl Into<String>) -> Error {
        Error::InvalidConfig {
            field: field.into(),
            message: message.into(),
        }
    }

    /// An [`Error::InvalidInput`] for `field`.
    pub fn input(field: impl Into<String>, message: impl Into<String>) -> Error {
        Error::InvalidInput {
            field: field.into(),
            message: message.into(),
        }
    }

    /// The batch index of the symbol at fault, if the error names one.
    pub fn symbol_index(&self) -> Option<usize> {
        match self {
            Error::InvalidBar { symbol_index, .. } => *symbol_index,
            _ => None,
        }
    }

    /// This error with the symbol's name filled in from `names` (the batch's symbols,
    /// index -> name) when it names a symbol by index only. Other errors are unchanged.
    #[must_use]
    pub fn with_symbols(self, names: &[String]) -> Error {
        match self {
            Error::InvalidBar {
                symbol: None,
                symbol_index: Some(i),
                row,
                field,
                message,
            } => Error::InvalidBar {
                symbol: names.get(i).cloned(),
                symbol_index: Some(i),
                row,
                field,
                message,
            },
            other => other,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn bar(symbol: Option<&str>, symbol_index: Option<usize>, row: Option<usize>) -> Error {
        Error::InvalidBar {
            symbol: symbol.map(str::to_owned),
            symbol_index,
            row,
            field: "close",
            message: "is NaN; expected a finite number".into(),
        }
    }

    #[test]
    fn invalid_bar_names_symbol_row_and_field() {
        assert_eq!(
            bar(Some("AAPL"), Some(0), Some(1042)).to_string(),
            "AAPL row 1042: close is NaN; expected a finite number"
        );
        assert_eq!(
            bar(None, Some(2), Some(5)).to_string(),
            "symbol #2 row 5: close is NaN; expected a finite number"
        );
        assert_eq!(
            bar(None, None, Some(5)).to_string(),
            "row 5: close is NaN; expected a finite number"
        );
        assert_eq!(
            bar(None, Some(2), None).to_string(),
            "symbol #2: close is NaN; expected a finite number"
        );
        assert_eq!(
            bar(None, None, None).to_string(),
            "close is NaN; expected a finite number"
        );
    }

    #[test]
    fn with_symbols_fills_the_name_from_the_index() {
        let names = ["AAPL", "MSFT", "NVDA"].map(String::from);
        let e = bar(None, Some(2), Some(7)).with_symbols(&names);
        assert_eq!(e.symbol_index(), Some(2));
        assert!(e.to_string().starts_with("NVDA row 7: close"), "{e}");
        let c = Error::config("slippage", "must be a number in [0, 0.5], got 0.9");
        assert_eq!(c.clone().with_symbols(&names), c);
        assert_eq!(
            c.to_string(),
            "slippage must be a number in [0, 0.5], got 0.9"
        );
    }
}
