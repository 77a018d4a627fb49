//! [`SlicePlan`]: where a slice of a series must start, and from which bar on its
//! signals equal those of the whole series (what focused replay needs to evaluate a
//! strategy over short segments of a long series and still get the full run's trades).
//!
//! Every indicator kind falls in one of three classes (see `barstream_indicators::anchor`):
//!
//! | class | kinds | value at bar t depends on | exact on a slice |
//! |---|---|---|---|
//! | window | highest, lowest, donchian, roc, price fields, `prev` | its window only | from its lookback on, bit for bit |
//! | anchored running sum | sma, wma, stddev, bbands | bars since the last anchor's window | from its first anchor on, bit for bit, if the slice starts at a multiple of the stride |
//! | recursive | ema, rsi, atr, macd | all bars, seed weight `(1 - alpha)^t` | after the seed-decay bars: converged (weight < 2^-64), bit-identical on every tested series |
//!
//! A chained indicator is exact once its input is and its own rule above is met on
//! exact inputs; a rule once every column it reads (at its crossover / `prev` shifts) is.

use barstream_indicators::{anchor_stride, seed_decay_bars};

use crate::expr::compile::{NamePart, Resolve};
use crate::signals::ColId;
use crate::spec::indicator::Kind;

/// Where a slice of a series must start and from where its values are exact.
///
/// A slice `bars[s..e]` with `s % align == 0` (`s` counted from the series' first bar)
/// gives, at every slice bar `t >= exact_from` (and so at series bar `s + t`), the same
/// indicator values, signals and ATR-stop ATR as the whole series. A slice starting at
/// 0 is exact everywhere (it is the same computation).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SlicePlan {
    /// Stride in bars that a slice start must be a multiple of: the largest anchor
    /// stride of the strategy's running-sum indicators (strides are powers of two, so
    /// it is a multiple of all of them); 1 without running sums.
    pub align: usize,
    /// Bars from an aligned slice start until every signal (and the ATR of the ATR
    /// stop) equals the whole series'. At least [`crate::Strategy::warmup`]; the larger
    /// of the two below and the warm-up.
    pub exact_from: usize,
    /// Bars from an aligned slice start until every signal equals the whole series'
    /// (the indicators' and rules' part of `exact_from`).
    pub signals_exact_from: usize,
    /// Bars from any slice start (the ATR has no anchors) until the ATR of the ATR stop
    /// equals the whole series'; 0 without an ATR stop.
    pub atr_exact_from: usize,
}

/// Smoothing factors (weight of the new value) of a recursive kind; empty otherwise.
fn alphas(kind: &Kind) -> Vec<f64> {
    let ema = |p: usize| 2.0 / (p as f64 + 1.0);
    match *kind {
        Kind::Ema { period } => vec![ema(period)],
        Kind::Rsi { period } | Kind::Atr { period } => vec![1.0 / period as f64],
        // The macd line converges with its slower EMA, then the signal EMA on it.
        Kind::Macd { slow, signal, .. } => vec![ema(slow), ema(signal)],
        _ => vec![],
    }
}

/// The anchor stride of a running-sum kind; 1 for the others.
pub(crate) fn align(kind: &Kind) -> usize {
    match *kind {
        Kind::Sma { period }
        | Kind::Wma { period }
        | Kind::Stddev { period, .. }
        | Kind::Bbands { period, .. } => anchor_stride(period),
        _ => 1,
    }
}

/// First slice bar (from an aligned start) at which `kind`'s outputs are exact, given
/// that its input is exact from `in_exact` and defined from `in_lookback`.
pub(crate) fn exact_from(kind: &Kind, in_exact: usize, in_lookback: usize) -> usize {
    let own = kind.lookback();
    let stride = align(kind);
    if stride > 1 {
        // Anchors sit at in_lookback + own + j * stride; the first whose window starts
        // on exact input rebuilds the sums from exact values.
        let j = in_exact.saturating_sub(in_lookback).div_ceil(stride);
        return in_lookback + own + j * stride;
    }
    let decay: usize = alphas(kind).into_iter().map(seed_decay_bars).sum();
    in_exact.max(in_lookback) + own + decay
}

/// First bar at which the ATR of the ATR stop (Wilder, `period`) is exact on a slice.
pub(crate) fn atr_stop_exact_from(period: usize) -> usize {
    exact_from(&Kind::Atr { period }, 0, 0)
}

/// A namespace whose "lookback" of a column is its exact-from bar, so the rule
/// lookback traversal (crossover +1, `prev` +k) gives a rule's exact-from bar.
pub(crate) struct ExactFrom<'a, R: Resolve> {
    pub names: &'a R,
    /// Exact-from bar per output column.
    pub columns: &'a [usize],
}

impl<R: Resolve> Resolve for ExactFrom<'_, R> {
    fn resolve(&self, name: &str, output: Option<&str>) -> Result<ColId, (NamePart, String)> {
        self.names.resolve(name, output)
    }

    fn lookback(&self, col: ColId) -> usize {
        match col {
            ColId::Price(_) => 0,
            ColId::Output(c) => self.columns[c],
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn window_kinds_are_exact_from_their_lookback() {
        assert_eq!(exact_from(&Kind::Highest { period: 20 }, 0, 0), 19);
        assert_eq!(exact_from(&Kind::Roc { period: 10 }, 0, 0), 10);
        // Over a recursive input: once the input is exact, one more window.
        assert_eq!(exact_from(&Kind::Highest { period: 5 }, 700, 14), 704);
    }

    #[test]
    fn running_sums_are_exact_from_the_first_anchor_on_exact_input() {
        let sma = Kind::Sma { period: 30 };
        assert_eq!(align(&sma), 256);
        assert_eq!(exact_from(&sma, 0, 0), 29);
        // Input (say an RSI) defined from 14, exact from 700: anchors at 43 + 256 j.
        assert_eq!(exact_from(&sma, 700, 14), 14 + 29 + 3 * 256);
        assert_eq!(exact_from(&sma, 14, 14), 43);
    }

    #[test]
    fn recursive_kinds_add_their_seed_decay() {
        assert_eq!(exact_from(&Kind::Rsi { period: 14 }, 0, 0), 14 + 599);
        assert_eq!(atr_stop_exact_from(14), 14 + 599);
        let macd = Kind::Macd {
            fast: 12,
            slow: 26,
            signal: 9,
        };
        let want = 33 + seed_decay_bars(2.0 / 27.0) + seed_decay_bars(0.2);
        assert_eq!(exact_from(&macd, 0, 0), want);
        // period 1 has no memory.
        assert_eq!(exact_from(&Kind::Ema { period: 1 }, 0, 0), 0);
    }
}
