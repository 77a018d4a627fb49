//! [`SpecError`]: the one error type of the crate, a location plus a message.

use std::fmt;

use crate::expr::Span;

/// A strategy spec that failed to parse or validate.
///
/// - `path`: where the problem is. For JSON structure and value errors it is the
///   JSON path of the offending value (`indicators.fast.period`, `risk.stop_loss`,
///   `sizing.value`); for rule expressions it is the rule name (`entry_long`); it is
///   empty when the problem is the document as a whole.
/// - `message`: what is wrong, naming the fix where there is one. For rule
///   expressions it ends with the rule text and a caret line under the offending
///   characters (the caret's offset is the column), e.g.
///   `unknown name 'fsat' (known: fast, slow, open, high, low, close, volume)\n  crossover(fsat, slow)\n            ^^^^`.
///
/// `Display` prints `path: message` (or only `message` when `path` is empty).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SpecError {
    /// JSON path of the offending value, e.g. `indicators.fast.period` (empty at the root).
    pub path: String,
    /// What is wrong and what was expected.
    pub message: String,
}

impl SpecError {
    /// An error at JSON path `path` (empty = whole document).
    pub(crate) fn new(path: impl Into<String>, message: impl Into<String>) -> Self {
        SpecError {
            path: path.into(),
            message: message.into(),
        }
    }

    /// An error inside the expression of rule `rule`: `message`, then the rule
    /// text indented by two spaces, then carets under `span` (char offsets).
    pub(crate) fn in_rule(
        rule: &str,
        source: &str,
        span: Span,
        message: impl fmt::Display,
    ) -> Self {
        // Newlines/tabs would break the caret alignment; show them as spaces.
        let shown: String = source
            .chars()
            .map(|c| if c.is_whitespace() { ' ' } else { c })
            .collect();
        let width = span.end.saturating_sub(span.start).max(1);
        SpecError {
            path: rule.to_string(),
            message: format!(
                "{message}\n  {shown}\n  {}{}",
                " ".repeat(span.start),
                "^".repeat(width)
            ),
        }
    }
}

impl fmt::Display for SpecError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.path.is_empty() {
            write!(f, "{}", self.message)
        } else {
            write!(f, "{}: {}", self.path, self.message)
        }
    }
}

impl std::error::Error for SpecError {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn display_prefixes_the_path_and_omits_it_at_the_root() {
        assert_eq!(
            SpecError::new("risk.stop_loss", "must be in (0, 1)").to_string(),
            "risk.stop_loss: must be in (0, 1)"
        );
        assert_eq!(SpecError::new("", "not JSON").to_string(), "not JSON");
    }

    #[test]
    fn rule_errors_put_carets_under_the_span() {
        let e = SpecError::in_rule("exit_long", "a >\tb", Span { start: 4, end: 5 }, "bad");
        assert_eq!(e.to_string(), "exit_long: bad\n  a > b\n      ^");
    }
}
