//! Rough timing of `Strategy::signals` on AAPL closes tiled to ~1.3M bars.
//! Run: `cargo run --release -p barstream-strategy --example bench_signals`.
//! Prints ns per bar to stderr for rule evaluation alone (price-only rules) and
//! for the full SMA cross (indicators + rules), and the indicators' share.

use std::time::Instant;

use barstream_strategy::{BarsRef, Strategy};

// The crate's own test-data reader (AAPL columns), shared rather than copied.
#[path = "../src/testing.rs"]
mod testing;

fn main() {
    let cols = testing::aapl();
    let tiled: Vec<Vec<f64>> = cols.iter().map(|c| c.repeat(1000)).collect();
    let bars = BarsRef {
        open: &tiled[0],
        high: &tiled[1],
        low: &tiled[2],
        close: &tiled[3],
        volume: &tiled[4],
    };
    let n = bars.len();
    let specs = [
        (
            "rules only: crossover(close, open)",
            r#"{"name": "r", "entry_long": "crossover(close, open)", "exit_long": "crossunder(close, open)"}"#,
        ),
        (
            "sma cross (sma 10/20 + both rules)",
            r#"{"name": "s", "indicators": {"fast": {"kind": "sma", "period": 10}, "slow": {"kind": "sma", "period": 20}},
                "entry_long": "crossover(fast, slow)", "exit_long": "crossunder(fast, slow)"}"#,
        ),
    ];
    for (label, spec) in specs {
        let s = Strategy::from_json(spec).expect("valid spec");
        let mut fired = 0;
        let runs = 20;
        let t0 = Instant::now();
        for _ in 0..runs {
            fired += s.signals(&bars).entry_long.iter().filter(|&&x| x).count();
        }
        let ns = t0.elapsed().as_nanos() as f64 / (runs * n) as f64;
        eprintln!("{label}: {ns:.2} ns/bar over {n} bars ({fired} entries)");
        // The indicators alone, so the rules' share is the difference.
        let t0 = Instant::now();
        let mut cols = 0;
        for _ in 0..runs {
            cols += s.indicator_values(&bars).len();
        }
        let ns = t0.elapsed().as_nanos() as f64 / (runs * n) as f64;
        eprintln!(
            "  of which indicators ({} columns): {ns:.2} ns/bar",
            cols / runs
        );
    }
}
