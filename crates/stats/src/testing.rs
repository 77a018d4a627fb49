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

/// Hand-built curves for the fast-path parity tests, as `(name, ts UTC ns, equity)`: the
/// edge cases (empty, one bar, flat, rising, under water at the last bar) and curves that stress
/// the block boundaries and the precision of the one-pass variance.
pub fn edge_curves() -> Vec<(&'static str, Vec<i64>, Vec<f64>)> {
    let day = 86_400_000_000_000i64;
    let daily = |n: usize| (0..n as i64).map(|i| i * day).collect::<Vec<i64>>();
    // Deterministic uniform [0, 1) noise (Knuth's MMIX LCG), no dependency needed.
    let mut seed: u64 = 42;
    let mut uniform = move || {
        seed = seed
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        (seed >> 11) as f64 / (1u64 << 53) as f64
    };
    let mut walk = vec![100.0];
    for _ in 1..5_000 {
        let last = walk[walk.len() - 1];
        walk.push(last * (1.0 + 0.02 * (uniform() - 0.5)));
    }
    let mut steady = vec![100.0];
    for _ in 1..3_000 {
        let last = steady[steady.len() - 1];
        steady.push(last * (1.001 + 1e-10 * (uniform() - 0.5)));
    }
    let mut outlier_first = vec![100.0, 200.0];
    for _ in 2..100 {
        let last = outlier_first[outlier_first.len() - 1];
        outlier_first.push(last * (1.0 + 1e-3 * (uniform() - 0.5)));
    }
    let gaps: Vec<i64> = [0, 1, 2, 3, 4, 5, 6, 7, 8, 100].map(|i| i * day).to_vec();
    vec![
        ("empty", vec![], vec![]),
        ("one bar", vec![0], vec![100.0]),
        ("two bars, down", daily(2), vec![100.0, 90.0]),
        ("flat", daily(50), vec![100.0; 50]),
        (
            "rising",
            daily(70),
            (0..70).map(|i| 100.0 + i as f64).collect(),
        ),
        (
            "under water to the last bar",
            daily(6),
            vec![100.0, 110.0, 99.0, 105.0, 108.9, 108.9],
        ),
        (
            "under water at the last bar only",
            daily(4),
            vec![100.0, 110.0, 120.0, 119.0],
        ),
        (
            "recovered episodes, tie",
            daily(10),
            vec![1.0, 2.0, 1.5, 1.8, 2.0, 1.9, 1.9, 2.5, 2.4, 2.3],
        ),
        (
            "gaps in time",
            gaps,
            vec![1.0, 2.0, 1.5, 1.8, 2.0, 1.9, 1.9, 2.5, 2.4, 2.3],
        ),
        ("random walk, 5000 bars", daily(5_000), walk),
        ("steady growth, tiny noise", daily(3_000), steady),
        ("outlier first return", daily(100), outlier_first),
    ]
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
