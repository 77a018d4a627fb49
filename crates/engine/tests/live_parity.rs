//! The live engine equals the batch backtest: pushing every bar of a universe in random
//! bursts, with the symbols interleaved at random (per-symbol order kept), gives
//! exactly the trades, equity curves and statistics of `run_batch` on the same bars.
//!
//! Universes: 26 S&P 500 symbols (daily, different calendars and lengths) and three
//! LINK/AVAX/ALGO 1-minute crypto files (40,320 bars each). Strategies: every example
//! in `examples/strategies/` (all risk exits, every indicator kind between them) under
//! next-open and same-close fills, costs and both ambiguity policies.

use crate::common;

use barstream_engine::{
    run_batch, AmbiguityPolicy, Bars, Commission, EventKind, FillTiming, LiveEngine, ReplayConfig,
};
use barstream_strategy::Strategy;
use common::universe::{assert_same, crypto, example_specs, push_all, sp500, Rng, Rows, Universe};

fn configs() -> [ReplayConfig; 3] {
    let costs = ReplayConfig {
        commission: Commission {
            fraction: 0.001,
            fixed: 0.5,
        },
        slippage: 0.0003,
        ..ReplayConfig::default()
    };
    [
        ReplayConfig::default(),
        costs,
        ReplayConfig {
            fill: FillTiming::SameClose,
            ambiguity: AmbiguityPolicy::TargetFirst,
            ..costs
        },
    ]
}

fn check_universe(u: &Universe, name: &str, max_burst: usize, seed: u64) {
    let mut rng = Rng(seed);
    let mut trades = 0;
    for spec in example_specs() {
        let strategy = Strategy::from_json(&spec).unwrap();
        for base in configs() {
            let batch = run_batch(&strategy, u.batch(), &base).unwrap();
            let mut engine = LiveEngine::new(&spec, base, u.names.clone()).unwrap();
            let order = u.arrival_order(&mut rng);
            let events = push_all(&mut engine, u, &order, max_burst, &mut rng);
            let ctx = format!("{name} {} {:?}", strategy.name(), base.fill);
            let live = engine.finish().unwrap();
            assert_same(&live, &batch, &ctx);
            // finish() is a snapshot: calling it again gives the same report.
            assert_same(&engine.finish().unwrap(), &batch, &ctx);
            for (i, r) in live.iter().enumerate() {
                let closed = (0..events.len())
                    .filter(|&e| {
                        events.symbol[e] == i as u32
                            && events.kind[e] == EventKind::TradeClosed as u8
                    })
                    .count();
                assert_eq!(
                    closed,
                    r.trades.len(),
                    "{ctx}: trade_closed events of symbol {i}"
                );
                let n = u.offsets[i + 1] - u.offsets[i];
                assert_eq!(engine.bar_ts(i), &u.cols.ts[u.offsets[i]..u.offsets[i + 1]]);
                assert_eq!(engine.bar_close(i).len(), n);
                trades += r.trades.len();
            }
        }
    }
    assert!(trades > 1_000, "{name}: busy enough? {trades} trades");
}

#[test]
fn sp500_subset_pushed_in_random_interleaved_bursts_equals_run_batch() {
    check_universe(&sp500(), "S&P 500 subset", 400, 0x11FE_0001);
}

#[test]
fn crypto_minutes_pushed_in_random_interleaved_bursts_equals_run_batch() {
    check_universe(&crypto(), "crypto 1m", 2_000, 0x11FE_0002);
}

#[test]
fn a_bad_burst_is_refused_whole_and_changes_nothing() {
    let u = sp500();
    let spec = &example_specs()[0];
    let mut engine = LiveEngine::new(spec, ReplayConfig::default(), u.names.clone()).unwrap();
    let order: Vec<(u32, usize)> = (0..u.names.len() as u32)
        .flat_map(|i| (u.offsets[i as usize]..u.offsets[i as usize] + 50).map(move |r| (i, r)))
        .collect();
    let mut rng = Rng(7);
    push_all(&mut engine, &u, &order, 30, &mut rng);
    let before = format!("{:?}", engine.finish().unwrap());
    let last = engine.last_ts();
    let next = |i: usize| Rows::of(&u, &[(i as u32, u.offsets[i] + 50)]);
    let name0 = &u.names[0];

    // A valid row, then a repeat of symbol 0's last bar: the whole burst is refused.
    let mut rows = Rows::of(&u, &[(1, u.offsets[1] + 50), (0, u.offsets[0] + 49)]);
    let err = engine.push(&rows.burst()).unwrap_err();
    assert_eq!(
        err,
        format!(
            "row 1: {name0} ts {} is not after its previous bar at ts {} (per symbol, bar times must strictly increase)",
            last[0], last[0]
        )
    );
    // Out of order inside one burst.
    rows = Rows::of(&u, &[(0, u.offsets[0] + 51), (0, u.offsets[0] + 50)]);
    assert!(engine
        .push(&rows.burst())
        .unwrap_err()
        .starts_with("row 1: "));
    rows = next(0);
    rows.symbol[0] = 99;
    assert_eq!(
        engine.push(&rows.burst()).unwrap_err(),
        "row 0: unknown symbol id 99 (the universe has 26 symbols, ids 0 to 25)"
    );
    rows = next(2);
    rows.cols.close[0] = f64::NAN;
    assert_eq!(
        engine.push(&rows.burst()).unwrap_err(),
        format!(
            "row 0: {} ts {}: close is NaN; expected a finite number",
            u.names[2], rows.cols.ts[0]
        )
    );
    rows = next(0);
    rows.cols.volume.push(1.0);
    assert_eq!(
        engine.push(&rows.burst()).unwrap_err(),
        "column 'volume' has 2 values, close has 1"
    );
    rows.cols.volume.pop();
    rows.symbol.push(0);
    assert_eq!(
        engine.push(&rows.burst()).unwrap_err(),
        "column 'symbol' has 2 values, close has 1"
    );
    assert_eq!(engine.last_ts(), last);
    assert_eq!(format!("{:?}", engine.finish().unwrap()), before);
    // The refused bars can then be pushed properly.
    engine.push(&next(0).burst()).unwrap();
    assert!(engine.last_ts()[0] > last[0]);

    // Construction errors.
    let names = vec!["A".to_string(), "B".to_string(), "A".to_string()];
    assert_eq!(
        LiveEngine::new(spec, ReplayConfig::default(), names).unwrap_err(),
        "symbol 'A' is listed twice (ids 0 and 2)"
    );
    assert!(LiveEngine::new(spec, ReplayConfig::default(), vec![]).is_err());
    let bad = ReplayConfig {
        slippage: 2.0,
        ..ReplayConfig::default()
    };
    assert_eq!(
        LiveEngine::new(spec, bad, u.names.clone()).unwrap_err(),
        "--slippage: expected a fraction in [0, 0.5), e.g. 0.0005 for 5 bp, got 2"
    );
    assert!(LiveEngine::new("{", ReplayConfig::default(), u.names.clone()).is_err());
    // Unused here, but the batch view must exist for every universe.
    let _: Bars = u.cols.bars();
}

#[test]
fn a_symbol_without_bars_reports_like_an_empty_batch_member() {
    let full = sp500();
    // Keep symbols 0 and 2 with their bars, give symbol 1 none.
    let mut u = Universe::new(vec![]);
    for i in 0..3 {
        let (lo, hi) = (full.offsets[i], full.offsets[i + 1]);
        let hi = if i == 1 { lo } else { hi };
        let c = &full.cols;
        u.cols.ts.extend(&c.ts[lo..hi]);
        u.cols.open.extend(&c.open[lo..hi]);
        u.cols.high.extend(&c.high[lo..hi]);
        u.cols.low.extend(&c.low[lo..hi]);
        u.cols.close.extend(&c.close[lo..hi]);
        u.cols.volume.extend(&c.volume[lo..hi]);
        u.offsets.push(u.cols.ts.len());
        u.names.push(full.names[i].clone());
    }
    let spec = &example_specs()[1];
    let strategy = Strategy::from_json(spec).unwrap();
    let batch = run_batch(&strategy, u.batch(), &ReplayConfig::default()).unwrap();
    let mut engine = LiveEngine::new(spec, ReplayConfig::default(), u.names.clone()).unwrap();
    let mut rng = Rng(11);
    let order = u.arrival_order(&mut rng);
    push_all(&mut engine, &u, &order, 50, &mut rng);
    assert_same(&engine.finish().unwrap(), &batch, "empty member");
    assert_eq!(engine.last_ts()[1], i64::MIN);
    assert!(engine.bar_ts(1).is_empty() && batch[1].equity.is_empty());
}
