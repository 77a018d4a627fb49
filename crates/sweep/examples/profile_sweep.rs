//! Profiling driver (callgrind / timing) for the sweep's inner loop: SMA-cross combinations
//! over S&P 500 symbols from `../shared/data/raw/sp500_5yr`, one thread.
//!
//! `cargo run --release -p barstream-sweep --example profile_sweep -- [symbols] [combos]`

use barstream_engine::{Bars, Batch};
use barstream_sweep::{run_sweep, Control, Plan, SweepConfig};

fn main() {
    let args: Vec<usize> = std::env::args()
        .skip(1)
        .map(|a| a.parse().unwrap())
        .collect();
    let (want, combos) = (
        args.first().copied().unwrap_or(50),
        args.get(1).copied().unwrap_or(100),
    );
    let dir = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../../shared/data/raw/sp500_5yr"
    );
    let mut files: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    files.sort();
    let (mut ts, mut o, mut h, mut l, mut c, mut v) = Default::default();
    let mut offsets = vec![0usize];
    for f in files.iter().take(want) {
        let text = std::fs::read_to_string(f).unwrap();
        let mut last = i64::MIN;
        for (k, line) in text.lines().skip(1).enumerate() {
            let p: Vec<&str> = line.split(',').collect();
            let x: Option<Vec<f64>> = p[1..6].iter().map(|s| s.parse().ok()).collect();
            let Some(x) = x else { continue };
            let t = k as i64 * 86_400_000_000_000;
            if x[1] < x[2] || t <= last {
                continue;
            }
            last = t;
            push(&mut ts, t);
            push(&mut o, x[0]);
            push(&mut h, x[1].max(x[0]).max(x[3]));
            push(&mut l, x[2].min(x[0]).min(x[3]));
            push(&mut c, x[3]);
            push(&mut v, x[4]);
        }
        offsets.push(c.len());
    }
    let batch = Batch {
        bars: Bars {
            ts: &ts,
            open: &o,
            high: &h,
            low: &l,
            close: &c,
            volume: &v,
        },
        offsets: &offsets,
    };
    let spec = r#"{"name": "sma_cross", "indicators": {"fast": {"kind": "sma", "period": 10}, "slow": {"kind": "sma", "period": 30}},
        "entry_long": "crossover(fast, slow)", "exit_long": "crossunder(fast, slow)",
        "entry_short": "crossunder(fast, slow)", "exit_short": "crossover(fast, slow)"}"#;
    let grid = format!(
        r#"{{"params": {{"indicators.fast.period": {{"from": 5, "to": {}, "step": 1}}, "indicators.slow.period": [20, 30, 40, 50, 60, 80, 100, 120, 150, 200]}}}}"#,
        4 + combos / 10
    );
    let cfg = SweepConfig {
        threads: 1,
        ..SweepConfig::default()
    };
    let plan = Plan::build(spec, &grid, &cfg.base).unwrap();
    let r = run_sweep(&plan, batch, &cfg, &Control::default()).unwrap();
    eprintln!(
        "{} symbols x {} combos: {} bar-evals in {:.0} ms = {:.1}M/s",
        offsets.len() - 1,
        plan.grid.combos,
        r.bar_evaluations,
        r.compute_ms,
        r.bar_evaluations as f64 / r.compute_ms / 1e3
    );
}

fn push<T>(v: &mut Vec<T>, x: T) {
    v.push(x);
}
