//! Parity of the sweep with plain backtests (`run_symbol` + `universe_stats`) on real
//! S&P 500 bars, sharing counts, windows, memory passes and cancellation.

use std::collections::HashMap;
use std::sync::atomic::Ordering;

use barstream_engine::replay::{replay, SignalsRef};
use barstream_engine::run::{run_symbol, symbol_result};
use barstream_engine::universe::{universe_stats, Member};
use barstream_engine::{CloseAtEnd, ReplayConfig, SymbolResult};
use barstream_model::UnixNanos;
use barstream_strategy::Strategy;

use crate::metrics::{write_row, NAMES};
use crate::testing::{load, symbol, Universe};
use crate::{run_sweep, Control, Plan, SweepConfig, SweepJob, SweepResult};

const SPEC: &str = r#"{"name": "sma_cross_risk",
  "indicators": {"fast": {"kind": "sma", "period": 10}, "slow": {"kind": "sma", "period": 30},
                 "r": {"kind": "rsi", "period": 14}},
  "entry_long": "crossover(fast, slow) and r < 70", "exit_long": "crossunder(fast, slow)",
  "entry_short": "crossunder(fast, slow)", "exit_short": "crossover(fast, slow)",
  "risk": {"take_profit": 0.2, "trailing_stop": 0.08, "atr_stop": {"period": 14, "multiple": 3}, "max_bars": 60},
  "sizing": {"mode": "fraction", "value": 1.0}}"#;

const GRID: &str = r#"{"params": {
    "indicators.fast.period": [5, 10, 20],
    "indicators.slow.period": [20, 50],
    "risk.stop_loss": {"from": 0.03, "to": 0.06, "step": 0.03},
    "risk.atr_stop.multiple": [2, 3.5],
    "sizing.value": [0.5, 1.0]},
  "constraints": ["indicators.fast.period < indicators.slow.period"]}"#;

/// AAPL, MSFT, XOM, plus two symbols whose history starts late or has gaps (different
/// calendars exercise the universe's forward fill).
const SYMBOLS: [&str; 5] = ["AAPL", "MSFT", "XOM", "APTV", "DXC"];

fn cfg() -> ReplayConfig {
    ReplayConfig {
        commission: barstream_engine::Commission {
            fraction: 0.001,
            fixed: 0.0,
        },
        slippage: 0.0005,
        ..ReplayConfig::default()
    }
}

fn row(s: &barstream_stats::Stats) -> Vec<f64> {
    let mut r = vec![0.0; NAMES.len()];
    write_row(s, &mut r);
    r
}

fn bit_equal(a: &[f64], b: &[f64]) -> bool {
    a.iter()
        .zip(b)
        .all(|(x, y)| x.to_bits() == y.to_bits() || (x.is_nan() && y.is_nan()))
}

/// Universe rows equal except `sqn`, streamed within 1e-10 relative (see `trade_stream`).
fn assert_universe_equal(got: &[f64], want: &[f64], what: &str) {
    for (k, name) in NAMES.iter().enumerate() {
        let (g, w) = (got[k], want[k]);
        let ok = g.to_bits() == w.to_bits()
            || (g.is_nan() && w.is_nan())
            || (*name == "sqn" && (g - w).abs() <= 1e-10 * w.abs());
        assert!(ok, "{what}: universe {name}: {g} vs {w}");
    }
}

/// Per (combo, symbol) metrics row of a result.
fn by_pair(r: &SweepResult) -> HashMap<(i32, i32), Vec<f64>> {
    let m = NAMES.len();
    (0..r.symbol_combo.len())
        .map(|j| {
            (
                (r.symbol_combo[j], r.symbol_index[j]),
                r.symbol_metrics[j * m..(j + 1) * m].to_vec(),
            )
        })
        .collect()
}

fn universe_rows(r: &SweepResult) -> HashMap<i32, Vec<f64>> {
    let m = NAMES.len();
    r.universe_combo
        .iter()
        .enumerate()
        .map(|(j, &c)| (c, r.universe_metrics[j * m..(j + 1) * m].to_vec()))
        .collect()
}

/// The plain universe of per-symbol results over bars `(ts, close)` per symbol.
fn plain_universe(results: &[SymbolResult], curves: &[(&[i64], &[f64])], cash: f64) -> Vec<f64> {
    let members: Vec<Member> = results
        .iter()
        .zip(curves)
        .map(|(r, (ts, close))| Member {
            ts,
            equity: &r.equity,
            close,
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
    row(&universe_stats(&members, cash, &pnl, &ret).unwrap())
}

fn sweep(u: &Universe, plan: &Plan, sc: SweepConfig) -> SweepResult {
    run_sweep(plan, u.batch(), &sc, &Control::default()).unwrap()
}

/// Every combination of `grid` over `spec_text` equals the plain path, per symbol (bit for
/// bit) and across the universe; returns the per-pair rows.
fn assert_parity(spec_text: &str, grid: &str, combos: usize) -> HashMap<(i32, i32), Vec<f64>> {
    assert_parity_with(spec_text, grid, combos, cfg())
}

/// [`assert_parity`] with the replay settings `base`.
fn assert_parity_with(
    spec_text: &str,
    grid: &str,
    combos: usize,
    base: ReplayConfig,
) -> HashMap<(i32, i32), Vec<f64>> {
    let u = load(&SYMBOLS);
    let plan = Plan::build(spec_text, grid, &base).unwrap();
    assert_eq!(plan.grid.combos, combos);
    let sc = SweepConfig {
        base,
        threads: 2,
        ..SweepConfig::default()
    };
    let r = sweep(&u, &plan, sc);
    assert!(!r.cancelled);
    let pairs = by_pair(&r);
    let unis = universe_rows(&r);
    assert_eq!((pairs.len(), unis.len()), (combos * SYMBOLS.len(), combos));
    let mut trades = 0;
    let mut best = (f64::NEG_INFINITY, 0);
    for c in 0..plan.grid.combos {
        let combo = plan.combo(c).unwrap();
        let strategy = &combo.strategy;
        // The plain path: substitute by hand, parse, run.
        let mut spec: serde_json::Value = serde_json::from_str(spec_text).unwrap();
        for (p, v) in plan.grid.paths.iter().zip(plan.grid.combo(c)) {
            crate::substitute::set(&mut spec, p, *v).unwrap();
        }
        let plain = Strategy::from_json(&spec.to_string()).unwrap();
        let pcfg = barstream_engine::run::config_for(&plain, &base);
        assert_eq!(pcfg, combo.config);
        assert_eq!(plain.indicator_keys(), strategy.indicator_keys());
        let results: Vec<SymbolResult> = (0..SYMBOLS.len())
            .map(|i| run_symbol(&plain, symbol(&u, i), &pcfg))
            .collect();
        for (i, res) in results.iter().enumerate() {
            trades += res.trades.len();
            let got = &pairs[&(c as i32, i as i32)];
            assert!(bit_equal(got, &row(&res.stats)), "combo {c} symbol {i}");
        }
        let curves: Vec<(&[i64], &[f64])> = (0..SYMBOLS.len())
            .map(|i| (symbol(&u, i).ts, symbol(&u, i).close))
            .collect();
        let want = plain_universe(&results, &curves, pcfg.initial_cash);
        assert_universe_equal(&unis[&(c as i32)], &want, &format!("combo {c}"));
        let sharpe = unis[&(c as i32)][NAMES.iter().position(|n| *n == "sharpe").unwrap()];
        if sharpe > best.0 {
            best = (sharpe, c);
        }
    }
    assert!(trades > 1000, "the combinations trade ({trades} trades)");
    assert!(
        best.0.is_finite(),
        "the best combination by Sharpe ({}) was checked",
        best.1
    );
    pairs
}

#[test]
fn every_combination_equals_a_plain_backtest_per_symbol_and_across_the_universe() {
    // fast < slow: (5, 20), (10, 20), (5, 50), (10, 50), (20, 50) = 5, times 2 x 2 x 2.
    let pairs = assert_parity(SPEC, GRID, 40);
    // Risk exits fire: the stop-loss and ATR-stop values change results.
    assert!(!bit_equal(&pairs[&(0, 0)], &pairs[&(2, 0)]));
    assert!(!bit_equal(&pairs[&(0, 0)], &pairs[&(4, 0)]));
}

#[test]
fn without_risk_exits_the_quiet_bar_jumps_equal_a_plain_backtest() {
    // No risk section: the replay jumps between signal bars (`advance_quiet`); long-only
    // and long/short, sizing swept.
    let long_short = r#"{"name": "x", "indicators": {"fast": {"kind": "sma", "period": 10},
        "slow": {"kind": "ema", "period": 30}},
        "entry_long": "crossover(fast, slow)", "exit_long": "crossunder(fast, slow)",
        "entry_short": "crossunder(fast, slow)", "exit_short": "crossover(fast, slow)",
        "sizing": {"mode": "cash", "value": 5000}}"#;
    let long_only = r#"{"name": "y", "indicators": {"fast": {"kind": "sma", "period": 10},
        "slow": {"kind": "ema", "period": 30}},
        "entry_long": "crossover(fast, slow)", "exit_long": "crossunder(fast, slow)",
        "sizing": {"mode": "cash", "value": 5000, "whole_units": true}}"#;
    let grid = r#"{"params": {"indicators.fast.period": [3, 8, 15],
        "indicators.slow.period": [20, 40], "sizing.value": [2000, 9000]}}"#;
    assert_parity(long_short, grid, 12);
    assert_parity(long_only, grid, 12);
}

#[test]
fn closing_the_open_position_at_the_end_equals_a_plain_backtest() {
    // The close-at-end fill changes the last equity value after the quiet-bar jumps have
    // summarised the curve: the sweep must summarise it after `finish`.
    let long_short = r#"{"name": "x", "indicators": {"fast": {"kind": "sma", "period": 10},
        "slow": {"kind": "ema", "period": 30}},
        "entry_long": "crossover(fast, slow)", "exit_long": "crossunder(fast, slow)",
        "entry_short": "crossunder(fast, slow)", "exit_short": "crossover(fast, slow)",
        "sizing": {"mode": "fraction", "value": 0.9}}"#;
    let grid = r#"{"params": {"indicators.fast.period": [3, 8, 15],
        "indicators.slow.period": [20, 40]}}"#;
    for close_at_end in [CloseAtEnd::LastOpen, CloseAtEnd::LastClose] {
        let base = ReplayConfig {
            close_at_end,
            ..cfg()
        };
        assert_parity_with(long_short, grid, 6, base);
        assert_parity_with(SPEC, GRID, 40, base);
    }
}

#[test]
fn each_distinct_indicator_is_computed_once_per_symbol() {
    let u = load(&SYMBOLS[..2]);
    let plan = Plan::build(SPEC, GRID, &cfg()).unwrap();
    let r = sweep(&u, &plan, SweepConfig::default());
    // Per symbol, distinct: sma 5, 10, 20 (fast), sma 20, 50 (slow: 20 is shared with fast
    // 20), rsi 14, and the ATR of the ATR stop = 3 + 1 + 1 + 1 = 6. Requested: 3
    // indicators + 1 ATR per combination.
    assert_eq!(r.indicators_computed, 2 * 6);
    assert_eq!(r.indicators_requested, 2 * 40 * 4);
    let bars: usize = (0..2).map(|i| symbol(&u, i).len()).sum();
    assert_eq!(r.bar_evaluations, (40 * bars) as u64);
}

#[test]
fn threads_and_memory_ranges_do_not_change_any_result() {
    let u = load(&SYMBOLS[..3]);
    let plan = Plan::build(SPEC, GRID, &cfg()).unwrap();
    let one = sweep(
        &u,
        &plan,
        SweepConfig {
            base: cfg(),
            threads: 1,
            ..SweepConfig::default()
        },
    );
    let two = sweep(
        &u,
        &plan,
        SweepConfig {
            base: cfg(),
            threads: 2,
            ..SweepConfig::default()
        },
    );
    // A budget of 0 MiB: one combination per range, indicators recomputed per range.
    let tiny = sweep(
        &u,
        &plan,
        SweepConfig {
            base: cfg(),
            memory_budget_mb: 0,
            ..SweepConfig::default()
        },
    );
    for other in [&two, &tiny] {
        assert_eq!(by_pair(&one).len(), by_pair(other).len());
        for (k, v) in by_pair(&one) {
            assert!(bit_equal(&v, &by_pair(other)[&k]), "{k:?}");
        }
        for (k, v) in universe_rows(&one) {
            assert!(bit_equal(&v, &universe_rows(other)[&k]), "universe {k}");
        }
    }
    assert!(tiny.indicators_computed > one.indicators_computed);
}

#[test]
fn eval_window_equals_a_plain_run_that_starts_trading_at_eval_from() {
    let u = load(&SYMBOLS);
    let plan = Plan::build(SPEC, GRID, &cfg()).unwrap();
    // A window inside AAPL's history (from its bar 500 to its bar 1000).
    let aapl = symbol(&u, 0);
    let (from, to) = (aapl.ts[500], aapl.ts[1000]);
    let r = sweep(
        &u,
        &plan,
        SweepConfig {
            base: cfg(),
            eval_from_ts: Some(UnixNanos(from)),
            eval_to_ts: Some(UnixNanos(to)),
            ..SweepConfig::default()
        },
    );
    let (pairs, unis) = (by_pair(&r), universe_rows(&r));
    let mut empty = 0;
    for c in [0, 7, 21, 39] {
        let combo = plan.combo(c).unwrap();
        let (s, pcfg) = (&combo.strategy, &combo.config);
        let mut results = Vec::new();
        let mut curves = Vec::new();
        for i in 0..SYMBOLS.len() {
            // Reference: indicators and signals over every bar up to `to`, the replay and
            // its statistics over the bars from `from` on (no order before: the replay
            // starts there, flat, with the initial cash).
            let all = symbol(&u, i);
            let end = all.ts.partition_point(|&t| t <= to);
            let start = all.ts.partition_point(|&t| t < from);
            let head = all.slice(0, end);
            let sig = s.signals(&head.view());
            let atr = barstream_indicators::atr(head.high, head.low, head.close, 14);
            let sr = SignalsRef::from(&sig);
            let sliced = SignalsRef {
                entry_long: &sr.entry_long[start..],
                exit_long: &sr.exit_long[start..],
                entry_short: &sr.entry_short[start..],
                exit_short: &sr.exit_short[start..],
            };
            let eval = head.slice(start, end);
            let out = replay(eval, sliced, &atr[start..], pcfg);
            if start < end {
                assert_eq!(out.equity.first(), Some(&pcfg.initial_cash));
            } else {
                empty += 1; // a symbol listed only after the window: an empty member
            }
            let res = symbol_result(out, eval.ts, eval.close, pcfg.initial_cash);
            assert!(
                bit_equal(&pairs[&(c as i32, i as i32)], &row(&res.stats)),
                "combo {c} symbol {i}"
            );
            assert_eq!(res.stats.n_bars, end - start);
            results.push(res);
            curves.push((eval.ts, eval.close));
        }
        let want = plain_universe(&results, &curves, pcfg.initial_cash);
        assert_universe_equal(&unis[&(c as i32)], &want, &format!("window combo {c}"));
    }
    assert_eq!(empty, 2 * 4, "APTV and DXC list after the window");
}

#[test]
fn cancellation_returns_a_consistent_partial_result() {
    let u = load(&SYMBOLS);
    let plan = Plan::build(SPEC, GRID, &cfg()).unwrap();
    let sc = SweepConfig {
        base: cfg(),
        threads: 1,
        ..SweepConfig::default()
    };
    let full = by_pair(&sweep(&u, &plan, sc));
    // Cancelled before starting: nothing done.
    let control = Control::default();
    control.cancel.store(true, Ordering::Relaxed);
    let r = run_sweep(&plan, u.batch(), &sc, &control).unwrap();
    assert!(r.cancelled && r.symbol_combo.is_empty() && r.universe_combo.is_empty());
    // Cancelled mid-run by a watcher: the finished rows equal the full run's. The whole run
    // takes a few ms, so on a busy machine it can end before the watcher is scheduled: try
    // until the cancel lands mid-run (a finished run must then equal the full one).
    let (r, control) = (0..50)
        .find_map(|_| {
            let control = Control::default();
            let r = std::thread::scope(|s| {
                s.spawn(|| {
                    while control.progress.load(Ordering::Relaxed) < 60 {
                        std::thread::yield_now();
                    }
                    control.cancel.store(true, Ordering::Relaxed);
                });
                run_sweep(&plan, u.batch(), &sc, &control).unwrap()
            });
            if !r.cancelled {
                assert_eq!(by_pair(&r).len(), full.len(), "an uncancelled run is whole");
            }
            r.cancelled.then_some((r, control))
        })
        .expect("the watcher cancelled one of 50 runs mid-way");
    let part = by_pair(&r);
    assert!(
        part.len() >= 60 && part.len() < full.len(),
        "{} rows",
        part.len()
    );
    assert_eq!(control.progress.load(Ordering::Relaxed), part.len());
    for (k, v) in &part {
        assert!(bit_equal(v, &full[k]));
    }
    // No universe row unless the combination finished every symbol.
    assert!(r.universe_combo.is_empty());
}

#[test]
fn an_invalid_combination_names_its_parameters_and_the_spec_error() {
    let err = Plan::build(
        SPEC,
        r#"{"params": {"indicators.fast.period": [0, 5], "risk.stop_loss": [0.05]}}"#,
        &cfg(),
    )
    .unwrap_err();
    assert!(
        err.starts_with(
            "combination 0 (indicators.fast.period=0, risk.stop_loss=0.05): indicators.fast.period"
        ),
        "{err}"
    );
}

#[test]
fn an_evaluation_window_that_ends_before_it_starts_is_refused() {
    let u = load(&SYMBOLS[..1]);
    let plan = Plan::build(SPEC, GRID, &cfg()).unwrap();
    let sc = SweepConfig {
        eval_from_ts: Some(UnixNanos(10)),
        eval_to_ts: Some(UnixNanos(5)),
        ..SweepConfig::default()
    };
    let err = run_sweep(&plan, u.batch(), &sc, &Control::default()).unwrap_err();
    assert_eq!(err.to_string(), "evalFromTs (10) is after evalToTs (5)");
}

/// Ranges of uneven lengths run one after another on one job (so later ranges reuse and reset
/// the accumulators of longer and shorter ranges before them), concatenated, equal one run
/// of every combination bit for bit, per symbol and universe, and count the same work.
#[test]
fn ranges_on_reused_buffers_concatenated_equal_one_run() {
    let u = load(&SYMBOLS[..3]);
    let plan = Plan::build(SPEC, GRID, &cfg()).unwrap();
    let sc = SweepConfig {
        base: cfg(),
        threads: 2,
        ..SweepConfig::default()
    };
    let one = sweep(&u, &plan, sc);
    let mut job = SweepJob::new(u.batch(), &sc).unwrap();
    assert!(job.combos_per_range() >= 40);
    let control = Control::default();
    let (mut pairs, mut unis) = (HashMap::new(), HashMap::new());
    let (mut rows, mut evals, mut first) = (0, 0, 0);
    for len in [7, 3, 13, 1, 16] {
        let r = job
            .run_range(&plan, u.batch(), first..first + len, &control)
            .unwrap();
        assert!(!r.cancelled);
        assert_eq!(r.universe_combo.len(), len);
        assert!(r
            .universe_combo
            .iter()
            .all(|&c| (first..first + len).contains(&(c as usize))));
        rows += r.symbol_combo.len();
        evals += r.bar_evaluations;
        pairs.extend(by_pair(&r));
        unis.extend(universe_rows(&r));
        first += len;
    }
    assert_eq!(first, plan.grid.combos);
    assert_eq!((rows, evals), (one.symbol_combo.len(), one.bar_evaluations));
    assert_eq!(control.progress.load(Ordering::Relaxed), rows);
    assert_eq!((pairs.len(), unis.len()), (by_pair(&one).len(), 40));
    for (k, v) in by_pair(&one) {
        assert!(bit_equal(&v, &pairs[&k]), "{k:?}");
    }
    for (k, v) in universe_rows(&one) {
        assert!(bit_equal(&v, &unis[&k]), "universe {k}");
    }
}

/// A range past the grid, reversed, longer than the budget allows, or over another batch is
/// refused with the reason.
#[test]
fn a_range_outside_the_grid_or_the_budget_is_refused() {
    let u = load(&SYMBOLS[..2]);
    let other = load(&SYMBOLS[..1]);
    let plan = Plan::build(SPEC, GRID, &cfg()).unwrap();
    let tiny = SweepConfig {
        base: cfg(),
        memory_budget_mb: 0,
        ..SweepConfig::default()
    };
    let mut job = SweepJob::new(u.batch(), &tiny).unwrap();
    assert_eq!(job.combos_per_range(), 1);
    let c = Control::default();
    let err = |r: Result<SweepResult, barstream_model::Error>| r.unwrap_err().to_string();
    assert!(err(job.run_range(&plan, u.batch(), 39..41, &c))
        .contains("39..41 is not a range of the grid's 40 combinations"));
    assert!(
        err(job.run_range(&plan, u.batch(), 0..2, &c)).contains("at most 1 fit the memory budget")
    );
    assert!(err(job.run_range(&plan, other.batch(), 0..1, &c)).contains("not the batch"));
    assert_eq!(
        job.run_range(&plan, u.batch(), 39..40, &c)
            .unwrap()
            .universe_combo,
        [39]
    );
}
