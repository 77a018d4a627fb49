//! Outputs of evaluation: signal columns (and one bar's signals), and the column ids
//! rules read. The bars going in are `barstream_model`'s [`BarsRef`] and [`Bar`].

use barstream_model::PriceField;
#[cfg(doc)]
use barstream_model::{Bar, BarsRef};

/// The four rule outcomes at one bar's close (the streaming counterpart of
/// [`Signals`]): true where the rule is known true.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct BarSignals {
    /// Open a long (reverses a short).
    pub entry_long: bool,
    /// Close a long.
    pub exit_long: bool,
    /// Open a short (reverses a long).
    pub entry_short: bool,
    /// Close a short.
    pub exit_short: bool,
}

/// Signal columns, each len n (one flag per bar, aligned with the bars). A flag at
/// bar t is decided from data at or before t's close. An absent rule is all false.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Signals {
    /// Open a long (reverses a short), len n.
    pub entry_long: Vec<bool>,
    /// Close a long, len n.
    pub exit_long: Vec<bool>,
    /// Open a short (reverses a long), len n.
    pub entry_short: Vec<bool>,
    /// Close a short, len n.
    pub exit_short: Vec<bool>,
}

/// A column a rule or an indicator can read: a price field or the k-th indicator
/// output (in definition order, multi-output indicators taking several slots).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum ColId {
    Price(PriceField),
    Output(usize),
}
