//! Times focused replay against the full replay of one symbol, and the stages of one
//! focused segment (signals, masking, ATR, replay, copy), on synthetic minute bars with
//! candidates spread as in `bench/focused.mjs`.
//! `cargo run --release -p barstream-engine --example profile_focused [candidates]`
use std::time::Instant;

use barstream_engine::focus::{run_focused_compact, Windows};
use barstream_engine::run::{config_for, run_symbol};
use barstream_engine::{Bars, ReplayConfig};
use barstream_strategy::Strategy;

#[path = "common/synthetic.rs"]
mod synthetic;

/// SMA 10/30 cross, long only, no risk exits (as `bench/fixtures.mjs`).
const SMA_CROSS: &str = r#"{"name":"x","indicators":{"fast":{"kind":"sma","period":10},"slow":{"kind":"sma","period":30}},
  "entry_long":"crossover(fast, slow)","exit_long":"crossunder(fast, slow)"}"#;

fn main() {
    let n = 250_000;
    let k: usize = std::env::args()
        .nth(1)
        .and_then(|a| a.parse().ok())
        .unwrap_or(86);
    let c = synthetic::bars(n, 7);
    let bars = Bars {
        ts: &c.ts,
        open: &c.open,
        high: &c.high,
        low: &c.low,
        close: &c.close,
        volume: &c.volume,
    };
    let slot = n as f64 / k as f64;
    let cands: Vec<usize> = (0..k)
        .map(|i| {
            ((i as f64 * slot + ((i * 7919) % 1000) as f64 / 1000.0 * slot) as usize).min(n - 1)
        })
        .collect();
    let windows = Windows::around(n, &cands, 20).unwrap();
    // Checking the batch (ts ascending) is a fixed cost of every call, per bar of the data.
    let offsets = [0, n];
    let batch = barstream_engine::run::Batch {
        bars,
        offsets: &offsets,
    };
    let mut check = f64::MAX;
    for _ in 0..20 {
        let t = Instant::now();
        batch.validate().unwrap();
        check = check.min(t.elapsed().as_secs_f64());
    }
    eprintln!("batch check: {:.2} ns/bar", check * 1e9 / n as f64);
    for spec in [SMA_CROSS, synthetic::SMA_CROSS_RISK] {
        let s = Strategy::from_json(spec).unwrap();
        let cfg = config_for(&s, &ReplayConfig::default());
        let (mut full, mut focused, mut sim) = (f64::MAX, f64::MAX, 0);
        for _ in 0..20 {
            let t = Instant::now();
            std::hint::black_box(run_symbol(&s, bars, &cfg));
            full = full.min(t.elapsed().as_secs_f64());
            let t = Instant::now();
            let r = run_focused_compact(&s, bars, &cfg, &windows);
            focused = focused.min(t.elapsed().as_secs_f64());
            sim = r.bars_simulated;
        }
        let cov = sim as f64 / n as f64;
        eprintln!(
            "{}: full {:.2} ns/bar; focused {:.3} ms at coverage {:.1}% = {:.2} ns/simulated bar; speedup {:.2}x",
            if spec == SMA_CROSS { "sma_cross" } else { "sma_cross_risk" },
            full * 1e9 / n as f64,
            focused * 1e3,
            cov * 100.0,
            focused * 1e9 / sim as f64,
            full / focused
        );
    }
}
