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
    /// text indented by two spaces, then carets under `span` (char offsets). A rule longer
    /// than [`SpecError::EXCERPT`] chars is shown as an excerpt around the span, cut ends
    /// marked `...`, and the message says where the span starts (`(at char 128 of 8009)`),
    /// so that a 10 MB rule gives a short error.
    pub(crate) fn in_rule(
        rule: &str,
        source: &str,
        span: Span,
        message: impl fmt::Display,
    ) -> Self {
        // Newlines/tabs would break the caret alignment; show them as spaces.
        let shown: Vec<char> = source
            .chars()
            .map(|c| if c.is_whitespace() { ' ' } else { c })
            .collect();
        let len = shown.len();
        let (from, to, at) = if len <= Self::EXCERPT {
            (0, len, String::new())
        } else {
            // A little context before the span, the rest after it.
            let from = span.start.saturating_sub(Self::EXCERPT / 4).min(len);
            let to = (from + Self::EXCERPT).min(len);
            (from, to, format!(" (at char {} of {len})", span.start))
        };
        let head = if from > 0 { "..." } else { "" };
        let tail = if to < len { "..." } else { "" };
        let excerpt: String = shown[from..to].iter().collect();
        let caret_at = head.len() + span.start.saturating_sub(from);
        // Carets stop at the end of the excerpt (plus the end-of-rule position).
        let width = span
            .end
            .min(to + 1)
            .saturating_sub(span.start.max(from))
            .max(1);
        SpecError {
            path: rule.to_string(),
            message: format!(
                "{message}{at}\n  {head}{excerpt}{tail}\n  {}{}",
                " ".repeat(caret_at),
                "^".repeat(width)
            ),
        }
    }

    /// The longest rule (chars) an error message shows whole.
    pub const EXCERPT: usize = 120;
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

    #[test]
    fn a_long_rule_is_shown_as_an_excerpt_around_the_span() {
        let rule = format!("{}x{}", "(".repeat(500), ")".repeat(9_500));
        let e = SpecError::in_rule(
            "entry_long",
            &rule,
            Span {
                start: 128,
                end: 129,
            },
            "deep",
        );
        let lines: Vec<&str> = e.message.lines().collect();
        assert_eq!(lines[0], "deep (at char 128 of 10001)");
        assert_eq!(lines[1], format!("  ...{}...", "(".repeat(120)));
        assert_eq!(lines[2], format!("  {}^", " ".repeat(3 + 30)));
        // At the end of the rule: no tail marker, the caret one past the last char.
        let e = SpecError::in_rule(
            "x",
            &rule,
            Span {
                start: 10_001,
                end: 10_002,
            },
            "end",
        );
        let lines: Vec<&str> = e.message.lines().collect();
        assert_eq!(lines[1], format!("  ...{}", ")".repeat(30)));
        assert_eq!(lines[2], format!("  {}^", " ".repeat(3 + 30)));
    }
}
