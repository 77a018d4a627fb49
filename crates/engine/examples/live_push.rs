//! Per-bar cost of `LiveEngine::push` in Rust alone (no N-API), by burst size, on
//! 1M synthetic one-minute bars (4 symbols interleaved), SMA 10/30 cross + 5 risk exits.
//! Compare with `bench/live_engine.mjs` (through N-API) to see the boundary's share.
//! `cargo run --release -p barstream-engine --example live_push`
use std::time::Instant;

use barstream_engine::{BarBurst, Bars, LiveEngine, ReplayConfig};

#[path = "common/synthetic.rs"]
mod synthetic;

fn main() {
    let (k, bars) = (4usize, 250_000usize);
    let n = k * bars;
    // Feed order: minute by minute, every symbol in each minute.
    let series: Vec<synthetic::Columns> = (0..k)
        .map(|s| synthetic::bars(bars, 7 + s as u64))
        .collect();
    let interleave = |col: fn(&synthetic::Columns) -> &Vec<f64>| -> Vec<f64> {
        (0..n).map(|i| col(&series[i % k])[i / k]).collect()
    };
    let sym: Vec<u32> = (0..n).map(|i| (i % k) as u32).collect();
    let ts: Vec<i64> = (0..n).map(|i| series[i % k].ts[i / k]).collect();
    let (o, h, l, c, v) = (
        interleave(|s| &s.open),
        interleave(|s| &s.high),
        interleave(|s| &s.low),
        interleave(|s| &s.close),
        interleave(|s| &s.volume),
    );
    let spec = synthetic::SMA_CROSS_RISK;
    let names: Vec<String> = (0..k).map(|s| format!("S{s}")).collect();
    for _ in 0..2 {
        for size in [1usize, 64, 1024] {
            let mut e = LiveEngine::new(spec, ReplayConfig::default(), names.clone()).unwrap();
            let t0 = Instant::now();
            let mut events = 0;
            for at in (0..n).step_by(size) {
                let end = (at + size).min(n);
                let burst = BarBurst {
                    symbol: &sym[at..end],
                    bars: Bars {
                        ts: &ts[at..end],
                        open: &o[at..end],
                        high: &h[at..end],
                        low: &l[at..end],
                        close: &c[at..end],
                        volume: &v[at..end],
                    },
                };
                events += e.push(&burst).unwrap().len();
            }
            let ns = t0.elapsed().as_secs_f64() * 1e9 / n as f64;
            eprintln!("burst {size:>4}: {ns:.0} ns/bar ({events} events)");
        }
    }
}
