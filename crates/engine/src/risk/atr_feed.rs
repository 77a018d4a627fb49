//! The ATR the ATR stop reads, computed inside the replay loop.
//!
//! The ATR stop takes Wilder's ATR at the bar whose close decides an entry. Computing it
//! as a separate column costs an allocation, a NaN prefill, a finiteness pass, and above
//! all time: Wilder's recurrence is one serial multiply-add-divide chain per bar, so a
//! pass of its own waits on that chain's latency. [`AtrFeed`] advances the recurrence one
//! bar per replay step instead, where the processor overlaps the chain with the step's
//! other work (the `risk_exit_overhead` gate, all five exits vs none in CPU time: +4..28%
//! with the feed, +39..57% with the column; docs/benchmarks.md).
//!
//! Values are bit-identical to the batch `barstream_indicators::atr`: warm-up and any
//! restart after a non-finite price go through the incremental
//! [`barstream_indicators::Atr`] (the batch arithmetic in the same order); once warm the
//! feed runs `Atr::update`'s Wilder step itself (`value * (period - 1)`, `+ TR`, `/ period`,
//! three roundings, no fused multiply-add) on plain fields. Tested against the batch
//! column on real data with gaps in `crates/engine/tests/risk_fast_path.rs`.

use barstream_indicators::{true_range, Atr};

/// Wilder's ATR(period), fed one bar at a time with the prices the replay step reads.
#[derive(Debug, Clone)]
pub struct AtrFeed {
    /// Warm-up and restarts (its state is stale while `warm`; only a non-finite bar,
    /// which resets it, sends work back to it).
    atr: Atr,
    /// ATR after the last bar fed; NaN in warm-up or before the first bar.
    value: f64,
    /// Close of the last bar fed (used while `warm`).
    prev_close: f64,
    /// True once `value` is a number: bars are then fed by the Wilder step here.
    warm: bool,
    /// `period - 1` and `period` as f64.
    keep: f64,
    period: f64,
}

impl AtrFeed {
    /// A feed of ATR(`period`).
    ///
    /// # Panics
    /// If `period == 0`.
    pub fn new(period: usize) -> Self {
        AtrFeed {
            atr: Atr::new(period),
            value: f64::NAN,
            prev_close: f64::NAN,
            warm: false,
            keep: (period - 1) as f64,
            period: period as f64,
        }
    }

    /// Feeds the next bar (price) and returns the ATR at it (price units): fed bars
    /// 0..=t, it equals `barstream_indicators::atr(high, low, close, period)[t]` bit for
    /// bit, NaN in warm-up and around non-finite bars.
    #[inline]
    pub fn update(&mut self, high: f64, low: f64, close: f64) -> f64 {
        // A finite sum implies three finite prices (cheap screen); the exact test only
        // runs for a non-finite sum (a non-finite price, or an overflowing sum).
        let finite = (high + low + close).is_finite()
            || (high.is_finite() && low.is_finite() && close.is_finite());
        if self.warm && finite {
            let mut v = self.value;
            v *= self.keep;
            v += true_range(high, low, self.prev_close);
            v /= self.period;
            self.value = v;
        } else {
            // Warm-up, or a non-finite bar (resets `atr`, ending a warm stretch).
            self.value = self.atr.update(high, low, close).unwrap_or(f64::NAN);
            self.warm = !self.value.is_nan();
        }
        self.prev_close = close;
        self.value
    }
}
