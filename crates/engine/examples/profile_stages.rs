//! Times each stage of `run_symbol` (signals, ATR, replay, stats) on synthetic bars.
//! `cargo run --release -p barstream-engine --example profile_stages`
use std::time::Instant;

use barstream_engine::{replay, run::config_for, Bars, ReplayConfig, SignalsRef};
use barstream_stats::{compute, StatsInput};
use barstream_strategy::{BarsRef, Strategy};

#[path = "common/synthetic.rs"]
mod synthetic;

fn main() {
    let n = 2_000_000;
    let synthetic::Columns {
        ts,
        open: o,
        high: h,
        low: l,
        close: c,
        volume: v,
    } = synthetic::bars(n, 7);
    let spec = synthetic::SMA_CROSS_RISK;
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
        let out = replay(bars, SignalsRef::from(&sig), &atr, &cfg);
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
