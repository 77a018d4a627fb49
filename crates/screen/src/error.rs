//! [`ScreenError`]: a problem in a screen spec, at its JSON path.

use std::fmt;

/// A screen spec that failed to parse or validate.
///
/// `path` is the JSON path of the offending value (`features.donchian.period`,
/// `prescreen.min_price`), empty for the document as a whole; `message` says what
/// was expected. `Display` prints `path: message` (or `message` alone at the root).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ScreenError {
    /// JSON path of the offending value, e.g. `prescreen.min_price` (empty at the root).
    pub path: String,
    /// What is wrong and what was expected.
    pub message: String,
}

impl ScreenError {
    /// An error at JSON path `path` (empty = whole document).
    pub fn new(path: impl Into<String>, message: impl Into<String>) -> Self {
        ScreenError {
            path: path.into(),
            message: message.into(),
        }
    }
}

impl fmt::Display for ScreenError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.path.is_empty() {
            write!(f, "{}", self.message)
        } else {
            write!(f, "{}: {}", self.path, self.message)
        }
    }
}

impl std::error::Error for ScreenError {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn display_prefixes_the_path_and_omits_it_at_the_root() {
        assert_eq!(
            ScreenError::new("threshold", "must be > 0").to_string(),
            "threshold: must be > 0"
        );
        assert_eq!(ScreenError::new("", "not JSON").to_string(), "not JSON");
    }
}
