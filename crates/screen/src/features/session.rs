//! Sessions of intraday data: where a session starts, its opening gap, and
//! breaks of the previous session's range. On daily bars every bar is its own
//! session, so the same features read as daily gaps and prior-day breaks.

use barstream_model::Bars;

use super::Feature;
use crate::Reason;

const NS_PER_MINUTE: i64 = 60_000_000_000;
const NS_PER_DAY: i64 = 86_400_000_000_000;

/// Where sessions start. Bar 0 starts one; bar t > 0 starts one when at least
/// `min_break_minutes` passed since bar t-1's timestamp (a trading break), or,
/// with `utc_midnight`, when its UTC date differs from bar t-1's. Both read only
/// `ts[t-1]` and `ts[t]`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct SessionRule {
    /// Minimum time between two bars' timestamps that ends a session, minutes, > 0.
    pub min_break_minutes: f64,
    /// Also start a session at each new UTC date (for 24-hour markets).
    pub utc_midnight: bool,
}

impl SessionRule {
    /// `starts[t]`: bar t is the first bar of a session; len = `ts.len()`.
    /// `ts`: bar times, i64 UTC ns, ascending.
    pub fn starts(&self, ts: &[i64]) -> Vec<bool> {
        let min_break = (self.min_break_minutes * NS_PER_MINUTE as f64) as i64;
        (0..ts.len())
            .map(|t| {
                t == 0
                    || ts[t] - ts[t - 1] >= min_break
                    || (self.utc_midnight
                        && ts[t].div_euclid(NS_PER_DAY) != ts[t - 1].div_euclid(NS_PER_DAY))
            })
            .collect()
    }
}

/// Opening gap: at the first bar t of a session (t > 0), `gap = open[t] /
/// close[t-1] - 1` against the previous session's last close; `gap_up` (long)
/// when `gap >= min_gap`, `gap_down` (short) when `gap <= -min_gap`.
#[derive(Debug, Clone, PartialEq)]
pub struct OpeningGap {
    rule: SessionRule,
    min_gap: f64,
}

impl OpeningGap {
    /// `min_gap`: fraction of the previous close, > 0 (0.02 = 2%).
    pub fn new(rule: SessionRule, min_gap: f64) -> Self {
        OpeningGap { rule, min_gap }
    }
}

impl Feature for OpeningGap {
    fn lookback(&self) -> usize {
        1
    }

    fn mark(&self, bars: &Bars, _from: usize, mask: &mut [u32]) {
        let starts = self.rule.starts(bars.ts);
        for t in 1..mask.len() {
            if !starts[t] {
                continue;
            }
            let gap = bars.open[t] / bars.close[t - 1] - 1.0;
            if gap >= self.min_gap {
                mask[t] |= Reason::GapUp.bit();
            } else if gap <= -self.min_gap {
                mask[t] |= Reason::GapDown.bit();
            }
        }
    }
}

/// Previous-session range break: with `H`/`L` the highest high / lowest low of
/// the previous complete session, `session_high_break` (long) fires at bar t when
/// `close[t] > H` and either t starts the session or `close[t-1] <= H` (the first
/// close above it, again after falling back); `session_low_break` mirrors it.
/// Nothing fires in the first session.
#[derive(Debug, Clone, PartialEq)]
pub struct SessionBreak {
    rule: SessionRule,
}

impl SessionBreak {
    /// Breaks of the previous session's range, sessions by `rule`.
    pub fn new(rule: SessionRule) -> Self {
        SessionBreak { rule }
    }
}

impl Feature for SessionBreak {
    fn lookback(&self) -> usize {
        1
    }

    fn mark(&self, bars: &Bars, _from: usize, mask: &mut [u32]) {
        let starts = self.rule.starts(bars.ts);
        let (mut prev, mut cur): (Option<(f64, f64)>, (f64, f64)) =
            (None, (f64::NEG_INFINITY, f64::INFINITY));
        for t in 0..mask.len() {
            if starts[t] {
                if t > 0 {
                    prev = Some(cur);
                }
                cur = (f64::NEG_INFINITY, f64::INFINITY);
            }
            cur = (cur.0.max(bars.high[t]), cur.1.min(bars.low[t]));
            let Some((hi, lo)) = prev else { continue };
            let c = bars.close[t];
            if c > hi && (starts[t] || bars.close[t - 1] <= hi) {
                mask[t] |= Reason::SessionHighBreak.bit();
            } else if c < lo && (starts[t] || bars.close[t - 1] >= lo) {
                mask[t] |= Reason::SessionLowBreak.bit();
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::{aapl, fired_at, read_bars};

    fn rule(min: f64, midnight: bool) -> SessionRule {
        SessionRule {
            min_break_minutes: min,
            utc_midnight: midnight,
        }
    }

    /// Session index ranges, by a plain scan of the timestamps.
    fn sessions(ts: &[i64], r: SessionRule) -> Vec<(usize, usize)> {
        let mut out: Vec<(usize, usize)> = Vec::new();
        for t in 0..ts.len() {
            let new = t == 0
                || (ts[t] - ts[t - 1]) as f64 >= r.min_break_minutes * 60e9
                || (r.utc_midnight && ts[t] / 86_400_000_000_000 != ts[t - 1] / 86_400_000_000_000);
            if new {
                out.push((t, t + 1));
            } else {
                out.last_mut().unwrap().1 = t + 1;
            }
        }
        out
    }

    /// Reference: for each session, the previous session's range by a full scan.
    fn breaks_ref(d: &crate::testing::Loaded, r: SessionRule) -> Vec<(usize, Reason)> {
        let s = sessions(&d.ts, r);
        let mut out = Vec::new();
        for k in 1..s.len() {
            let (a, b) = s[k - 1];
            let hi = d.high[a..b].iter().cloned().fold(f64::MIN, f64::max);
            let lo = d.low[a..b].iter().cloned().fold(f64::MAX, f64::min);
            for t in s[k].0..s[k].1 {
                let first = t == s[k].0;
                if d.close[t] > hi && (first || d.close[t - 1] <= hi) {
                    out.push((t, Reason::SessionHighBreak));
                } else if d.close[t] < lo && (first || d.close[t - 1] >= lo) {
                    out.push((t, Reason::SessionLowBreak));
                }
            }
        }
        out
    }

    #[test]
    fn intraday_sessions_break_at_gaps_and_midnight() {
        let d = read_bars("intraday_nautilus/6EH4.XCME_1min_bars_20240101_20240131.csv");
        let r = rule(30.0, false);
        let starts = r.starts(&d.ts);
        let n_sessions = starts.iter().filter(|&&s| s).count();
        assert_eq!(n_sessions, sessions(&d.ts, r).len());
        // CME FX futures: one daily maintenance break (~1 h) per weekday, plus
        // thin overnight gaps: about one session per trading day or more.
        assert!((20..120).contains(&n_sessions), "{n_sessions}");
        let m = rule(1e9, true).starts(&d.ts).iter().filter(|&&s| s).count();
        let days: std::collections::BTreeSet<i64> =
            d.ts.iter().map(|t| t / 86_400_000_000_000).collect();
        assert_eq!(m, days.len());
    }

    #[test]
    fn session_breaks_equal_a_full_scan_reference_intraday_and_daily() {
        for (d, r) in [
            (
                read_bars("intraday_nautilus/6EH4.XCME_1min_bars_20240101_20240131.csv"),
                rule(30.0, false),
            ),
            (
                read_bars("intraday_etf_1min/DBB_1min_2023-07-10_to_2025-07-08.csv"),
                rule(1e9, true),
            ),
            (aapl(), rule(30.0, false)),
        ] {
            let got = fired_at(&SessionBreak::new(r), &d.bars());
            let want = breaks_ref(&d, r);
            assert!(want.len() > 20, "{}", want.len());
            assert_eq!(got, want);
        }
    }

    #[test]
    fn opening_gaps_on_daily_bars_compare_open_with_the_previous_close() {
        let d = aapl();
        let got = fired_at(&OpeningGap::new(rule(30.0, false), 0.02), &d.bars());
        let want: Vec<_> = (1..d.close.len())
            .filter_map(|t| {
                let g = d.open[t] / d.close[t - 1] - 1.0;
                (g >= 0.02)
                    .then_some((t, Reason::GapUp))
                    .or((g <= -0.02).then_some((t, Reason::GapDown)))
            })
            .collect();
        assert!(want.len() > 5, "{}", want.len());
        assert_eq!(got, want);
    }

    #[test]
    fn intraday_gaps_fire_only_at_session_starts() {
        let d = read_bars("intraday_nautilus/6EH4.XCME_1min_bars_20240101_20240131.csv");
        let r = rule(30.0, false);
        let starts = r.starts(&d.ts);
        let got = fired_at(&OpeningGap::new(r, 0.0001), &d.bars());
        assert!(!got.is_empty());
        assert!(got.iter().all(|&(t, _)| starts[t] && t > 0));
    }
}
