//! Fixed workloads for the instruction-count gates (`bench/gate/callgrind.mjs`), run under
//! `valgrind --tool=callgrind`: the gate subtracts the `none` workload (bar generation and
//! process start-up) from each other workload at the same bar count and divides by it,
//! giving instructions per bar of that work alone, deterministic for a given build.
//!
//! `cargo run --release -p barstream-engine --example gate_ir -- <workload> <bars>`
//!
//! Workloads (one symbol of synthetic one-minute bars, seed 7):
//! - `none`: generate the bars only;
//! - `indicators`: SMA(10), EMA(20), RSI(14), ATR(14) via `Strategy::indicator_values`;
//! - `replay`: `run_symbol` (signals, replay, statistics) of SMA 10/30 cross, no risk exits;
//! - `replay_idle_risk`: the same with all five risk exits at levels that never fire;
//! - `replay_idle_checks`: the same with the four exits that need no indicator (no ATR
//!   stop): the cost of the checks alone;
//! - `atr`: the ATR(14) column the ATR stop reads (`barstream_indicators::atr`), the
//!   indicator part of the ATR stop.
use std::hint::black_box;

use barstream_engine::{run::config_for, run_symbol, ReplayConfig};
use barstream_strategy::Strategy;

#[expect(
    dead_code,
    reason = "only the bar generator is used, not the shared spec"
)]
#[path = "common/synthetic.rs"]
mod synthetic;

const SMA_CROSS: &str = r#"{"name":"g","indicators":{"fast":{"kind":"sma","period":10},"slow":{"kind":"sma","period":30}},
  "entry_long":"crossover(fast, slow)","exit_long":"crossunder(fast, slow)"}"#;
const SMA_CROSS_IDLE_RISK: &str = r#"{"name":"g","indicators":{"fast":{"kind":"sma","period":10},"slow":{"kind":"sma","period":30}},
  "entry_long":"crossover(fast, slow)","exit_long":"crossunder(fast, slow)",
  "risk":{"stop_loss":0.99,"take_profit":0.999,"trailing_stop":0.99,"atr_stop":{"period":14,"multiple":1e6},"max_bars":4000000000}}"#;
const SMA_CROSS_IDLE_CHECKS: &str = r#"{"name":"g","indicators":{"fast":{"kind":"sma","period":10},"slow":{"kind":"sma","period":30}},
  "entry_long":"crossover(fast, slow)","exit_long":"crossunder(fast, slow)",
  "risk":{"stop_loss":0.99,"take_profit":0.999,"trailing_stop":0.99,"max_bars":4000000000}}"#;
const INDICATORS: &str = r#"{"name":"g","indicators":{"sma10":{"kind":"sma","period":10},"ema20":{"kind":"ema","period":20},
  "rsi14":{"kind":"rsi","period":14},"atr14":{"kind":"atr","period":14}},"entry_long":"rsi14 < 30"}"#;

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let usage =
        "usage: gate_ir <none|indicators|replay|replay_idle_risk|replay_idle_checks|atr> <bars>";
    let (Some(workload), Some(n)) = (args.get(1), args.get(2).and_then(|s| s.parse().ok())) else {
        eprintln!("{usage}");
        std::process::exit(2);
    };
    let c = synthetic::bars(n, 7);
    let bars = c.view();
    let replay = |spec: &str| {
        let s = Strategy::from_json(spec).expect("gate_ir: built-in spec is valid");
        let r = run_symbol(&s, bars, &config_for(&s, &ReplayConfig::default()));
        black_box(r.trades.len())
    };
    let out = match workload.as_str() {
        "none" => black_box(c.close.len()),
        "indicators" => {
            let s = Strategy::from_json(INDICATORS).expect("gate_ir: built-in spec is valid");
            black_box(s.indicator_values(&bars.view()).len())
        }
        "replay" => replay(SMA_CROSS),
        "replay_idle_risk" => replay(SMA_CROSS_IDLE_RISK),
        "replay_idle_checks" => replay(SMA_CROSS_IDLE_CHECKS),
        "atr" => black_box(barstream_indicators::atr(bars.high, bars.low, bars.close, 14).len()),
        other => {
            eprintln!("gate_ir: unknown workload '{other}'; {usage}");
            std::process::exit(2);
        }
    };
    eprintln!("gate_ir {workload} {n}: {out}");
}
