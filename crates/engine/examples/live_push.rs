//! Per-bar cost of `LiveEngine::push` in Rust alone (no N-API), by burst size, on
//! 1M synthetic one-minute bars (4 symbols interleaved), SMA 10/30 cross + 5 risk exits.
//! Compare with `bench/live_engine.mjs` (through N-API) to see the boundary's share.
//! `cargo run --release -p barstream-engine --example live_push`
use std::time::Instant;

use barstream_engine::{BarBurst, LiveEngine, ReplayConfig};

fn main() {
    let (k, bars) = (4usize, 250_000usize);
    let n = k * bars;
    let mut seed: u64 = 7;
    let mut next = || {
        seed = seed
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (seed >> 11) as f64 / (1u64 << 53) as f64
    };
    let (mut sym, mut ts) = (vec![0u32; n], vec![0i64; n]);
    let (mut o, mut h, mut l, mut c) = (vec![0.0; n], vec![0.0; n], vec![0.0; n], vec![0.0; n]);
    let mut p = vec![100.0; k];
    for t in 0..bars {
        for s in 0..k {
            let i = t * k + s;
            let close = p[s] * (0.0015 * (next() + next() + next() - 1.5)).exp();
            sym[i] = s as u32;
            ts[i] = (1_600_000_000_000 + t as i64 * 60_000) * 1_000_000;
            o[i] = p[s];
            c[i] = close;
            h[i] = p[s].max(close) * (1.0 + 0.001 * next());
            l[i] = p[s].min(close) * (1.0 - 0.001 * next());
            p[s] = close;
        }
    }
    let v = vec![1000.0; n];
    let spec = r#"{"name":"x","indicators":{"fast":{"kind":"sma","period":10},"slow":{"kind":"sma","period":30}},
      "entry_long":"crossover(fast, slow)","exit_long":"crossunder(fast, slow)",
      "risk":{"stop_loss":0.004,"take_profit":0.008,"trailing_stop":0.003,"atr_stop":{"period":14,"multiple":3},"max_bars":60}}"#;
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
                    ts: &ts[at..end],
                    open: &o[at..end],
                    high: &h[at..end],
                    low: &l[at..end],
                    close: &c[at..end],
                    volume: &v[at..end],
                };
                events += e.push(&burst).unwrap().len();
            }
            let ns = t0.elapsed().as_secs_f64() * 1e9 / n as f64;
            eprintln!("burst {size:>4}: {ns:.0} ns/bar ({events} events)");
        }
    }
}
