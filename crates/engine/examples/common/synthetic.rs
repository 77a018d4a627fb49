//! Synthetic one-minute bars for the examples: a geometric random walk from 100 with
//! a small range around each bar, deterministic per seed (64-bit LCG, Knuth's MMIX
//! constants). Shared by `profile_stages` and `live_push` via `#[path]`.

/// OHLCV columns, len n; ts one minute apart from 0 (UTC ns).
pub struct Columns {
    pub ts: Vec<i64>,
    pub open: Vec<f64>,
    pub high: Vec<f64>,
    pub low: Vec<f64>,
    pub close: Vec<f64>,
    pub volume: Vec<f64>,
}

impl Columns {
    /// The columns as the engine's borrowed bars.
    #[allow(dead_code, reason = "not every example replays whole columns")]
    pub fn view(&self) -> barstream_engine::Bars<'_> {
        barstream_engine::Bars {
            ts: &self.ts,
            open: &self.open,
            high: &self.high,
            low: &self.low,
            close: &self.close,
            volume: &self.volume,
        }
    }
}

/// `n` bars from `seed`.
pub fn bars(n: usize, seed: u64) -> Columns {
    let mut seed = seed;
    let mut next = || {
        seed = seed
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (seed >> 11) as f64 / (1u64 << 53) as f64
    };
    let (mut o, mut h, mut l, mut c) = (vec![0.0; n], vec![0.0; n], vec![0.0; n], vec![0.0; n]);
    let mut p = 100.0;
    for i in 0..n {
        let close = p * (0.0015 * (next() + next() + next() - 1.5)).exp();
        o[i] = p;
        c[i] = close;
        h[i] = p.max(close) * (1.0 + 0.001 * next());
        l[i] = p.min(close) * (1.0 - 0.001 * next());
        p = close;
    }
    Columns {
        ts: (0..n as i64).map(|i| i * 60_000_000_000).collect(),
        open: o,
        high: h,
        low: l,
        close: c,
        volume: vec![1000.0; n],
    }
}

/// SMA 10/30 cross, long only, with all five risk exits (tight, for minute bars).
pub const SMA_CROSS_RISK: &str = r#"{"name":"x","indicators":{"fast":{"kind":"sma","period":10},"slow":{"kind":"sma","period":30}},
  "entry_long":"crossover(fast, slow)","exit_long":"crossunder(fast, slow)",
  "risk":{"stop_loss":0.004,"take_profit":0.008,"trailing_stop":0.003,"atr_stop":{"period":14,"multiple":3},"max_bars":60}}"#;
