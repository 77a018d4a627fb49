//! Test helpers: read real bars from `../shared/data` (never copied into the repo).
//! Depends on `barstream-model` only, so crates below the engine (the screen) include it too.

#![allow(dead_code, reason = "each test binary uses a subset")]

use std::path::PathBuf;

/// Columns of one symbol's daily bars; ts = day index * 86_400e9 (UTC ns of the date).
#[derive(Default)]
pub struct Loaded {
    pub ts: Vec<i64>,
    pub open: Vec<f64>,
    pub high: Vec<f64>,
    pub low: Vec<f64>,
    pub close: Vec<f64>,
    pub volume: Vec<f64>,
}

impl Loaded {
    /// Appends one bar.
    fn push(&mut self, ts: i64, [o, h, l, c, v]: [f64; 5]) {
        self.ts.push(ts);
        self.open.push(o);
        self.high.push(h);
        self.low.push(l);
        self.close.push(c);
        self.volume.push(v);
    }

    pub fn bars(&self) -> barstream_model::Bars<'_> {
        barstream_model::Bars {
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
pub fn raw(rel: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../../shared/data/raw")
        .join(rel)
}

/// The files of `../shared/data/raw/<rel>`, sorted by path.
pub fn raw_files(rel: &str) -> Vec<PathBuf> {
    let mut files: Vec<_> = std::fs::read_dir(raw(rel))
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    files.sort();
    files
}

/// Days since 1970-01-01 of an ISO date `YYYY-MM-DD` (civil-from-days inverse, H. Hinnant).
fn days(date: &str) -> i64 {
    let y: i64 = date[0..4].parse().unwrap();
    let m: i64 = date[5..7].parse().unwrap();
    let d: i64 = date[8..10].parse().unwrap();
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// Seconds into the day of `YYYY-MM-DD[ T]HH:MM[:SS]` (0 for a date alone).
fn seconds_of_day(text: &str) -> i64 {
    if text.len() < 16 {
        return 0;
    }
    let part = |a: usize, b: usize| text.get(a..b).map_or(0, |x| x.parse::<i64>().unwrap());
    part(11, 13) * 3600 + part(14, 16) * 60 + part(17, 19)
}

/// Reads a CSV whose first column is an ISO date or date-time followed by open, high,
/// low, close, volume (S&P 500 per-symbol files; backtesting.py's GOOG.csv; the 1-minute
/// ETF and futures files). Rows with an empty or inconsistent field are dropped (the
/// TypeScript loader reports them; here we only need clean bars). Times are UTC.
pub fn read_daily(path: &PathBuf) -> Loaded {
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let mut out = Loaded::default();
    for line in text.lines().skip(1) {
        let f: Vec<&str> = line.split(',').collect();
        let p: Vec<f64> = f[1..6].iter().filter_map(|x| x.parse().ok()).collect();
        if p.len() < 5 || !(p[2] <= p[0].min(p[3]) && p[1] >= p[0].max(p[3]) && p[2] > 0.0) {
            continue;
        }
        out.push(
            (days(&f[0][..10]) * 86_400 + seconds_of_day(f[0])) * 1_000_000_000,
            [p[0], p[1], p[2], p[3], p[4]],
        );
    }
    out
}

/// UTC ns of a timestamp field: epoch milliseconds (Binance klines) or
/// `YYYY-MM-DD HH:MM:SS[.f][+00:00]` (the nautilus files; offsets are all +00:00).
fn parse_ts(field: &str) -> Option<i64> {
    if field.bytes().all(|b| b.is_ascii_digit()) {
        return field.parse::<i64>().ok().map(|ms| ms * 1_000_000);
    }
    let date = field.get(..10)?;
    let time = field.get(11..19)?;
    let h: i64 = time[0..2].parse().ok()?;
    let m: i64 = time[3..5].parse().ok()?;
    let s: i64 = time[6..8].parse().ok()?;
    Some(days(date) * 86_400_000_000_000 + ((h * 60 + m) * 60 + s) * 1_000_000_000)
}

/// Reads a 1-minute CSV whose header names `open high low close` (and maybe `volume`)
/// and whose first column is the bar time. Rows with an inconsistent range or a time
/// not after the previous row's are dropped (the TypeScript loader reports them).
pub fn read_minutes(path: &PathBuf) -> Loaded {
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let mut lines = text.lines();
    let header: Vec<&str> = lines.next().expect("header").split(',').collect();
    let col = |name: &str| header.iter().position(|h| h.eq_ignore_ascii_case(name));
    let [o, h, l, c] = ["open", "high", "low", "close"].map(|n| col(n).expect(n));
    let v = col("volume");
    let mut out = Loaded::default();
    for line in lines {
        let f: Vec<&str> = line.split(',').collect();
        let num = |i: usize| f.get(i).and_then(|x| x.parse::<f64>().ok());
        let (Some(ts), Some(po), Some(ph), Some(pl), Some(pc)) =
            (parse_ts(f[0]), num(o), num(h), num(l), num(c))
        else {
            continue;
        };
        if !(pl <= po.min(pc) && ph >= po.max(pc) && pl > 0.0)
            || out.ts.last().is_some_and(|&t| ts <= t)
        {
            continue;
        }
        out.push(ts, [po, ph, pl, pc, v.and_then(num).unwrap_or(0.0)]);
    }
    out
}
