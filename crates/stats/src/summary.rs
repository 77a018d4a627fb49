//! One pass over an equity curve: return moments and drawdown together, without allocating.
//!
//! [`curve_summary`] gives the numbers [`crate::compute`] needs from the curve. The plain
//! functions ([`crate::returns::bar_returns`], [`crate::drawdown::drawdown`], ...) stay the
//! reference definitions; this is the fast path, tested equal to them (tests below and in
//! `lib.rs`). What is bit-identical and what is not:
//! - mean return, downside deviation, peak, max drawdown and the longest drawdown span are
//!   computed with the same operations in the same order, so they are bit-identical;
//! - the sample std cannot be: the reference takes two passes (mean, then squared
//!   deviations). Here it is a shifted-data sum of squares per block of [`BLOCK`] returns,
//!   shifted by the block's first return (Chan, Golub & LeVeque 1983, "Algorithms for computing
//!   the sample variance"), blocks merged with Chan et al.'s pairwise update (1979) in
//!   coordinates shifted by the first return. Shifting by a value of the block bounds the
//!   cancellation to a factor of about `BLOCK`, whatever the level of the returns, where a plain
//!   one-pass sum of squares loses everything when the mean is large against the spread. Tested
//!   within 1e-12 relative of the two-pass value.

use crate::drawdown::DrawdownSpan;

/// Returns per shifted block. Small enough to bound the cancellation (see the module docs),
/// large enough that the per-block merge (3 divisions) costs little per bar.
const BLOCK: usize = 32;

/// What [`curve_summary`] measures on one equity curve.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct CurveSummary {
    /// Number of per-bar returns, `n - 1` (0 for n < 2).
    pub n_returns: usize,
    /// Arithmetic mean of the per-bar returns, a fraction. NaN without returns.
    /// Bit-identical to `moments::mean(&bar_returns(equity))`.
    pub mean_return: f64,
    /// Sample std (ddof 1) of the per-bar returns, a fraction. NaN for fewer than 2 returns.
    /// Within ~1e-13 relative of the two-pass `sample_std(&bar_returns(equity))`.
    pub std_return: f64,
    /// Downside deviation, target 0, over all returns, a fraction. NaN without returns.
    /// Bit-identical to [`crate::returns::downside_deviation`].
    pub downside_deviation: f64,
    /// Highest equity, currency. NaN for n = 0.
    pub equity_peak: f64,
    /// Deepest drawdown, a positive fraction; 0 for an empty or rising curve.
    /// Bit-identical to `max_drawdown(&drawdown(equity))`.
    pub max_drawdown: f64,
    /// Equal to `longest_drawdown(ts, &drawdown(equity))`.
    pub longest_drawdown: DrawdownSpan,
}

/// Return moments and drawdown of an equity curve in one pass, with no per-bar allocation.
///
/// `ts`: bar timestamps, UTC ns, ascending, len n; `equity`: currency per bar, finite and
/// positive, len n. Same definitions as the plain functions: returns `equity[t] / equity[t-1] - 1`
/// ([`crate::returns::bar_returns`]), drawdown `1 - equity[t] / running peak` and the
/// longest episode as [`crate::drawdown::longest_drawdown`] defines it.
///
/// # Panics
/// If `ts.len() != equity.len()`.
pub fn curve_summary(ts: &[i64], equity: &[f64]) -> CurveSummary {
    assert_eq!(
        ts.len(),
        equity.len(),
        "curve_summary: ts and equity lengths differ"
    );
    let n = equity.len();
    let mut dd = DrawdownTracker::new(n);
    if let Some(&e0) = equity.first() {
        dd.push(ts, 0, e0);
    }
    // Plain left-to-right sums, as `Iterator::sum` does (from -0.0, its neutral element), so
    // the mean and the downside deviation are bit-identical to the reference.
    let mut sum = -0.0;
    let mut down_sq = -0.0;
    let mut moments = Moments::default();
    let mut start = 1;
    while start < n {
        let end = (start + BLOCK).min(n);
        let shift = equity[start] / equity[start - 1] - 1.0;
        let (mut s1, mut s2) = (0.0, 0.0);
        for (j, w) in equity[start - 1..end].windows(2).enumerate() {
            let r = w[1] / w[0] - 1.0;
            sum += r;
            let below = r.min(0.0);
            down_sq += below * below;
            let d = r - shift;
            s1 += d;
            s2 += d * d;
            dd.push(ts, start + j, w[1]);
        }
        moments.merge_block((end - start) as f64, shift, s1, s2);
        start = end;
    }
    let n_returns = n.saturating_sub(1);
    let (mean_return, downside_deviation) = if n_returns == 0 {
        (f64::NAN, f64::NAN)
    } else {
        (sum / n_returns as f64, (down_sq / n_returns as f64).sqrt())
    };
    let std_return = if n_returns < 2 {
        f64::NAN
    } else {
        (moments.m2 / (n_returns - 1) as f64).sqrt()
    };
    CurveSummary {
        n_returns,
        mean_return,
        std_return,
        downside_deviation,
        equity_peak: if n == 0 { f64::NAN } else { dd.peak },
        max_drawdown: dd.max_dd,
        longest_drawdown: dd.best,
    }
}

/// Count, mean and sum of squared deviations of the returns merged so far. The mean is kept
/// relative to `origin` (the first block's shift, a return): stored in absolute terms, its
/// rounding (an ulp of the mean level) would swamp a spread much smaller than the mean.
#[derive(Default)]
struct Moments {
    origin: Option<f64>,
    count: f64,
    mean: f64,
    m2: f64,
}

impl Moments {
    /// Merges a block of `count` returns given as sums of `r - shift` (`s1`) and of its square
    /// (`s2`), with the pairwise update of Chan, Golub & LeVeque (1979).
    fn merge_block(&mut self, count: f64, shift: f64, s1: f64, s2: f64) {
        let origin = *self.origin.get_or_insert(shift);
        let block_mean = (shift - origin) + s1 / count;
        // Rounding can take a (near) zero spread a hair below 0.
        let block_m2 = (s2 - s1 * s1 / count).max(0.0);
        let total = self.count + count;
        let delta = block_mean - self.mean;
        self.mean += delta * (count / total);
        self.m2 += block_m2 + delta * delta * (self.count * count / total);
        self.count = total;
    }
}

/// The drawdown state of `drawdown`, `max_drawdown` and `longest_drawdown`, one bar at a time,
/// with their operations in their order.
struct DrawdownTracker {
    n: usize,
    peak: f64,
    max_dd: f64,
    peak_bar: usize,
    under: bool,
    best: DrawdownSpan,
}

impl DrawdownTracker {
    fn new(n: usize) -> Self {
        Self {
            n,
            peak: f64::NEG_INFINITY,
            max_dd: 0.0,
            peak_bar: 0,
            under: false,
            best: DrawdownSpan::default(),
        }
    }

    /// Bar `t` with equity `e`; bars must come in order 0, 1, ..., n - 1.
    #[inline(always)]
    fn push(&mut self, ts: &[i64], t: usize, e: f64) {
        self.peak = self.peak.max(e);
        let dd = 1.0 - e / self.peak;
        self.max_dd = self.max_dd.max(dd);
        let at_peak = dd == 0.0;
        if self.under && (at_peak || t + 1 == self.n) {
            let duration_ns = ts[t] - ts[self.peak_bar];
            if duration_ns > self.best.duration_ns {
                self.best = DrawdownSpan {
                    peak_bar: self.peak_bar,
                    end_bar: t,
                    duration_ns,
                };
            }
        }
        if at_peak {
            self.peak_bar = t;
        }
        self.under = !at_peak;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::drawdown::{drawdown, longest_drawdown, max_drawdown};
    use crate::moments::{mean, sample_std};
    use crate::returns::{bar_returns, downside_deviation};
    use crate::testing::{edge_curves, golden};

    /// The same numbers from the plain, allocating reference functions.
    fn reference(ts: &[i64], equity: &[f64]) -> CurveSummary {
        let r = bar_returns(equity);
        let dd = drawdown(equity);
        CurveSummary {
            n_returns: r.len(),
            mean_return: mean(&r),
            std_return: sample_std(&r),
            downside_deviation: downside_deviation(&r),
            equity_peak: equity.iter().copied().reduce(f64::max).unwrap_or(f64::NAN),
            max_drawdown: max_drawdown(&dd),
            longest_drawdown: longest_drawdown(ts, &dd),
        }
    }

    /// Bit-identical (NaN matching NaN) except the std, within `1e-12` relative.
    fn assert_matches_reference(name: &str, ts: &[i64], equity: &[f64]) {
        let (got, want) = (curve_summary(ts, equity), reference(ts, equity));
        let same = |a: f64, b: f64| a.to_bits() == b.to_bits() || (a.is_nan() && b.is_nan());
        assert_eq!(got.n_returns, want.n_returns, "{name}: n_returns");
        assert!(same(got.mean_return, want.mean_return), "{name}: mean");
        assert!(
            same(got.downside_deviation, want.downside_deviation),
            "{name}: downside deviation"
        );
        assert!(same(got.equity_peak, want.equity_peak), "{name}: peak");
        assert!(same(got.max_drawdown, want.max_drawdown), "{name}: max dd");
        assert_eq!(got.longest_drawdown, want.longest_drawdown, "{name}: span");
        let (s, w) = (got.std_return, want.std_return);
        assert!(
            (s.is_nan() && w.is_nan()) || (s - w).abs() <= 1e-12 * w.abs(),
            "{name}: std {s:e} vs two-pass {w:e}"
        );
    }

    #[test]
    fn curve_summary_equals_plain_functions_on_golden_curve() {
        let g = golden();
        assert_matches_reference("golden", &g.ts, &g.equity);
        // And on every prefix length around the block edges and the last bar.
        for len in [0, 1, 2, 3, BLOCK, BLOCK + 1, BLOCK + 2, 2 * BLOCK + 1, 1000] {
            assert_matches_reference("golden prefix", &g.ts[..len], &g.equity[..len]);
        }
    }

    #[test]
    fn curve_summary_equals_plain_functions_on_edge_curves() {
        for (name, ts, equity) in edge_curves() {
            assert_matches_reference(name, &ts, &equity);
        }
    }

    #[test]
    fn std_keeps_precision_when_mean_dwarfs_spread() {
        // Returns ~1e-3 with a spread of ~1e-10: a plain one-pass sum of squares would lose
        // every digit (mean^2 / var ~ 1e14); the block shift keeps 1e-12.
        let (name, ts, equity) = edge_curves()
            .into_iter()
            .find(|c| c.0 == "steady growth, tiny noise")
            .unwrap();
        let got = curve_summary(&ts, &equity).std_return;
        let want = sample_std(&bar_returns(&equity));
        assert!(want > 0.0 && want < 1e-9, "{name}: spread {want:e}");
        assert!((got - want).abs() <= 1e-12 * want, "{got:e} vs {want:e}");
    }

    #[test]
    #[should_panic(expected = "lengths differ")]
    fn curve_summary_rejects_columns_of_different_length() {
        curve_summary(&[0, 1], &[1.0]);
    }
}
