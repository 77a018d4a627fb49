//! The run result ([`barstream_engine::outcome`]) on real data: its universe statistics
//! equal `universe_stats` over the same members and trades bit for bit (batches filled
//! out of order included); focused replay's rebuilt curves equal the full replay's; the
//! live engine's final report gives the same run result as the batch run.

use crate::common;

use barstream_engine::focus::{focused_batch, plain_batch, Windows};
use barstream_engine::outcome::{RunBuilder, RunPart, RunResult};
use barstream_engine::universe::{universe_stats, Member};
use barstream_engine::{run_batch, Batch, LiveEngine, ReplayConfig};
use barstream_strategy::Strategy;
use common::universe::{example_specs, push_all, sp500, Rng, Universe};

/// The sub-batch of symbols `lo..hi` of `u` (offsets rebased).
fn sub(u: &Universe, lo: usize, hi: usize) -> (Vec<String>, Vec<usize>) {
    let base = u.offsets[lo];
    (
        u.names[lo..hi].to_vec(),
        u.offsets[lo..=hi].iter().map(|o| o - base).collect(),
    )
}

fn slice_batch<'a>(u: &'a Universe, lo: usize, hi: usize, offsets: &'a [usize]) -> Batch<'a> {
    Batch {
        bars: u.batch().bars.slice(u.offsets[lo], u.offsets[hi]),
        offsets,
    }
}

/// The run result of `spec` over `u` in batches of `size` symbols, filled in reverse order.
fn full_run(
    u: &Universe,
    spec: &Strategy,
    cfg: &ReplayConfig,
    size: usize,
    ohlc: bool,
) -> RunResult {
    let k = u.names.len();
    let mut b = RunBuilder::new(cfg.initial_cash, ohlc);
    let mut parts = Vec::new();
    for lo in (0..k).step_by(size) {
        let hi = (lo + size).min(k);
        let (names, offsets) = sub(u, lo, hi);
        let batch = slice_batch(u, lo, hi, &offsets);
        let results = run_batch(spec, batch, cfg).unwrap();
        parts.push((
            b.reserve(),
            RunPart::from_batch(&names, &batch, &results, ohlc).unwrap(),
        ));
    }
    for (slot, part) in parts.into_iter().rev() {
        b.fill(slot, Ok(part)).unwrap();
    }
    b.finish().unwrap()
}

fn bits(x: &[f64]) -> Vec<u64> {
    x.iter().map(|v| v.to_bits()).collect()
}

#[test]
fn universe_stats_equal_universe_stats_over_the_same_members_bit_for_bit() {
    let u = sp500();
    let cfg = ReplayConfig {
        initial_cash: 25_000.0,
        ..ReplayConfig::default()
    };
    for text in example_specs() {
        let spec = Strategy::from_json(&text).unwrap();
        let run = full_run(&u, &spec, &cfg, 7, false);
        // Reference: one batch, the members and trades as TypeScript passes them today.
        let results = run_batch(&spec, u.batch(), &cfg).unwrap();
        let members: Vec<Member> = results
            .iter()
            .enumerate()
            .map(|(i, r)| {
                let (lo, hi) = (u.offsets[i], u.offsets[i + 1]);
                Member {
                    ts: &u.cols.ts[lo..hi],
                    equity: &r.equity,
                    close: &u.cols.close[lo..hi],
                }
            })
            .collect();
        let pnl: Vec<f64> = results
            .iter()
            .flat_map(|r| r.trades.iter().map(|t| t.pnl))
            .collect();
        let ret: Vec<f64> = results
            .iter()
            .flat_map(|r| r.trades.iter().map(|t| t.return_frac))
            .collect();
        let want = universe_stats(&members, cfg.initial_cash, &pnl, &ret).unwrap();
        assert_eq!(
            serde_json::to_string(&run.universe.stats).unwrap(),
            serde_json::to_string(&want).unwrap(),
            "{}",
            spec.name()
        );
        assert_eq!(format!("{:?}", run.universe.stats), format!("{want:?}"));
        // Per symbol: stats, trades and curves as the batch result holds them.
        assert_eq!(run.symbols.len(), results.len());
        for (i, (s, r)) in run.symbols.iter().zip(&results).enumerate() {
            assert_eq!(s.symbol, u.names[i]);
            assert_eq!(format!("{:?}", s.stats), format!("{:?}", r.stats));
            assert_eq!(
                bits(&run.curves.equity[run.curves.rows(i)]),
                bits(&r.equity)
            );
        }
        assert_eq!(bits(&run.trades.pnl), bits(&pnl));
        assert_eq!(run.universe.trades, pnl.len());
        assert_eq!(run.universe.initial_cash, 25_000.0 * u.names.len() as f64);
        assert_eq!(run.universe.drawdown.len(), run.universe.curves.ts.len());
        // Trade times are their bars' times.
        for k in 0..run.trades.len() {
            let i = run.trades.symbol_index[k] as usize;
            let lo = run.curves.offsets[i];
            assert_eq!(
                run.trades.entry_ts[k],
                run.curves.ts[lo + run.trades.entry_bar[k] as usize]
            );
            assert_eq!(
                run.trades.exit_ts[k],
                run.curves.ts[lo + run.trades.exit_bar[k] as usize]
            );
        }
    }
}

#[test]
fn batch_order_and_ohlc_do_not_change_the_result() {
    let u = sp500();
    let spec = Strategy::from_json(&example_specs()[0]).unwrap();
    let cfg = ReplayConfig::default();
    let one = full_run(&u, &spec, &cfg, u.names.len(), false);
    let many = full_run(&u, &spec, &cfg, 5, true);
    assert_eq!(
        format!("{:?}", one.universe),
        format!("{:?}", many.universe)
    );
    assert_eq!(one.trades, many.trades);
    assert_eq!(one.curves.equity.len(), many.curves.equity.len());
    let ohlc = many.curves.ohlc.as_ref().unwrap();
    assert_eq!(bits(&ohlc.open), bits(&u.cols.open));
    assert_eq!(bits(&ohlc.low), bits(&u.cols.low));
}

#[test]
fn finish_refuses_an_unfilled_slot_and_names_a_failed_batch() {
    let mut b = RunBuilder::new(1.0, false);
    let _slot = b.reserve();
    assert!(b.finish().unwrap_err().contains("have not finished"));
    let mut b = RunBuilder::new(1.0, false);
    let s = b.reserve();
    b.fill(s, Err("AAPL row 3: close is NaN".into())).unwrap();
    assert_eq!(
        b.finish().unwrap_err(),
        "batch 0 failed: AAPL row 3: close is NaN"
    );
}

/// Windows around every bar: the focused replay then trades exactly as the full replay.
fn windows_everywhere(u: &Universe) -> Vec<Windows> {
    (0..u.names.len())
        .map(|i| {
            let n = u.offsets[i + 1] - u.offsets[i];
            let cands: Vec<usize> = (0..n).step_by(7).collect();
            Windows::around(n, &cands, 4).unwrap()
        })
        .collect()
}

/// Sparse windows: every 97th bar, half-width 10.
fn windows_sparse(u: &Universe) -> Vec<Windows> {
    (0..u.names.len())
        .map(|i| {
            let n = u.offsets[i + 1] - u.offsets[i];
            let cands: Vec<usize> = (0..n).step_by(97).collect();
            Windows::around(n, &cands, 10).unwrap()
        })
        .collect()
}

#[test]
fn focused_curves_rebuilt_equal_the_full_replay_curves() {
    let u = sp500();
    let cfg = ReplayConfig::default();
    for text in example_specs() {
        let spec = Strategy::from_json(&text).unwrap();
        let name = spec.name().to_string();
        // Windows over every bar: focused replay == full replay.
        let windows = windows_everywhere(&u);
        let focused = focused_batch(&spec, u.batch(), &cfg, &windows).unwrap();
        let mut b = RunBuilder::new(cfg.initial_cash, true);
        b.push(RunPart::from_focused(&u.names, &u.batch(), &focused, true).unwrap())
            .unwrap();
        let got = b.finish().unwrap();
        let want = full_run(&u, &spec, &cfg, u.names.len(), true);
        assert_eq!(
            bits(&got.curves.equity),
            bits(&want.curves.equity),
            "{name}: curves"
        );
        assert_eq!(got.trades, want.trades, "{name}: trades");
        assert_eq!(
            format!("{:?}", got.symbols),
            format!("{:?}", want.symbols),
            "{name}"
        );
        assert_eq!(
            format!("{:?}", got.universe),
            format!("{:?}", want.universe),
            "{name}"
        );

        // Sparse windows: the rebuilt curve equals the plain path's (the full replay with
        // entries only in the windows), every bar.
        let windows = windows_sparse(&u);
        let focused = focused_batch(&spec, u.batch(), &cfg, &windows).unwrap();
        let plain = plain_batch(&spec, u.batch(), &cfg, &windows).unwrap();
        let f = RunPart::from_focused(&u.names, &u.batch(), &focused, false).unwrap();
        let p = RunPart::from_batch(&u.names, &u.batch(), &plain, false).unwrap();
        assert_eq!(
            bits(&f.curves.equity),
            bits(&p.curves.equity),
            "{name}: sparse curves"
        );
        assert_eq!(f.trades, p.trades, "{name}: sparse trades");
        assert_eq!(
            format!("{:?}", f.symbols),
            format!("{:?}", p.symbols),
            "{name}"
        );
    }
}

#[test]
fn the_live_engines_report_gives_the_batch_runs_result() {
    let u = sp500();
    let cfg = ReplayConfig::default();
    let text = &example_specs()[0];
    let spec = Strategy::from_json(text).unwrap();
    let mut engine = LiveEngine::new(text, cfg, u.names.clone()).unwrap();
    let mut rng = Rng(11);
    let order = u.arrival_order(&mut rng);
    push_all(&mut engine, &u, &order, 64, &mut rng);
    let mut b = RunBuilder::new(cfg.initial_cash, false);
    b.push(RunPart::from_live(&engine).unwrap()).unwrap();
    let live = b.finish().unwrap();
    let batch = full_run(&u, &spec, &cfg, 9, false);
    assert_eq!(format!("{live:?}"), format!("{batch:?}"));
}
