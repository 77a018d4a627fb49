//! Inputs and outputs of evaluation: borrowed OHLCV columns in, signal columns out.

/// Borrowed OHLCV columns of one symbol, oldest bar first. Every slice has the
/// same length n (one value per bar); prices in quote currency, volume in units.
#[derive(Debug, Clone, Copy)]
pub struct BarsRef<'a> {
    pub open: &'a [f64],
    pub high: &'a [f64],
    pub low: &'a [f64],
    pub close: &'a [f64],
    pub volume: &'a [f64],
}

impl<'a> BarsRef<'a> {
    /// Number of bars n.
    ///
    /// # Panics
    /// If the five columns do not all have the same length.
    pub fn len(&self) -> usize {
        let n = self.close.len();
        let lens = [
            self.open.len(),
            self.high.len(),
            self.low.len(),
            self.volume.len(),
        ];
        assert!(
            lens.iter().all(|&l| l == n),
            "BarsRef: columns differ in length (open, high, low, close, volume) = ({}, {}, {}, {n}, {})",
            lens[0],
            lens[1],
            lens[2],
            lens[3]
        );
        n
    }

    /// True when there are no bars.
    ///
    /// # Panics
    /// As [`BarsRef::len`].
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The column of one price field.
    pub fn field(&self, f: PriceField) -> &'a [f64] {
        match f {
            PriceField::Open => self.open,
            PriceField::High => self.high,
            PriceField::Low => self.low,
            PriceField::Close => self.close,
            PriceField::Volume => self.volume,
        }
    }
}

/// One bar's OHLCV values (the streaming counterpart of [`BarsRef`]): prices in quote
/// currency, volume in units.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Bar {
    /// First trade of the bar.
    pub open: f64,
    /// Highest trade.
    pub high: f64,
    /// Lowest trade.
    pub low: f64,
    /// Last trade.
    pub close: f64,
    /// Units traded (0 when the source has none).
    pub volume: f64,
}

impl Bar {
    /// The value of one price field.
    #[inline]
    pub fn field(&self, f: PriceField) -> f64 {
        match f {
            PriceField::Open => self.open,
            PriceField::High => self.high,
            PriceField::Low => self.low,
            PriceField::Close => self.close,
            PriceField::Volume => self.volume,
        }
    }
}

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
    pub entry_long: Vec<bool>,
    pub exit_long: Vec<bool>,
    pub entry_short: Vec<bool>,
    pub exit_short: Vec<bool>,
}

/// One OHLCV field, as named in specs: `open high low close volume`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PriceField {
    Open,
    High,
    Low,
    Close,
    Volume,
}

impl PriceField {
    /// All fields in the order they are listed in messages.
    pub const ALL: [PriceField; 5] = [
        PriceField::Open,
        PriceField::High,
        PriceField::Low,
        PriceField::Close,
        PriceField::Volume,
    ];

    /// The spec name of the field.
    pub fn name(self) -> &'static str {
        match self {
            PriceField::Open => "open",
            PriceField::High => "high",
            PriceField::Low => "low",
            PriceField::Close => "close",
            PriceField::Volume => "volume",
        }
    }

    /// The field called `name`, if any.
    pub fn parse(name: &str) -> Option<PriceField> {
        PriceField::ALL.into_iter().find(|f| f.name() == name)
    }
}

/// A column a rule or an indicator can read: a price field or the k-th indicator
/// output (in definition order, multi-output indicators taking several slots).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum ColId {
    Price(PriceField),
    Output(usize),
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    #[should_panic(expected = "columns differ in length")]
    fn len_rejects_ragged_columns() {
        let a = [1.0, 2.0];
        let b = [1.0];
        let bars = BarsRef {
            open: &a,
            high: &a,
            low: &b,
            close: &a,
            volume: &a,
        };
        bars.len();
    }

    #[test]
    fn price_field_names_round_trip() {
        for f in PriceField::ALL {
            assert_eq!(PriceField::parse(f.name()), Some(f));
        }
        assert_eq!(PriceField::parse("adj_close"), None);
    }
}
