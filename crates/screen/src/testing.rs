//! Test helpers: real bars from `../shared/data/raw` (never copied into the repo).

use std::path::PathBuf;

use barstream_engine::Bars;

use crate::features::Feature;
use crate::Reason;

/// One symbol's columns.
pub(crate) struct Loaded {
    pub ts: Vec<i64>,
    pub open: Vec<f64>,
    pub high: Vec<f64>,
    pub low: Vec<f64>,
    pub close: Vec<f64>,
    pub volume: Vec<f64>,
}

impl Loaded {
    pub fn bars(&self) -> Bars<'_> {
        Bars {
            ts: &self.ts,
            open: &self.open,
            high: &self.high,
            low: &self.low,
            close: &self.close,
            volume: &self.volume,
        }
    }
}

/// `../shared/data/raw/<rel>` from the workspace root.
pub(crate) fn raw(rel: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../../shared/data/raw")
        .join(rel)
}

/// Days since 1970-01-01 of `YYYY-MM-DD` (H. Hinnant's days_from_civil).
fn days(date: &str) -> i64 {
    let y: i64 = date[0..4].parse().unwrap();
    let m: i64 = date[5..7].parse().unwrap();
    let d: i64 = date[8..10].parse().unwrap();
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let doy = (153 * ((m + 9) % 12) + 2) / 5 + d - 1;
    era * 146_097 + yoe * 365 + yoe / 4 - yoe / 100 + doy - 719_468
}

/// UTC ns of `YYYY-MM-DD[ T]HH:MM[:SS]`.
pub(crate) fn ts_ns(text: &str) -> i64 {
    let secs = if text.len() >= 16 {
        let h: i64 = text[11..13].parse().unwrap();
        let mi: i64 = text[14..16].parse().unwrap();
        let s: i64 = text.get(17..19).map_or(0, |x| x.parse().unwrap());
        h * 3600 + mi * 60 + s
    } else {
        0
    };
    (days(&text[..10]) * 86_400 + secs) * 1_000_000_000
}

/// Reads a CSV whose columns are `time, open, high, low, close, volume, ...`
/// (S&P 500 per-symbol files, the 1-minute ETF files). Rows with an empty or
/// inconsistent field are dropped (the TypeScript loader reports them).
pub(crate) fn read_bars(rel: &str) -> Loaded {
    let path = raw(rel);
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let mut out = Loaded {
        ts: vec![],
        open: vec![],
        high: vec![],
        low: vec![],
        close: vec![],
        volume: vec![],
    };
    for line in text.lines().skip(1) {
        let f: Vec<&str> = line.split(',').collect();
        let p: Vec<f64> = f[1..6].iter().filter_map(|x| x.parse().ok()).collect();
        if p.len() < 5 || !(p[2] <= p[0].min(p[3]) && p[1] >= p[0].max(p[3]) && p[2] > 0.0) {
            continue;
        }
        out.ts.push(ts_ns(f[0]));
        out.open.push(p[0]);
        out.high.push(p[1]);
        out.low.push(p[2]);
        out.close.push(p[3]);
        out.volume.push(p[4]);
    }
    out
}

/// AAPL daily bars 2013-2018.
pub(crate) fn aapl() -> Loaded {
    read_bars("sp500_5yr/AAPL_data.csv")
}

/// Every (bar, reason) that `f` fires, in bar then code order.
pub(crate) fn fired_at(f: &dyn Feature, bars: &Bars) -> Vec<(usize, Reason)> {
    let mut mask = vec![0u32; bars.len()];
    f.mark(bars, 0, &mut mask);
    mask.iter()
        .enumerate()
        .flat_map(|(t, &m)| Reason::from_mask(m).map(move |r| (t, r)))
        .collect()
}
