//! Bars: the columnar layout of one symbol ([`Bars`], [`BarsRef`]) and one bar
//! ([`Bar`], [`Ohlc`]), with the names of the OHLCV fields ([`PriceField`]).
//!
//! Prices are in quote currency, volume in units traded, times in UTC nanoseconds
//! (i64, see [`crate::UnixNanos`]).

use crate::error::Error;

/// One symbol's bars, borrowed column by column (zero-copy from the caller).
///
/// Every slice has the same length n; `ts` is strictly increasing (checked by
/// [`crate::Batch::validate`], not here).
#[derive(Debug, Clone, Copy)]
pub struct Bars<'a> {
    /// Bar open time, i64 UTC nanoseconds, len n.
    pub ts: &'a [i64],
    /// Open price per bar, len n.
    pub open: &'a [f64],
    /// High price per bar, len n.
    pub high: &'a [f64],
    /// Low price per bar, len n.
    pub low: &'a [f64],
    /// Close price per bar, len n.
    pub close: &'a [f64],
    /// Volume per bar (units traded; 0 when the source has none), len n.
    pub volume: &'a [f64],
}

impl<'a> Bars<'a> {
    /// The price and volume columns as the strategy reads them (no timestamps).
    pub fn view(&self) -> BarsRef<'a> {
        BarsRef {
            open: self.open,
            high: self.high,
            low: self.low,
            close: self.close,
            volume: self.volume,
        }
    }

    /// Number of bars n (the length of `close`).
    pub fn len(&self) -> usize {
        self.close.len()
    }

    /// True when there are no bars.
    pub fn is_empty(&self) -> bool {
        self.close.is_empty()
    }

    /// Bar `t`'s prices, as the replay step reads them.
    ///
    /// # Panics
    /// If `t >= self.len()`.
    #[inline]
    pub fn ohlc(&self, t: usize) -> Ohlc {
        Ohlc {
            open: self.open[t],
            high: self.high[t],
            low: self.low[t],
            close: self.close[t],
        }
    }

    /// Bar `t`'s OHLCV, as the streaming strategy reads it.
    ///
    /// # Panics
    /// If `t >= self.len()`.
    #[inline]
    pub fn bar(&self, t: usize) -> Bar {
        Bar {
            open: self.open[t],
            high: self.high[t],
            low: self.low[t],
            close: self.close[t],
            volume: self.volume[t],
        }
    }

    /// The sub-range `start..end` of every column.
    ///
    /// # Panics
    /// Panics if `start > end` or `end > self.len()`.
    pub fn slice(&self, start: usize, end: usize) -> Bars<'a> {
        Bars {
            ts: &self.ts[start..end],
            open: &self.open[start..end],
            high: &self.high[start..end],
            low: &self.low[start..end],
            close: &self.close[start..end],
            volume: &self.volume[start..end],
        }
    }

    /// Checks that all columns have the same length.
    ///
    /// # Errors
    /// [`Error::ColumnLength`] for the first column whose length differs from `close`.
    pub fn check_lengths(&self) -> Result<(), Error> {
        let n = self.close.len();
        let cols = [
            ("ts", self.ts.len()),
            ("open", self.open.len()),
            ("high", self.high.len()),
            ("low", self.low.len()),
            ("volume", self.volume.len()),
        ];
        for (column, len) in cols {
            if len != n {
                return Err(Error::ColumnLength {
                    column,
                    len,
                    expected: n,
                });
            }
        }
        Ok(())
    }
}

/// Borrowed OHLCV columns of one symbol without times, oldest bar first, as the
/// strategy's vectorised evaluation reads them. Every slice has the same length n.
#[derive(Debug, Clone, Copy)]
pub struct BarsRef<'a> {
    /// Open price per bar, quote currency, len n.
    pub open: &'a [f64],
    /// High price per bar, quote currency, len n.
    pub high: &'a [f64],
    /// Low price per bar, quote currency, len n.
    pub low: &'a [f64],
    /// Close price per bar, quote currency, len n.
    pub close: &'a [f64],
    /// Volume per bar, units, len n.
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

    /// The column of one price field, len n.
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

/// One bar's prices (quote currency), as the replay step reads them.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Ohlc {
    /// First trade of the bar.
    pub open: f64,
    /// Highest trade.
    pub high: f64,
    /// Lowest trade.
    pub low: f64,
    /// Last trade.
    pub close: f64,
}

impl From<Bar> for Ohlc {
    #[inline]
    fn from(b: Bar) -> Self {
        Ohlc {
            open: b.open,
            high: b.high,
            low: b.low,
            close: b.close,
        }
    }
}

/// One OHLCV field, as named in specs and messages: `open high low close volume`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PriceField {
    /// The bar's first trade price.
    Open,
    /// The bar's highest trade price.
    High,
    /// The bar's lowest trade price.
    Low,
    /// The bar's last trade price.
    Close,
    /// Units traded in the bar.
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

    #[test]
    fn check_lengths_names_the_short_column() {
        let a = [1.0, 2.0];
        let ts = [1, 2];
        let bars = Bars {
            ts: &ts,
            open: &a,
            high: &a,
            low: &a,
            close: &a,
            volume: &a[..1],
        };
        let e = bars.check_lengths().unwrap_err();
        assert_eq!(e.to_string(), "column 'volume' has 1 values, close has 2");
    }
}
