//! Test helpers: the backtesting.py golden run (tests/golden/backtesting_py/), loaded once.
//!
//! The golden was produced by `tests/golden/backtesting_py/make_sma_cross_goog.py`
//! (backtesting 0.6.6): README SmaCross on GOOG.csv. Its equity curve and trades are the
//! inputs here and its `stats` the expected values, so an equality is independent evidence.

use std::path::PathBuf;
use std::sync::OnceLock;

use crate::TradeRecord;

/// The golden run as the stats need it.
pub struct Golden {
    /// Bar timestamps (UTC ns, midnight of the CSV date), len 2148.
    pub ts: Vec<i64>,
    /// backtesting.py's `_equity_curve.Equity`, currency, len 2148.
    pub equity: Vec<f64>,
    /// backtesting.py's `_equity_curve.DrawdownPct` (a fraction despite the name), len 2148.
    pub drawdown: Vec<f64>,
    /// GOOG closes from the shared raw data, len 2148.
    pub close: Vec<f64>,
    /// The 93 closed trades.
    pub trades: Vec<TradeRecord>,
    /// Bars of backtesting.py's indicator warm-up (its buy-and-hold starts there).
    pub warmup_bars: usize,
    json: serde_json::Value,
}

impl Golden {
    /// A scalar of backtesting.py's stats Series, e.g. `"SQN"`.
    pub fn stat(&self, key: &str) -> f64 {
        self.json["stats"][key]
            .as_f64()
            .unwrap_or_else(|| panic!("golden stat {key} is not a number"))
    }

    /// A Timedelta stat of backtesting.py in ns, e.g. `"Max. Drawdown Duration"`.
    pub fn stat_ns(&self, key: &str) -> i64 {
        self.json["stats"][key]["ns"].as_i64().unwrap()
    }
}

/// Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant, `days_from_civil`).
fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// `YYYY-MM-DD` as UTC ns at midnight.
pub fn date_ns(date: &str) -> i64 {
    let p: Vec<i64> = date.split('-').map(|s| s.parse().unwrap()).collect();
    days_from_civil(p[0], p[1], p[2]) * 86_400_000_000_000
}

fn repo_path(rel: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../..")
        .join(rel)
}

fn load() -> Golden {
    let dir = "tests/golden/backtesting_py";
    let json: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(repo_path(&format!("{dir}/sma_cross_goog.json"))).unwrap(),
    )
    .unwrap();
    let curve =
        std::fs::read_to_string(repo_path(&format!("{dir}/sma_cross_goog_equity.csv"))).unwrap();
    let (mut ts, mut equity, mut drawdown) = (Vec::new(), Vec::new(), Vec::new());
    for line in curve.lines().skip(1) {
        let f: Vec<&str> = line.split(',').collect();
        ts.push(date_ns(f[1]));
        equity.push(f[2].parse().unwrap());
        drawdown.push(f[3].parse().unwrap());
    }
    let goog =
        std::fs::read_to_string(repo_path("../shared/data/raw/backtesting_py/GOOG.csv")).unwrap();
    let close: Vec<f64> = goog
        .lines()
        .skip(1)
        .map(|l| l.split(',').nth(4).unwrap().parse().unwrap())
        .collect();
    let trades = json["trades"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| TradeRecord {
            pnl: t["pnl"].as_f64().unwrap(),
            return_frac: t["return_pct"].as_f64().unwrap(),
            entry_bar: t["entry_bar"].as_u64().unwrap() as usize,
            exit_bar: t["exit_bar"].as_u64().unwrap() as usize,
        })
        .collect();
    let warmup_bars = json["warmup_bars"].as_u64().unwrap() as usize;
    assert_eq!(
        close.len(),
        ts.len(),
        "GOOG.csv and the golden curve differ in length"
    );
    Golden {
        ts,
        equity,
        drawdown,
        close,
        trades,
        warmup_bars,
        json,
    }
}

/// The golden run, parsed once per test binary.
pub fn golden() -> &'static Golden {
    static G: OnceLock<Golden> = OnceLock::new();
    G.get_or_init(load)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn date_ns_counts_days_from_the_unix_epoch() {
        assert_eq!(date_ns("1970-01-01"), 0);
        assert_eq!(date_ns("2000-03-01"), 11_017 * 86_400_000_000_000);
    }
}
