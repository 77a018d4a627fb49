//! A universe of real symbols for live-engine tests: the batch layout, random arrival
//! orders and bursts, pushing, and bit-level comparison of results.

use barstream_engine::{BarBurst, Batch, LiveEngine, LiveEvents, SymbolResult};

use super::Loaded;

/// Deterministic pseudo-random numbers (SplitMix64), so failures reproduce.
pub struct Rng(pub u64);

impl Rng {
    pub fn below(&mut self, n: usize) -> usize {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        ((z ^ (z >> 31)) % n as u64) as usize
    }
}

/// Columns of a whole universe, sorted by symbol then time (the batch layout).
pub struct Universe {
    pub names: Vec<String>,
    pub cols: Loaded,
    pub offsets: Vec<usize>,
}

impl Universe {
    pub fn new(members: Vec<(String, Loaded)>) -> Universe {
        let mut cols = Loaded::default();
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

    pub fn batch(&self) -> Batch<'_> {
        Batch {
            bars: self.cols.bars(),
            offsets: &self.offsets,
        }
    }

    /// Every row once, each symbol's rows in time order, symbols interleaved at random.
    pub fn arrival_order(&self, rng: &mut Rng) -> Vec<(u32, usize)> {
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

/// Owned columns of one burst: symbol ids and the rows' bars.
pub struct Rows {
    pub symbol: Vec<u32>,
    pub cols: Loaded,
}

impl Rows {
    pub fn of(u: &Universe, rows: &[(u32, usize)]) -> Rows {
        let c = &u.cols;
        let pick = |col: &[f64]| rows.iter().map(|r| col[r.1]).collect();
        Rows {
            symbol: rows.iter().map(|r| r.0).collect(),
            cols: Loaded {
                ts: rows.iter().map(|r| c.ts[r.1]).collect(),
                open: pick(&c.open),
                high: pick(&c.high),
                low: pick(&c.low),
                close: pick(&c.close),
                volume: pick(&c.volume),
            },
        }
    }

    pub fn burst(&self) -> BarBurst<'_> {
        BarBurst {
            symbol: &self.symbol,
            bars: self.cols.bars(),
        }
    }
}

/// Pushes `order` in random bursts of 1..=max rows; returns every event.
pub fn push_all(
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
        all.append(ev);
        at += m;
    }
    all
}

/// Bit-level equality of two results (Debug prints f64 in shortest round-trip form).
pub fn assert_same(live: &[SymbolResult], batch: &[SymbolResult], ctx: &str) {
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

pub fn sp500() -> Universe {
    let files = super::raw_files("sp500_5yr");
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
                (name, super::read_daily(f))
            })
            .collect(),
    )
}

pub fn crypto() -> Universe {
    Universe::new(
        ["LINKUSDT", "AVAXUSDT", "ALGOUSDT"]
            .iter()
            .map(|s| {
                let f = super::raw(&format!("crypto_1m_binance/{s}-1m-2023-02.csv"));
                (s.to_string(), super::read_minutes(&f))
            })
            .collect(),
    )
}

pub fn example_specs() -> Vec<String> {
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
