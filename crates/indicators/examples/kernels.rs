//! Times the batch kernels in ns/bar on a 2M-bar random walk (best of 5 rounds).
//! `cargo run --release -p barstream-indicators --example kernels`
use std::hint::black_box;
use std::time::Instant;

use barstream_indicators::{atr, ema, rsi, sma, stddev, wma};

/// Random-walk high/low/close of `n` bars from a 64-bit LCG (Knuth's MMIX constants).
fn walk(n: usize) -> (Vec<f64>, Vec<f64>, Vec<f64>) {
    let mut s: u64 = 7;
    let mut u = move || {
        s = s
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        (s >> 11) as f64 / (1u64 << 53) as f64
    };
    let mut c = 100.0;
    let (mut h, mut l, mut cl) = (Vec::new(), Vec::new(), Vec::new());
    for _ in 0..n {
        c *= 1.0 + (u() - 0.5) * 0.01;
        h.push(c * (1.0 + u() * 0.002));
        l.push(c * (1.0 - u() * 0.002));
        cl.push(c);
    }
    (h, l, cl)
}

fn main() {
    let n = 2_000_000;
    let (h, l, c) = walk(n);
    let kernels: [(&str, &dyn Fn() -> Vec<f64>); 7] = [
        ("sma10", &|| sma(&c, 10)),
        ("sma30", &|| sma(&c, 30)),
        ("ema20", &|| ema(&c, 20)),
        ("rsi14", &|| rsi(&c, 14)),
        ("atr14", &|| atr(&h, &l, &c, 14)),
        ("wma20", &|| wma(&c, 20)),
        ("stddev20", &|| stddev(&c, 20, 1.0)),
    ];
    for (name, f) in kernels {
        let best = (0..5)
            .map(|_| {
                let t = Instant::now();
                black_box(f());
                t.elapsed().as_secs_f64() * 1e9 / n as f64
            })
            .fold(f64::INFINITY, f64::min);
        eprintln!("{name:>9}: {best:.2} ns/bar");
    }
}
