//! Test helpers: real S&P 500 daily bars from `../shared/data/raw/sp500_5yr` (never copied
//! into the repo), laid out as a batch.

use barstream_engine::{Bars, Batch};

/// Columns of several symbols, sorted by symbol then time, with row offsets.
#[derive(Default)]
pub struct Universe {
    pub symbols: Vec<String>,
    pub offsets: Vec<usize>,
    pub ts: Vec<i64>,
    pub open: Vec<f64>,
    pub high: Vec<f64>,
    pub low: Vec<f64>,
    pub close: Vec<f64>,
    pub volume: Vec<f64>,
}

impl Universe {
    pub fn batch(&self) -> Batch<'_> {
        Batch {
            bars: Bars {
                ts: &self.ts,
                open: &self.open,
                high: &self.high,
                low: &self.low,
                close: &self.close,
                volume: &self.volume,
            },
            offsets: &self.offsets,
        }
    }

    pub fn symbol(&self, i: usize) -> Bars<'_> {
        self.batch()
            .bars
            .slice(self.offsets[i], self.offsets[i + 1])
    }
}

/// Days since 1970-01-01 of `YYYY-MM-DD` (H. Hinnant's days_from_civil).
pub fn days(date: &str) -> i64 {
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

/// UTC ns of midnight of `YYYY-MM-DD`.
pub fn ns(date: &str) -> i64 {
    days(date) * 86_400_000_000_000
}

/// Loads `<SYM>_data.csv` (date,open,high,low,close,volume,Name) for each symbol; rows with
/// an empty or inconsistent field are dropped (the TypeScript loader reports them).
pub fn load(symbols: &[&str]) -> Universe {
    let dir = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../../shared/data/raw/sp500_5yr"
    );
    let mut u = Universe {
        offsets: vec![0],
        ..Default::default()
    };
    for sym in symbols {
        let path = format!("{dir}/{sym}_data.csv");
        let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
        for line in text.lines().skip(1) {
            let f: Vec<&str> = line.split(',').collect();
            let v: Option<Vec<f64>> = f[1..6].iter().map(|x| x.parse().ok()).collect();
            let Some(v) = v else { continue };
            let (o, h, l, c) = (v[0], v[1], v[2], v[3]);
            if !(h >= l && o >= l && o <= h && c >= l && c <= h && l > 0.0) {
                continue;
            }
            u.ts.push(ns(f[0]));
            u.open.push(o);
            u.high.push(h);
            u.low.push(l);
            u.close.push(c);
            u.volume.push(v[4]);
        }
        u.symbols.push(sym.to_string());
        u.offsets.push(u.ts.len());
    }
    u
}
