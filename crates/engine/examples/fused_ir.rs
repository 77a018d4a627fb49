//! The fused kernel's instruction counts beside the gated vectorised path (not gated):
//! the `gate_ir` workloads `replay` / `replay_idle_risk` through
//! `run_symbol_with(.., Kernel::Fused)` (rules per bar inside the replay loop, no signal
//! columns; bit-identical results, `tests/fused_parity.rs`). A separate binary because
//! adding these workloads to `gate_ir` changed how its `replay` workload was inlined
//! (+12.6 Ir/bar with the library unchanged).
//!
//! `valgrind --tool=callgrind target/release/examples/fused_ir <replay_fused|replay_fused_idle_risk|none> 200000`,
//! minus `none`, divided by the bars.
use std::hint::black_box;

use barstream_engine::{run::config_for, run_symbol_with, Kernel, ReplayConfig};
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

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let usage = "usage: fused_ir <none|replay_fused|replay_fused_idle_risk> <bars>";
    let (Some(workload), Some(n)) = (args.get(1), args.get(2).and_then(|s| s.parse().ok())) else {
        eprintln!("{usage}");
        std::process::exit(2);
    };
    let c = synthetic::bars(n, 7);
    let bars = c.view();
    let fused = |spec: &str| {
        let s = Strategy::from_json(spec).expect("fused_ir: built-in spec is valid");
        let cfg = config_for(&s, &ReplayConfig::default());
        black_box(run_symbol_with(&s, bars, &cfg, Kernel::Fused).trades.len())
    };
    let out = match workload.as_str() {
        "none" => black_box(c.close.len()),
        "replay_fused" => fused(SMA_CROSS),
        "replay_fused_idle_risk" => fused(SMA_CROSS_IDLE_RISK),
        other => {
            eprintln!("fused_ir: unknown workload '{other}'; {usage}");
            std::process::exit(2);
        }
    };
    eprintln!("fused_ir {workload} {n}: {out}");
}
