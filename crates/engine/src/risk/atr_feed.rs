//! The ATR the ATR stop reads, computed on demand inside the replay loop.
//!
//! The ATR stop takes Wilder's ATR at the bar whose close decides an entry, so the replay
//! reads it only at those bars. Instead of a whole ATR column (an allocation, a NaN
//! prefill, a finiteness pass and a lookup per bar), [`AtrFeed`] advances the
//! incremental [`barstream_indicators::Atr`] from the last bar it reached up to the bar
//! asked for, and never runs past the last entry decision.
//!
//! `Atr` performs the batch `barstream_indicators::atr` arithmetic in the same order (the
//! seed summed from 0.0 over the first `period` true ranges then divided, then the
//! three-step Wilder recurrence; a non-finite bar restarts the warm-up), so the values
//! are bit-identical (tested on real data in `crates/engine/tests/risk_fast_path.rs`).

use barstream_indicators::Atr;

/// Wilder's ATR over `high`, `low`, `close` (price, each len n), advanced lazily.
#[derive(Debug, Clone)]
pub struct AtrFeed<'a> {
    high: &'a [f64],
    low: &'a [f64],
    close: &'a [f64],
    atr: Atr,
    /// Index of the next bar to feed.
    next: usize,
    /// ATR after bar `next - 1`, NaN in warm-up or before the first bar.
    value: f64,
}

impl<'a> AtrFeed<'a> {
    /// A feed of ATR(`period`) over the three columns (price, each len n).
    ///
    /// # Panics
    /// If `period == 0` or the columns differ in length.
    pub fn new(high: &'a [f64], low: &'a [f64], close: &'a [f64], period: usize) -> Self {
        assert!(
            high.len() == close.len() && low.len() == close.len(),
            "AtrFeed: high, low and close must have the same length"
        );
        AtrFeed {
            high,
            low,
            close,
            atr: Atr::new(period),
            next: 0,
            value: f64::NAN,
        }
    }

    /// ATR (price units) at bar `t`: equal to `barstream_indicators::atr(high, low, close,
    /// period)[t]`, NaN in warm-up and around non-finite bars.
    ///
    /// # Panics
    /// If `t` is past the columns' end, or earlier than the bar of a previous call (the
    /// feed only moves forward).
    #[inline]
    pub fn at(&mut self, t: usize) -> f64 {
        assert!(
            t + 1 >= self.next,
            "AtrFeed: bar {t} asked after bar {}",
            self.next - 1
        );
        if self.next <= t {
            let (a, b) = (self.next, t + 1);
            self.value = self
                .atr
                .advance(&self.high[a..b], &self.low[a..b], &self.close[a..b])
                .unwrap_or(f64::NAN);
            self.next = b;
        }
        self.value
    }
}

/// Where the replay reads the ATR for the ATR stop at an entry decision.
#[derive(Debug, Clone)]
pub enum AtrSource<'a> {
    /// No ATR stop configured: always NaN.
    None,
    /// A precomputed column, len >= n (e.g. focused replay's slices, exact from a
    /// longer warm-up).
    Column(&'a [f64]),
    /// Computed on demand from the replayed bars.
    Feed(AtrFeed<'a>),
}

impl AtrSource<'_> {
    /// ATR at bar `t` (price units, NaN when none or warming up); `t` never decreases
    /// between calls.
    ///
    /// # Panics
    /// As [`AtrFeed::at`], or if `t` is past a column's end.
    #[inline]
    pub fn at(&mut self, t: usize) -> f64 {
        match self {
            AtrSource::None => f64::NAN,
            AtrSource::Column(c) => c[t],
            AtrSource::Feed(f) => f.at(t),
        }
    }
}
