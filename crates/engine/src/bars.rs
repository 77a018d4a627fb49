//! Borrowed OHLCV columns of one symbol.

use barstream_strategy::{Bar, BarsRef};

use crate::replay::Ohlc;

/// One symbol's bars, borrowed column by column (zero-copy from the caller).
///
/// Every slice has the same length n; `ts` is strictly increasing.
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

    /// Number of bars n.
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
    /// Returns a message naming the first column whose length differs from `close`.
    pub fn check_lengths(&self) -> Result<(), String> {
        let n = self.close.len();
        let cols = [
            ("ts", self.ts.len()),
            ("open", self.open.len()),
            ("high", self.high.len()),
            ("low", self.low.len()),
            ("volume", self.volume.len()),
        ];
        for (name, len) in cols {
            if len != n {
                return Err(format!("column '{name}' has {len} values, close has {n}"));
            }
        }
        Ok(())
    }
}
