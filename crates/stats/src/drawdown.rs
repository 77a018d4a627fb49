//! Drawdown of an equity curve: depth per bar, maximum, and the longest time under water.

/// Fraction below the running peak at each bar: `1 - equity[t] / max(equity[..=t])`.
///
/// `equity`: currency per bar, finite and positive, len n. Returns len n, each in `[0, 1]`
/// (0 at a new peak). Same formula and order of operations as backtesting.py
/// (`_stats.py::compute_stats`: `1 - equity / np.maximum.accumulate(equity)`), so the values are
/// bit-identical to its `DrawdownPct` column.
pub fn drawdown(equity: &[f64]) -> Vec<f64> {
    let mut peak = f64::NEG_INFINITY;
    equity
        .iter()
        .map(|&e| {
            peak = peak.max(e);
            1.0 - e / peak
        })
        .collect()
}

/// Deepest drawdown, a fraction (0.25 = 25 % below the peak); 0 for an empty or rising curve.
///
/// `dd`: output of [`drawdown`]. Positive, unlike backtesting.py's negative `Max. Drawdown [%]`.
pub fn max_drawdown(dd: &[f64]) -> f64 {
    dd.iter().copied().fold(0.0, f64::max)
}

/// The longest drawdown: from the bar of the peak to the bar that regains it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct DrawdownSpan {
    /// Bar of the peak (last bar with drawdown 0 before the episode).
    pub peak_bar: usize,
    /// Bar where equity is back at the peak, or the last bar if it never is.
    pub end_bar: usize,
    /// `ts[end_bar] - ts[peak_bar]`, UTC ns.
    pub duration_ns: i64,
}

impl DrawdownSpan {
    /// `end_bar - peak_bar`, in bars.
    pub fn bars(&self) -> usize {
        self.end_bar - self.peak_bar
    }
}

/// The drawdown episode of longest duration in time (first one on ties); all zero if there is none.
///
/// An episode runs from the last bar with `dd == 0` to the next bar with `dd == 0`
/// (recovered) or to the last bar (still under water). This is backtesting.py's
/// `compute_drawdown_duration_peaks`: like it, an episode whose only under-water bar is
/// the last bar of the data is ignored (tested: "under water at the last bar only").
///
/// `ts`: UTC ns, ascending, len n; `dd`: output of [`drawdown`], len n.
///
/// # Panics
/// If `ts.len() != dd.len()`.
pub fn longest_drawdown(ts: &[i64], dd: &[f64]) -> DrawdownSpan {
    assert_eq!(
        ts.len(),
        dd.len(),
        "longest_drawdown: ts and dd lengths differ"
    );
    let mut best = DrawdownSpan::default();
    let mut peak = 0usize;
    let mut under = false;
    for t in 0..dd.len() {
        let at_peak = dd[t] == 0.0;
        let last = t + 1 == dd.len();
        if under && (at_peak || last) {
            let span = DrawdownSpan {
                peak_bar: peak,
                end_bar: t,
                duration_ns: ts[t] - ts[peak],
            };
            if span.duration_ns > best.duration_ns {
                best = span;
            }
        }
        if at_peak {
            peak = t;
            under = false;
        } else {
            under = true;
        }
    }
    best
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::golden;

    #[test]
    fn drawdown_of_hand_curve_is_depth_below_running_peak() {
        // peaks 100, 120, 120, 130, 130 -> 0, 0, 1 - 90/120 = 0.25, 0, 1 - 65/130 = 0.5
        let dd = drawdown(&[100.0, 120.0, 90.0, 130.0, 65.0]);
        assert_eq!(dd, vec![0.0, 0.0, 0.25, 0.0, 0.5]);
        assert_eq!(max_drawdown(&dd), 0.5);
    }

    #[test]
    fn longest_drawdown_counts_to_recovery_or_to_the_last_bar() {
        // dd = 0, 0, .25, .1, 0, .05, .05, 0, .04, .08. Episodes: peak bar 1 -> recovered bar 4
        // (3 days); peak 4 -> recovered 7 (3 days, a tie: the first is kept); peak 7 -> last bar 9
        // (2 days, never recovered).
        let day = 86_400_000_000_000i64;
        let ts: Vec<i64> = (0..10).map(|i| i * day).collect();
        let eq = [1.0, 2.0, 1.5, 1.8, 2.0, 1.9, 1.9, 2.5, 2.4, 2.3];
        let span = longest_drawdown(&ts, &drawdown(&eq));
        assert_eq!(span.peak_bar, 1);
        assert_eq!(span.end_bar, 4);
        assert_eq!(span.bars(), 3);
        assert_eq!(span.duration_ns, 3 * day);
        // With gaps in time the longest in time wins over the longest in bars.
        let ts2 = [0, 1, 2, 3, 4, 5, 6, 7, 8, 100].map(|i: i64| i * day);
        let span2 = longest_drawdown(&ts2, &drawdown(&eq));
        assert_eq!((span2.peak_bar, span2.end_bar), (7, 9));
        assert_eq!(span2.duration_ns, 93 * day);
    }

    #[test]
    fn rising_curve_has_no_drawdown() {
        let dd = drawdown(&[1.0, 2.0, 3.0]);
        assert_eq!(max_drawdown(&dd), 0.0);
        assert_eq!(longest_drawdown(&[0, 1, 2], &dd), DrawdownSpan::default());
    }

    #[test]
    fn drawdown_is_bit_identical_to_backtesting_py_on_golden_curve() {
        let g = golden();
        assert_eq!(drawdown(&g.equity), g.drawdown);
    }

    #[test]
    fn max_drawdown_and_duration_match_backtesting_py_on_golden_curve() {
        let g = golden();
        let dd = drawdown(&g.equity);
        assert!((max_drawdown(&dd) * 100.0 + g.stat("Max. Drawdown [%]")).abs() < 1e-12);
        let span = longest_drawdown(&g.ts, &dd);
        assert_eq!(span.duration_ns, g.stat_ns("Max. Drawdown Duration")); // 830 days
    }
}
