//! One pass over an equity curve: return moments and drawdown together, without allocating.
//!
//! [`curve_summary`] gives the numbers [`crate::compute`] needs from the curve. The plain
//! functions ([`crate::returns::bar_returns`], [`crate::drawdown::drawdown`], ...) stay the
//! reference definitions; this is the fast path, tested equal to them (tests below and in
//! `lib.rs`). What is bit-identical and what is not:
//! - mean return, downside deviation, peak and the longest drawdown span are computed with the
//!   same operations in the same order, so they are bit-identical; so is the max drawdown,
//!   whose per-bar division is skipped for bars strictly under a positive peak where monotone
//!   rounding makes the deepest of them exactly the one of their lowest equity
//!   (`DrawdownTracker::push`);
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

impl CurveSummary {
    /// True when every field of `self` and `other` is the same: floats compared by their bits
    /// (so NaN equals NaN and 0.0 differs from -0.0). For parity tests of fast paths.
    pub fn bit_eq(&self, other: &CurveSummary) -> bool {
        let floats = |c: &CurveSummary| {
            [
                c.mean_return,
                c.std_return,
                c.downside_deviation,
                c.equity_peak,
                c.max_drawdown,
            ]
            .map(f64::to_bits)
        };
        floats(self) == floats(other)
            && (self.n_returns, self.longest_drawdown) == (other.n_returns, other.longest_drawdown)
    }
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
    let mut acc = CurveAccumulator::new(ts);
    acc.push_slice(equity);
    acc.finish()
}

/// [`curve_summary`] fed piece by piece: runs of bars (`push_slice`) and runs that repeat the
/// last value (`push_flat`, O(1) per [`BLOCK`] bars instead of a division per bar). Any split of
/// a curve into such pieces gives the same bits as [`curve_summary`] on the whole curve: the
/// accumulator performs the same operations in the same order, and a repeated value's return
/// is exactly 0 and its drawdown exactly the previous bar's, so they are not recomputed.
/// Used to summarise a curve that is flat between known bars (focused replay) without
/// touching the flat bars.
pub struct CurveAccumulator<'a> {
    ts: &'a [i64],
    /// Bars pushed so far.
    t: usize,
    /// Last equity pushed.
    last: f64,
    dd: DrawdownTracker,
    // Plain left-to-right sums, as `Iterator::sum` does (from -0.0, its neutral element), so
    // the mean and the downside deviation are bit-identical to the reference.
    sum: f64,
    down_sq: f64,
    moments: Moments,
    /// The open block of returns: first bar, shift, shifted sums.
    block_start: usize,
    shift: f64,
    s1: f64,
    s2: f64,
}

impl<'a> CurveAccumulator<'a> {
    /// An accumulator for a curve over the bars `ts` (UTC ns, ascending, len n).
    pub fn new(ts: &'a [i64]) -> Self {
        CurveAccumulator {
            ts,
            t: 0,
            last: f64::NAN,
            dd: DrawdownTracker::new(ts.len()),
            sum: -0.0,
            down_sq: -0.0,
            moments: Moments::default(),
            block_start: 1,
            shift: 0.0,
            s1: 0.0,
            s2: 0.0,
        }
    }

    /// Bars pushed so far.
    pub fn len(&self) -> usize {
        self.t
    }

    /// The last value pushed; `None` before the first bar.
    pub fn last(&self) -> Option<f64> {
        (self.t > 0).then_some(self.last)
    }

    /// True before the first bar.
    pub fn is_empty(&self) -> bool {
        self.t == 0
    }

    /// The next `values.len()` bars.
    ///
    /// # Panics
    /// If more than n bars are pushed in total.
    pub fn push_slice(&mut self, values: &[f64]) {
        assert!(
            self.t + values.len() <= self.ts.len(),
            "CurveAccumulator: more bars than timestamps"
        );
        let mut rest = values;
        if self.t == 0 {
            let Some((&e0, tail)) = rest.split_first() else {
                return;
            };
            self.dd.push(self.ts, 0, e0);
            self.last = e0;
            self.t = 1;
            rest = tail;
        }
        while !rest.is_empty() {
            let take = self.open_block(rest[0] / self.last - 1.0, rest.len());
            // The running sums in locals for the loop (registers, not stores through self).
            let (mut sum, mut down_sq, mut s1, mut s2) = (self.sum, self.down_sq, self.s1, self.s2);
            let (shift, t0, ts) = (self.shift, self.t, self.ts);
            let mut dd = self.dd;
            let mut prev = self.last;
            for (j, &e) in rest[..take].iter().enumerate() {
                let r = e / prev - 1.0;
                sum += r;
                let below = r.min(0.0);
                down_sq += below * below;
                let d = r - shift;
                s1 += d;
                s2 += d * d;
                dd.push(ts, t0 + j, e);
                prev = e;
            }
            (self.sum, self.down_sq, self.s1, self.s2) = (sum, down_sq, s1, s2);
            self.dd = dd;
            self.last = prev;
            self.advance(take);
            rest = &rest[take..];
        }
    }

    /// The next `k` bars, each equal to the last bar pushed (a flat stretch of the curve).
    ///
    /// # Panics
    /// Before the first bar, or if more than n bars are pushed in total.
    pub fn push_flat(&mut self, k: usize) {
        if k == 0 {
            return;
        }
        assert!(
            self.t > 0,
            "CurveAccumulator: push_flat before the first bar"
        );
        assert!(
            self.t + k <= self.ts.len(),
            "CurveAccumulator: more bars than timestamps"
        );
        // Each return is exactly 0.0 (e / e - 1): adding it to a sum changes at most the sign
        // of a zero, once.
        self.sum += 0.0;
        self.down_sq += 0.0;
        self.dd.flat(self.ts, self.t, self.t + k - 1);
        let mut left = k;
        while left > 0 {
            let take = self.open_block(0.0, left);
            let zero = |x: f64| x.to_bits() == 0;
            if zero(self.shift) && zero(self.s1) && zero(self.s2) {
                // d = 0 - 0 = +0: the shifted sums stay exactly +0.
            } else {
                let d = 0.0 - self.shift;
                for _ in 0..take {
                    self.s1 += d;
                    self.s2 += d * d;
                }
            }
            self.advance(take);
            left -= take;
        }
    }

    /// Starts a block when the next bar opens one (`first_return` is that bar's return);
    /// returns how many of the next `available` bars belong to the open block.
    #[inline]
    fn open_block(&mut self, first_return: f64, available: usize) -> usize {
        if self.t == self.block_start {
            self.shift = first_return;
            self.s1 = 0.0;
            self.s2 = 0.0;
        }
        let end = (self.block_start + BLOCK).min(self.ts.len());
        (end - self.t).min(available)
    }

    /// Counts `take` bars of the open block; merges it when it is full or the curve ends.
    #[inline]
    fn advance(&mut self, take: usize) {
        self.t += take;
        let end = (self.block_start + BLOCK).min(self.ts.len());
        if self.t == end {
            self.moments.merge_block(
                (end - self.block_start) as f64,
                self.shift,
                self.s1,
                self.s2,
            );
            self.block_start = end;
        }
    }

    /// The summary of the bars pushed (all n of them for the whole curve's figures).
    pub fn finish(self) -> CurveSummary {
        let n = self.t;
        let n_returns = n.saturating_sub(1);
        let (mean_return, downside_deviation) = if n_returns == 0 {
            (f64::NAN, f64::NAN)
        } else {
            (
                self.sum / n_returns as f64,
                (self.down_sq / n_returns as f64).sqrt(),
            )
        };
        let std_return = if n_returns < 2 {
            f64::NAN
        } else {
            (self.moments.m2 / (n_returns - 1) as f64).sqrt()
        };
        CurveSummary {
            n_returns,
            mean_return,
            std_return,
            downside_deviation,
            equity_peak: if n == 0 { f64::NAN } else { self.dd.peak },
            max_drawdown: self.dd.max_drawdown(),
            longest_drawdown: self.dd.best,
        }
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
#[derive(Clone, Copy)]
struct DrawdownTracker {
    n: usize,
    peak: f64,
    /// Deepest drawdown settled so far; [`DrawdownTracker::max_drawdown`] adds `low`.
    max_dd: f64,
    /// Lowest equity of the bars since the peak last moved whose drawdown is not yet in
    /// `max_dd` (+inf when none); see [`DrawdownTracker::push`].
    low: f64,
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
            low: f64::INFINITY,
            peak_bar: 0,
            under: false,
            best: DrawdownSpan::default(),
        }
    }

    /// Bar `t` with equity `e`; bars must come in order 0, 1, ..., n - 1.
    ///
    /// A bar strictly under a positive peak (`0 < e < peak`) that is not the last one only
    /// lowers `low`: its drawdown `1 - e / peak` is > 0 (so it is not at the peak) and, for a
    /// fixed positive divisor, correctly rounded division and subtraction are monotone, so the
    /// deepest of those drawdowns is exactly `1 - low / peak`, taken once when the peak moves
    /// or the drawdown is read. Same bits as dividing on every bar, without the division.
    /// Every other bar takes the plain per-bar path.
    #[inline(always)]
    fn push(&mut self, ts: &[i64], t: usize, e: f64) {
        if e > 0.0 && e < self.peak && t + 1 != self.n {
            if e < self.low {
                self.low = e;
            }
            self.under = true;
            return;
        }
        self.settle();
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

    /// Folds the drawdown of `low` (against the current peak) into `max_dd`.
    #[inline]
    fn settle(&mut self) {
        if self.low != f64::INFINITY {
            self.max_dd = self.max_dd.max(1.0 - self.low / self.peak);
            self.low = f64::INFINITY;
        }
    }

    /// The deepest drawdown of the bars pushed, a positive fraction.
    fn max_drawdown(mut self) -> f64 {
        self.settle();
        self.max_dd
    }

    /// Bars `first..=last` repeating the last value pushed: the same drawdown and
    /// at-peak state as that bar, so only the peak bar or the end-of-curve episode moves,
    /// exactly as [`DrawdownTracker::push`] would move them bar by bar.
    fn flat(&mut self, ts: &[i64], first: usize, last: usize) {
        debug_assert!(first > 0 && first <= last);
        if !self.under {
            self.peak_bar = last;
        } else if last + 1 == self.n {
            let duration_ns = ts[last] - ts[self.peak_bar];
            if duration_ns > self.best.duration_ns {
                self.best = DrawdownSpan {
                    peak_bar: self.peak_bar,
                    end_bar: last,
                    duration_ns,
                };
            }
        }
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

    /// The drawdown fast path (bars under a positive peak only lower a running low) against
    /// the plain `drawdown` / `max_drawdown` / `longest_drawdown` on curves outside the
    /// usual range, where it must step aside: zeros, negative equity, NaN, infinities,
    /// subnormals, a value one ulp under its peak; whole and piece by piece.
    #[test]
    fn drawdown_fast_path_equals_the_plain_drawdown_on_odd_values() {
        let tiny = f64::MIN_POSITIVE / 4.0;
        let under = 2.0f64.next_down();
        let curves: Vec<Vec<f64>> = vec![
            vec![100.0, 50.0, 0.0, 20.0, 120.0, 60.0, 0.0],
            vec![100.0, 80.0, -10.0, -50.0, 30.0, 90.0, 100.0, 99.0],
            vec![-5.0, -10.0, -2.0, -3.0, -1.0, -8.0],
            vec![0.0, 0.0, 1.0, 0.5, 0.0, -0.0, 0.25],
            vec![100.0, f64::NAN, 90.0, f64::NAN, 110.0, 95.0, f64::NAN],
            vec![f64::NAN, 5.0, 4.0, 6.0],
            vec![100.0, f64::INFINITY, 50.0, 70.0, f64::INFINITY, 1.0],
            vec![100.0, 90.0, f64::NEG_INFINITY, 95.0, 80.0, 120.0],
            vec![
                100.0,
                f64::INFINITY,
                50.0,
                f64::NEG_INFINITY,
                70.0,
                f64::NAN,
            ],
            vec![tiny, tiny / 2.0, tiny * 3.0, tiny, tiny * 2.0],
            vec![2.0, under, 2.0, under, under, 1.0, 2.0, under],
        ];
        for (i, equity) in curves.iter().enumerate() {
            let ts: Vec<i64> = (0..equity.len() as i64).map(|t| t * 7 + t * t).collect();
            let dd = drawdown(equity);
            let want_max = max_drawdown(&dd);
            let want_span = longest_drawdown(&ts, &dd);
            let want_peak = equity.iter().copied().reduce(f64::max).unwrap();
            for chunk in [1, 2, 3, equity.len()] {
                let mut acc = CurveAccumulator::new(&ts);
                for piece in equity.chunks(chunk) {
                    acc.push_slice(piece);
                }
                let got = acc.finish();
                let same =
                    |a: f64, b: f64| a.to_bits() == b.to_bits() || (a.is_nan() && b.is_nan());
                assert!(
                    same(got.max_drawdown, want_max),
                    "curve {i} chunk {chunk}: max dd {} vs {want_max}",
                    got.max_drawdown
                );
                assert!(
                    same(got.equity_peak, want_peak),
                    "curve {i} chunk {chunk}: peak"
                );
                assert_eq!(
                    got.longest_drawdown, want_span,
                    "curve {i} chunk {chunk}: span"
                );
            }
        }
    }

    /// Summarises `equity` piece by piece: `push_flat` for every maximal run of repeated
    /// values after its first bar, `push_slice` in chunks of `chunk` bars otherwise.
    fn by_pieces(ts: &[i64], equity: &[f64], chunk: usize) -> CurveSummary {
        let mut acc = CurveAccumulator::new(ts);
        let mut t = 0;
        while t < equity.len() {
            let run = equity[t..]
                .iter()
                .take_while(|&&e| e.to_bits() == equity[t].to_bits())
                .count();
            if t > 0 && equity[t].to_bits() == equity[t - 1].to_bits() {
                acc.push_flat(run);
                t += run;
            } else {
                let end = (t + chunk).min(equity.len());
                acc.push_slice(&equity[t..end]);
                t = end;
            }
        }
        assert_eq!(acc.len(), equity.len());
        acc.finish()
    }

    fn assert_bits(name: &str, a: &CurveSummary, b: &CurveSummary) {
        assert!(a.bit_eq(b), "{name}: {a:?} vs {b:?}");
    }

    #[test]
    fn pieces_with_flat_runs_give_the_same_bits_as_one_pass() {
        let g = golden();
        // The golden curve with flat stretches (a strategy out of the market) of many
        // lengths and phases against the 32-bar blocks, one reaching the last bar.
        let mut flat = g.equity.clone();
        let n = flat.len();
        for (a, len) in [
            (1, 3),
            (40, 64),
            (130, 31),
            (200, 33),
            (300, 97),
            (500, 1),
            (700, 250),
        ] {
            let v = flat[a - 1];
            flat[a..(a + len).min(n)].fill(v);
        }
        let v = flat[n - 120];
        flat[n - 119..].fill(v);
        for (name, ts, equity) in edge_curves().into_iter().chain([
            ("golden", g.ts.clone(), g.equity.clone()),
            ("golden with flat runs", g.ts.clone(), flat),
        ]) {
            let whole = curve_summary(&ts, &equity);
            for chunk in [1, 5, 31, 32, 33, 1000] {
                assert_bits(
                    &format!("{name}, chunk {chunk}"),
                    &by_pieces(&ts, &equity, chunk),
                    &whole,
                );
            }
        }
        // All flat but the first bar, and prefixes ending inside a flat run.
        let ts: Vec<i64> = (0..100).collect();
        let eq = vec![5.0; 100];
        for len in [1, 2, 33, 64, 65, 100] {
            assert_bits(
                "constant",
                &by_pieces(&ts[..len], &eq[..len], 7),
                &curve_summary(&ts[..len], &eq[..len]),
            );
        }
    }

    #[test]
    #[should_panic(expected = "lengths differ")]
    fn curve_summary_rejects_columns_of_different_length() {
        curve_summary(&[0, 1], &[1.0]);
    }
}
