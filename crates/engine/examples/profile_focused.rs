//! Focused replay vs full replay compute time on synthetic 1-minute bars, by coverage.
//! `cargo run --release -p barstream-engine --example profile_focused`
use std::time::Instant;

use barstream_engine::focus::{run_focused, Windows};
use barstream_engine::{run::config_for, run_symbol, Bars, ReplayConfig};
use barstream_strategy::Strategy;

fn main() {
    let n = 1_000_000;
    let mut seed: u64 = 7;
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
    let ts: Vec<i64> = (0..n as i64).map(|i| i * 60_000_000_000).collect();
    let v = vec![1000.0; n];
    let bars = Bars {
        ts: &ts,
        open: &o,
        high: &h,
        low: &l,
        close: &c,
        volume: &v,
    };
    let specs = [
        (
            "sma_cross",
            r#"{"name":"x","indicators":{"fast":{"kind":"sma","period":10},"slow":{"kind":"sma","period":30}},
          "entry_long":"crossover(fast, slow)","exit_long":"crossunder(fast, slow)"}"#,
        ),
        (
            "sma_cross_risk",
            r#"{"name":"x","indicators":{"fast":{"kind":"sma","period":10},"slow":{"kind":"sma","period":30}},
          "entry_long":"crossover(fast, slow)","exit_long":"crossunder(fast, slow)",
          "risk":{"stop_loss":0.004,"take_profit":0.008,"trailing_stop":0.003,"atr_stop":{"period":14,"multiple":3},"max_bars":60}}"#,
        ),
    ];
    for (name, spec) in specs {
        let s = Strategy::from_json(spec).unwrap();
        let cfg = config_for(&s, &ReplayConfig::default());
        let best = |f: &mut dyn FnMut()| {
            (0..5)
                .map(|_| {
                    let t = Instant::now();
                    f();
                    t.elapsed().as_secs_f64()
                })
                .fold(f64::INFINITY, f64::min)
        };
        let full = run_symbol(&s, bars, &cfg);
        let t_full = best(&mut || {
            run_symbol(&s, bars, &cfg);
        });
        for k in [20usize, 100, 300, 1000] {
            let cands: Vec<usize> = (0..k)
                .map(|i| (i * n / k + (i * 7919) % (n / k)) % n)
                .collect();
            let w = Windows::around(n, &cands, 20).unwrap();
            let f = run_focused(&s, bars, &cfg, &w);
            let t_f = best(&mut || {
                run_focused(&s, bars, &cfg, &w);
            });
            eprintln!(
                "{name}: {k} candidates, coverage {:.1}%, replayed {:.1}%, full {:.1} ms, focused {:.1} ms, speedup {:.1}x (trades {} of {})",
                100.0 * f.bars_simulated as f64 / n as f64,
                100.0 * f.bars_replayed as f64 / n as f64,
                t_full * 1e3,
                t_f * 1e3,
                t_full / t_f,
                f.result.trades.len(),
                full.trades.len()
            );
        }
    }
}

