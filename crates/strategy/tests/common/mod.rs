//! Test helpers: real OHLCV columns from `../shared/data/raw` (never copied into the repo).

#![allow(dead_code, reason = "each test binary uses a subset")]

use barstream_strategy::BarsRef;

/// Every indicator kind, chaining, multi-output inputs and every rule construct.
pub const RICH: &str = r#"{
  "name": "rich",
  "indicators": {
    "fast": { "kind": "sma", "period": 10 },
    "slow": { "kind": "ema", "period": 30 },
    "w": { "kind": "wma", "period": 8, "input": "high" },
    "r": { "kind": "rsi", "period": 14 },
    "r_smooth": { "kind": "ema", "period": 5, "input": "r" },
    "mom": { "kind": "roc", "period": 12 },
    "sd": { "kind": "stddev", "period": 20, "nbdev": 1.5 },
    "hh": { "kind": "highest", "period": 15 },
    "ll": { "kind": "lowest", "period": 15, "input": "low" },
    "vol": { "kind": "atr", "period": 14 },
    "bb": { "kind": "bbands", "period": 20, "nbdev_up": 2, "nbdev_dn": 1.5 },
    "mid_slope": { "kind": "roc", "period": 3, "input": "bb.middle" },
    "m": { "kind": "macd", "fast": 12, "slow": 26, "signal": 9 },
    "dc": { "kind": "donchian", "period": 20 }
  },
  "entry_long": "crossover(fast, slow) and r_smooth < 60 or close > prev(dc.upper, 1)",
  "exit_long": "crossunder(m.macd, m.signal) or close < bb.lower - 0.5 * sd or not (mid_slope > -1)",
  "entry_short": "crossunder(close, ll * 1.02) and mom < 0 and w > slow",
  "exit_short": "close - prev(close, 3) > 2 * vol or hh == close or m.hist / close > 0.002",
  "risk": { "atr_stop": { "period": 14, "multiple": 3 } }
}"#;

/// OHLCV columns of one CSV file, oldest first.
pub struct Ohlcv {
    pub open: Vec<f64>,
    pub high: Vec<f64>,
    pub low: Vec<f64>,
    pub close: Vec<f64>,
    pub volume: Vec<f64>,
}

impl Ohlcv {
    pub fn bars(&self) -> BarsRef<'_> {
        BarsRef {
            open: &self.open,
            high: &self.high,
            low: &self.low,
            close: &self.close,
            volume: &self.volume,
        }
    }

    /// Every column scaled by `factor` from bar `from` on (a rewritten future).
    pub fn with_future_scaled(&self, from: usize, factor: f64) -> Ohlcv {
        let f = |v: &Vec<f64>| -> Vec<f64> {
            v.iter()
                .enumerate()
                .map(|(i, x)| if i >= from { x * factor } else { *x })
                .collect()
        };
        Ohlcv {
            open: f(&self.open),
            high: f(&self.high),
            low: f(&self.low),
            close: f(&self.close),
            volume: f(&self.volume),
        }
    }
}

/// Path of a file under the shared raw data folder (beside the checkout).
pub fn raw(rel: &str) -> String {
    format!(
        "{}/../../../shared/data/raw/{rel}",
        env!("CARGO_MANIFEST_DIR")
    )
}

/// Reads a CSV with open/high/low/close/volume columns (header names matched
/// case-insensitively, other columns ignored).
///
/// # Panics
/// If the file is missing, a column is absent or a field is not a number.
pub fn load(rel: &str) -> Ohlcv {
    let path = raw(rel);
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
    let mut lines = text.lines();
    let header: Vec<String> = lines
        .next()
        .unwrap()
        .split(',')
        .map(|h| h.trim().to_lowercase())
        .collect();
    let idx = |name: &str| {
        header
            .iter()
            .position(|h| h == name)
            .unwrap_or_else(|| panic!("{path}: no column {name}"))
    };
    let cols = [
        idx("open"),
        idx("high"),
        idx("low"),
        idx("close"),
        idx("volume"),
    ];
    let mut out: [Vec<f64>; 5] = Default::default();
    for (row, line) in lines.enumerate() {
        let fields: Vec<&str> = line.split(',').collect();
        for (k, &c) in cols.iter().enumerate() {
            let v = fields[c].parse::<f64>().unwrap_or_else(|_| {
                panic!(
                    "{path} row {}: field {} = {:?}",
                    row + 1,
                    header[c],
                    fields[c]
                )
            });
            out[k].push(v);
        }
    }
    let [open, high, low, close, volume] = out;
    Ohlcv {
        open,
        high,
        low,
        close,
        volume,
    }
}

/// Deterministic pseudo-random numbers (SplitMix64), so failures reproduce.
pub struct Rng(pub u64);

impl Rng {
    pub fn below(&mut self, n: usize) -> usize {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        ((z ^ (z >> 31)) % n as u64) as usize
    }
}
