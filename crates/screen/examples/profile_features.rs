//! ns per bar of each feature and of a whole screen on synthetic bars:
//! `cargo run --release -p barstream-screen --example profile_features`.
#![allow(
    clippy::print_stdout,
    reason = "a profiling tool: its report is its output"
)]

use std::time::Instant;

use barstream_model::Bars;
use barstream_screen::Screen;

fn main() {
    let n = 2_000_000;
    let mut seed = 7u64;
    let mut next = || {
        seed = seed
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (seed >> 11) as f64 / (1u64 << 53) as f64
    };
    let (mut ts, mut o, mut h, mut l, mut c, mut v) =
        (vec![], vec![], vec![], vec![], vec![], vec![]);
    let mut p = 100.0;
    for i in 0..n {
        let op = p;
        let cl = op * (1.0 + 0.02 * (next() - 0.5));
        ts.push(i as i64 * 86_400_000_000_000);
        o.push(op);
        c.push(cl);
        h.push(op.max(cl) * (1.0 + 0.01 * next()));
        l.push(op.min(cl) * (1.0 - 0.01 * next()));
        v.push(1e6);
        p = cl;
    }
    let bars = Bars {
        ts: &ts,
        open: &o,
        high: &h,
        low: &l,
        close: &c,
        volume: &v,
    };
    let features = [
        ("ma_cross", r#""ma_cross": {"fast": 10, "slow": 30}"#),
        (
            "atr_regime",
            r#""atr_regime": {"window": 100, "high": 0.9, "low": 0.2}"#,
        ),
        ("opening_gap", r#""opening_gap": {"min_gap": 0.02}"#),
        ("session_break", r#""session_break": {}"#),
        ("donchian", r#""donchian": {"period": 20}"#),
        ("rsi_extreme", r#""rsi_extreme": {}"#),
    ];
    for (name, f) in features {
        let s = Screen::from_json(&format!(
            r#"{{"name": "p", "threshold": 1, "features": {{{f}}}}}"#
        ))
        .unwrap();
        let t = Instant::now();
        let m = s.mask(&bars);
        let dt = t.elapsed().as_nanos() as f64 / n as f64;
        println!(
            "{name:14} {dt:6.1} ns/bar ({} bars fired)",
            m.iter().filter(|&&x| x != 0).count()
        );
    }
}
