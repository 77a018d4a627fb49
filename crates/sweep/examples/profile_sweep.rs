//! Profiling driver (callgrind / timing) for the sweep's inner loop: SMA-cross combinations
//! (fast 5.. step 1 x 10 slow periods) over the first `symbols` S&P 500 files of
//! `../shared/data/raw/sp500_5yr`, on `threads` workers (default 1).
//!
//! `cargo run --release -p barstream-sweep --example profile_sweep -- [symbols] [combos] [threads]`
//! Prints the peak RSS before and after the sweep (100 vs 1,000 combos: memory per combo).
//! Instructions per bar-evaluation: run under `valgrind --tool=callgrind` with two combo
//! counts and divide the difference in instructions by the difference in bar-evaluations.

#[path = "../../engine/tests/common/mod.rs"]
mod common;

use barstream_sweep::{run_sweep, Control, Plan, SweepConfig};

fn main() {
    let args: Vec<usize> = std::env::args()
        .skip(1)
        .map(|a| a.parse().expect("symbols and combos are counts"))
        .collect();
    let want = args.first().copied().unwrap_or(50);
    let combos = args.get(1).copied().unwrap_or(100);
    let threads = args.get(2).copied().unwrap_or(1);
    let dir = common::raw("sp500_5yr");
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .expect("sp500_5yr beside the checkout")
        .map(|e| e.expect("dir entry").path())
        .collect();
    files.sort();
    let u = common::universe::Universe::new(
        files
            .iter()
            .take(want)
            .map(|f| (f.display().to_string(), common::read_daily(f)))
            .collect(),
    );
    let spec = r#"{"name": "sma_cross", "indicators": {"fast": {"kind": "sma", "period": 10}, "slow": {"kind": "sma", "period": 30}},
        "entry_long": "crossover(fast, slow)", "exit_long": "crossunder(fast, slow)",
        "entry_short": "crossunder(fast, slow)", "exit_short": "crossover(fast, slow)"}"#;
    let grid = format!(
        r#"{{"params": {{"indicators.fast.period": {{"from": 5, "to": {}, "step": 1}}, "indicators.slow.period": [20, 30, 40, 50, 60, 80, 100, 120, 150, 200]}}}}"#,
        4 + combos.div_ceil(10)
    );
    let cfg = SweepConfig {
        threads,
        ..SweepConfig::default()
    };
    let plan = Plan::build(spec, &grid, &cfg.base).expect("valid spec and grid");
    let before = peak_rss_mib();
    let r = run_sweep(&plan, u.batch(), &cfg, &Control::default()).expect("valid batch");
    let result_mib = (r.symbol_metrics.len() + r.universe_metrics.len()) as f64 * 8.0 / 1048576.0;
    eprintln!(
        "{} symbols x {} combos: {} bar-evals in {:.0} ms = {:.1}M/s; peak RSS {:.1} MiB before the sweep, {:.1} MiB after (result rows {:.1} MiB)",
        u.names.len(),
        plan.grid.combos,
        r.bar_evaluations,
        r.compute_ms,
        r.bar_evaluations as f64 / r.compute_ms / 1e3,
        before,
        peak_rss_mib(),
        result_mib,
    );
}

/// Peak resident set size of this process so far (`VmHWM` in /proc/self/status), MiB;
/// NaN where /proc is not available.
fn peak_rss_mib() -> f64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            let line = s.lines().find(|l| l.starts_with("VmHWM:"))?;
            line.split_whitespace().nth(1)?.parse::<f64>().ok()
        })
        .map_or(f64::NAN, |kib| kib / 1024.0)
}
