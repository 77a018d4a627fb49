//! The live engine equals the batch backtest: pushing every bar of a universe in random
//! bursts, with the symbols interleaved at random (per-symbol order kept), gives
//! exactly the trades, equity curves and statistics of `run_batch` on the same bars.
//!
//! Universes: 26 S&P 500 symbols (daily, different calendars and lengths) and three
//! LINK/AVAX/ALGO 1-minute crypto files (40,320 bars each). Strategies: every example
//! in `examples/strategies/` (all risk exits, every indicator kind between them) under
//! next-open and same-close fills, costs and both ambiguity policies.

mod common;

use barstream_engine::{
    run_batch, AmbiguityPolicy, BarBurst, Bars, Batch, Commission, EventKind, ExitReason,
    FillTiming, LiveEngine, LiveEvents, ReplayConfig, SymbolResult,
};
use barstream_strategy::Strategy;
use common::Loaded;

/// Deterministic pseudo-random numbers (SplitMix64), so failures reproduce.
struct Rng(u64);

impl Rng {
    fn below(&mut self, n: usize) -> usize {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        ((z ^ (z >> 31)) % n as u64) as usize
    }
}

/// Columns of a whole universe, sorted by symbol then time (the batch layout).
struct Universe {
    names: Vec<String>,
    cols: Loaded,
    offsets: Vec<usize>,
}

impl Universe {
    fn new(members: Vec<(String, Loaded)>) -> Universe {
        let mut cols = Loaded {
            ts: vec![],
            open: vec![],
            high: vec![],
            low: vec![],
            close: vec![],
            volume: vec![],
        };
        let mut offsets = vec![0];
        let mut names = vec![];
        for (name, d) in members {
            cols.ts.extend(&d.ts);
            cols.open.extend(&d.open);
            cols.high.extend(&d.high);
            cols.low.extend(&d.low);
            cols.close.extend(&d.close);
            cols.volume.extend(&d.volume);
            offsets.push(cols.ts.len());
            names.push(name);
        }
        Universe {
            names,
            cols,
            offsets,
        }
    }

    fn batch(&self) -> Batch<'_> {
        Batch {
            bars: self.cols.bars(),
            offsets: &self.offsets,
        }
    }

    /// Every row once, each symbol's rows in time order, symbols interleaved at random.
    fn arrival_order(&self, rng: &mut Rng) -> Vec<(u32, usize)> {
        let k = self.names.len();
        let mut next: Vec<usize> = self.offsets[..k].to_vec();
        let mut live: Vec<usize> = (0..k).filter(|&i| next[i] < self.offsets[i + 1]).collect();
        let mut order = Vec::with_capacity(self.cols.ts.len());
        while !live.is_empty() {
            let j = rng.below(live.len());
            let i = live[j];
            // Runs of 1..=8 rows of one symbol, like a feed batching per instrument.
            for _ in 0..=rng.below(8) {
                if next[i] == self.offsets[i + 1] {
                    break;
                }
                order.push((i as u32, next[i]));
                next[i] += 1;
            }
            if next[i] == self.offsets[i + 1] {
                live.swap_remove(j);
            }
        }
        order
    }
}

/// Owned columns of one burst.
#[derive(Default)]
struct Rows {
    symbol: Vec<u32>,
    ts: Vec<i64>,
    open: Vec<f64>,
    high: Vec<f64>,
    low: Vec<f64>,
    close: Vec<f64>,
    volume: Vec<f64>,
}

impl Rows {
    fn of(u: &Universe, rows: &[(u32, usize)]) -> Rows {
        let c = &u.cols;
        Rows {
            symbol: rows.iter().map(|r| r.0).collect(),
            ts: rows.iter().map(|r| c.ts[r.1]).collect(),
            open: rows.iter().map(|r| c.open[r.1]).collect(),
            high: rows.iter().map(|r| c.high[r.1]).collect(),
            low: rows.iter().map(|r| c.low[r.1]).collect(),
            close: rows.iter().map(|r| c.close[r.1]).collect(),
            volume: rows.iter().map(|r| c.volume[r.1]).collect(),
        }
    }

    fn burst(&self) -> BarBurst<'_> {
        BarBurst {
            symbol: &self.symbol,
            ts: &self.ts,
            open: &self.open,
            high: &self.high,
            low: &self.low,
            close: &self.close,
            volume: &self.volume,
        }
    }
}

/// Pushes `order` in random bursts of 1..=max rows; returns every event.
fn push_all(
    engine: &mut LiveEngine,
    u: &Universe,
    order: &[(u32, usize)],
    max: usize,
    rng: &mut Rng,
) -> LiveEvents {
    let mut all = LiveEvents::default();
    let mut at = 0;
    while at < order.len() {
        let m = (1 + rng.below(max)).min(order.len() - at);
        let ev = engine
            .push(&Rows::of(u, &order[at..at + m]).burst())
            .unwrap();
        append(&mut all, ev);
        at += m;
    }
    all
}

fn append(all: &mut LiveEvents, ev: LiveEvents) {
    all.kind.extend(ev.kind);
    all.symbol.extend(ev.symbol);
    all.ts.extend(ev.ts);
    all.side.extend(ev.side);
    all.price.extend(ev.price);
    all.qty.extend(ev.qty);
    all.pnl.extend(ev.pnl);
    all.code.extend(ev.code);
}

/// Bit-level equality of two results (Debug prints f64 in shortest round-trip form).
fn assert_same(live: &[SymbolResult], batch: &[SymbolResult], ctx: &str) {
    assert_eq!(live.len(), batch.len());
    for (i, (a, b)) in live.iter().zip(batch).enumerate() {
        if let Some(k) =
            (0..a.trades.len().max(b.trades.len())).find(|&k| a.trades.get(k) != b.trades.get(k))
        {
            panic!(
                "{ctx}: symbol {i} trade {k} differs:\n live  {:?}\n batch {:?}",
                a.trades.get(k),
                b.trades.get(k)
            );
        }
        assert_eq!(format!("{a:?}"), format!("{b:?}"), "{ctx}: symbol {i}");
    }
}

fn sp500() -> Universe {
    let dir = common::raw("sp500_5yr");
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    files.sort();
    // Every 20th file: 26 symbols, some with short or gappy histories.
    Universe::new(
        files
            .iter()
            .step_by(20)
            .map(|f| {
                let name = f
                    .file_name()
                    .unwrap()
                    .to_string_lossy()
                    .replace("_data.csv", "");
                (name, common::read_daily(f))
            })
            .collect(),
    )
}

fn crypto() -> Universe {
    Universe::new(
        ["LINKUSDT", "AVAXUSDT", "ALGOUSDT"]
            .iter()
            .map(|s| {
                let f = common::raw(&format!("crypto_1m_binance/{s}-1m-2023-02.csv"));
                (s.to_string(), common::read_binance(&f))
            })
            .collect(),
    )
}

fn example_specs() -> Vec<String> {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../../examples/strategies");
    let mut files: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    files.sort();
    files
        .iter()
        .map(|p| std::fs::read_to_string(p).unwrap())
        .collect()
}

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
            let live = engine.finish();
            assert_same(&live, &batch, &ctx);
            // finish() is a snapshot: calling it again gives the same report.
            assert_same(&engine.finish(), &batch, &ctx);
            for (i, r) in live.iter().enumerate() {
                let closed = (0..events.len())
                    .filter(|&e| {
                        events.symbol[e] == i as u32
                            && events.kind[e] == EventKind::TradeClosed as u8
                    })
                    .count();
                let real = r
                    .trades
                    .iter()
                    .filter(|t| t.exit_reason != ExitReason::EndOfData);
                assert_eq!(
                    closed,
                    real.count(),
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
    let before = format!("{:?}", engine.finish());
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
    rows.close[0] = f64::NAN;
    assert_eq!(
        engine.push(&rows.burst()).unwrap_err(),
        format!(
            "row 0: {} ts {}: close is NaN; expected a finite number",
            u.names[2], rows.ts[0]
        )
    );
    rows = next(0);
    rows.volume.push(1.0);
    assert_eq!(
        engine.push(&rows.burst()).unwrap_err(),
        "bar columns differ in length: symbol has 1 rows, volume has 2"
    );
    assert_eq!(engine.last_ts(), last);
    assert_eq!(format!("{:?}", engine.finish()), before);
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
        "slippage must be a number in [0, 0.5], got 2"
    );
    assert!(LiveEngine::new("{", ReplayConfig::default(), u.names.clone()).is_err());
    // Unused here, but the batch view must exist for every universe.
    let _: Bars = u.cols.bars();
}
