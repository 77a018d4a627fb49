//! Times each stage of `run_symbol` (signals, ATR, replay, stats) on synthetic bars.
//! `cargo run --release -p barstream-engine --example profile_stages`
use std::time::Instant;

use barstream_engine::{replay, run::config_for, Bars, ReplayConfig, SignalsRef};
use barstream_stats::{compute, StatsInput};
use barstream_strategy::{BarsRef, Strategy};

fn main() {
    let n = 2_000_000;
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
    let spec = r#"{"name":"x","indicators":{"fast":{"kind":"sma","period":10},"slow":{"kind":"sma","period":30}},
      "entry_long":"crossover(fast, slow)","exit_long":"crossunder(fast, slow)",
      "risk":{"stop_loss":0.004,"take_profit":0.008,"trailing_stop":0.003,"atr_stop":{"period":14,"multiple":3},"max_bars":60}}"#;
    let s = Strategy::from_json(spec).unwrap();
    let cfg = config_for(&s, &ReplayConfig::default());
    let per = |t: Instant| t.elapsed().as_secs_f64() * 1e9 / n as f64;
    for _ in 0..3 {
        let t = Instant::now();
        let sig = s.signals(&BarsRef {
            open: &o,
            high: &h,
            low: &l,
            close: &c,
            volume: &v,
        });
        let t_sig = per(t);
        let t = Instant::now();
        let atr = barstream_indicators::atr(&h, &l, &c, 14);
        let t_atr = per(t);
        let t = Instant::now();
        let bars = Bars {
            ts: &ts,
            open: &o,
            high: &h,
            low: &l,
            close: &c,
            volume: &v,
        };
        let out = replay(
            bars,
            SignalsRef {
                entry_long: &sig.entry_long,
                exit_long: &sig.exit_long,
                entry_short: &sig.entry_short,
                exit_short: &sig.exit_short,
            },
            &atr,
            &cfg,
        );
        let t_rep = per(t);
        let t = Instant::now();
        let st = compute(&StatsInput {
            ts: &ts,
            equity: &out.equity,
            close: &c,
            initial_cash: 1e4,
            trades: &[],
            bars_in_market: out.bars_in_market,
        });
        let t_st = per(t);
        eprintln!("ns/bar: signals {t_sig:.2}, atr {t_atr:.2}, replay {t_rep:.2}, stats {t_st:.2}  (trades {}, sharpe {:.3})", out.trades.len(), st.sharpe);
    }
}
