//! [`Batch`]: the bars of k symbols in one set of columns, and its validation.

use crate::bars::Bars;
use crate::error::Error;
use crate::time::UnixNanos;

/// A batch of symbols laid out column by column: symbol i owns rows
/// `offsets[i]..offsets[i+1]` of every column of `bars`.
#[derive(Debug, Clone, Copy)]
pub struct Batch<'a> {
    /// All rows of all symbols, sorted by symbol then time (`ts` UTC ns), len n.
    pub bars: Bars<'a>,
    /// Row offsets, len k+1, non-decreasing, first 0, last n.
    pub offsets: &'a [usize],
}

impl<'a> Batch<'a> {
    /// Number of symbols k.
    pub fn symbols(&self) -> usize {
        self.offsets.len().saturating_sub(1)
    }

    /// Symbol `i`'s bars: rows `offsets[i]..offsets[i+1]`.
    ///
    /// # Panics
    /// If `i >= self.symbols()` or the offsets are out of range (see [`Batch::validate`]).
    pub fn symbol_bars(&self, i: usize) -> Bars<'a> {
        self.bars.slice(self.offsets[i], self.offsets[i + 1])
    }

    /// Checks column lengths, offsets and that each symbol's timestamps strictly increase.
    ///
    /// Errors name the symbol by its index in the batch and the row within that symbol's
    /// bars (0-based); [`Error::with_symbols`] puts in the symbol's name.
    ///
    /// # Errors
    /// - [`Error::ColumnLength`] when a column's length differs from `close`'s;
    /// - [`Error::InvalidInput`] (`offsets`) when the offsets do not start at 0 and end at
    ///   the row count;
    /// - [`Error::InvalidBar`] (`offsets`) naming the symbol whose end offset is before its
    ///   start, or (`ts`) naming the symbol and row whose time is not after the previous
    ///   row's.
    pub fn validate(&self) -> Result<(), Error> {
        self.bars.check_lengths()?;
        let n = self.bars.len();
        if self.offsets.first() != Some(&0) || self.offsets.last() != Some(&n) {
            return Err(Error::input(
                "offsets",
                format!("must start at 0 and end at the row count {n}"),
            ));
        }
        for (i, w) in self.offsets.windows(2).enumerate() {
            if w[0] > w[1] {
                return Err(Error::InvalidBar {
                    symbol: None,
                    symbol_index: Some(i),
                    row: None,
                    field: "offsets",
                    message: format!(
                        "decrease: the symbol starts at row {} and ends at {}",
                        w[0], w[1]
                    ),
                });
            }
            let ts = &self.bars.ts[w[0]..w[1]];
            if let Some(j) = ts.windows(2).position(|p| p[1] <= p[0]) {
                return Err(Error::InvalidBar {
                    symbol: None,
                    symbol_index: Some(i),
                    row: Some(j + 1),
                    field: "ts",
                    message: format!(
                        "{} is not after the previous bar's {} (bar times must strictly increase)",
                        UnixNanos(ts[j + 1]),
                        UnixNanos(ts[j])
                    ),
                });
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const DAY: i64 = 86_400_000_000_000;

    /// Bars at times `ts` whose open, high, low, close and volume are all `px`.
    fn one_price<'a>(ts: &'a [i64], px: &'a [f64]) -> Bars<'a> {
        Bars {
            ts,
            open: px,
            high: px,
            low: px,
            close: px,
            volume: px,
        }
    }

    #[test]
    fn validate_names_the_failing_symbol_and_row_not_the_first() {
        // Three symbols of 3 bars; the third repeats its second bar's time at row 2.
        let ts = [0, DAY, 2 * DAY, 0, DAY, 2 * DAY, 0, DAY, DAY];
        let px = [1.0; 9];
        let offsets = [0, 3, 6, 9];
        let batch = Batch {
            bars: one_price(&ts, &px),
            offsets: &offsets,
        };
        let e = batch.validate().unwrap_err();
        assert_eq!(e.symbol_index(), Some(2));
        let names = ["AAPL", "MSFT", "NVDA"].map(String::from);
        assert_eq!(
            e.with_symbols(&names).to_string(),
            "NVDA row 2: ts 1970-01-02T00:00:00Z is not after the previous bar's \
             1970-01-02T00:00:00Z (bar times must strictly increase)"
        );
    }

    #[test]
    fn validate_refuses_offsets_that_do_not_cover_the_rows() {
        let ts = [0, 1];
        let px = [1.0; 2];
        let bars = one_price(&ts, &px);
        let e = Batch {
            bars,
            offsets: &[0, 1],
        }
        .validate()
        .unwrap_err();
        assert_eq!(
            e.to_string(),
            "offsets must start at 0 and end at the row count 2"
        );
        let e = Batch {
            bars,
            offsets: &[0, 2, 1, 2],
        }
        .validate()
        .unwrap_err();
        assert_eq!(e.symbol_index(), Some(1));
        assert!(
            e.to_string().starts_with("symbol #1: offsets decrease"),
            "{e}"
        );
    }

    #[test]
    fn symbol_bars_is_the_symbols_rows() {
        let ts = [5, 6, 7];
        let px = [1.0, 2.0, 3.0];
        let b = Batch {
            bars: one_price(&ts, &px),
            offsets: &[0, 1, 3],
        };
        assert!(b.validate().is_ok());
        assert_eq!(b.symbols(), 2);
        assert_eq!(b.symbol_bars(1).ts, &[6, 7]);
    }
}
