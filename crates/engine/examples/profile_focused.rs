//! Times focused replay against the full replay of one symbol (250k synthetic minute bars,
//! candidates spread as in `bench/focused.mjs`), the batch check, and the stages of the
//! focused segments (signals, masking, replay) per bar of their signal slices.
//! `cargo run --release -p barstream-engine --example profile_focused [candidates]`
use std::time::Instant;

use barstream_engine::focus::mask::restrict_entries;
use barstream_engine::focus::{run_focused_compact, Windows};
use barstream_engine::run::{config_for, run_symbol};
use barstream_engine::{replay, SignalsRef};
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
    let bars = c.view();
    let slot = n as f64 / k as f64;
    let cands: Vec<usize> = (0..k)
        .map(|i| {
            ((i as f64 * slot + ((i * 7919) % 1000) as f64 / 1000.0 * slot) as usize).min(n - 1)
        })
        .collect();
    let windows = Windows::around(n, &cands, 20).unwrap();
    // Checking the batch (ts ascending) is a fixed cost of every call, per bar of the data.
    let offsets = [0, n];
    let batch = barstream_engine::Batch {
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
        stages(&s, bars, &cfg, &windows);
    }
}

/// Total time of each stage over every window's slice (lead-in of the signals to two
/// bars past the window plus 64), approximating one segment per window.
fn stages(s: &Strategy, bars: Bars, cfg: &ReplayConfig, windows: &Windows) {
    let plan = s.slice_plan();
    let (mut sig, mut mask, mut rep, mut count) = (0.0, 0.0, 0.0, 0);
    for _ in 0..10 {
        for &(a, b) in windows.ranges() {
            let lead = a.saturating_sub(plan.signals_exact_from);
            let lead = lead - lead % plan.align;
            let end = (b + 66).min(bars.len());
            let part = bars.slice(lead, end);
            let t = Instant::now();
            let all = s.signals(&part.view());
            sig += t.elapsed().as_secs_f64();
            let t = Instant::now();
            let k = a - lead;
            let r = restrict_entries(
                SignalsRef {
                    entry_long: &all.entry_long[k..],
                    exit_long: &all.exit_long[k..],
                    entry_short: &all.entry_short[k..],
                    exit_short: &all.exit_short[k..],
                },
                windows,
                a,
            );
            mask += t.elapsed().as_secs_f64();
            let t = Instant::now();
            std::hint::black_box(replay(bars.slice(a, end), SignalsRef::from(&r), &[], cfg));
            rep += t.elapsed().as_secs_f64();
            count += end - lead;
        }
    }
    let ns = |x: f64| x * 1e9 / count as f64;
    let view = bars.view();
    let (mut ind, mut all) = (f64::MAX, f64::MAX);
    for _ in 0..10 {
        let t = Instant::now();
        std::hint::black_box(s.indicator_values(&view));
        ind = ind.min(t.elapsed().as_secs_f64());
        let t = Instant::now();
        std::hint::black_box(s.signals(&view));
        all = all.min(t.elapsed().as_secs_f64());
    }
    eprintln!(
        "  whole series: indicators {:.2} ns/bar, indicators + rules {:.2} ns/bar",
        ind * 1e9 / bars.len() as f64,
        all * 1e9 / bars.len() as f64
    );
    eprintln!(
        "  per bar of the signal slices: signals {:.2} ns, masking {:.2} ns, replay {:.2} ns",
        ns(sig),
        ns(mask),
        ns(rep)
    );
}
