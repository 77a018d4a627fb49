//! No look-ahead: rewriting every bar after t (or cutting them off) changes no
//! reason mask and no candidate at or before t. Real data: AAPL daily, a CME
//! 1-minute future with session breaks.

use barstream_model::{Bars, Batch};

use crate::scan::{scan_batch, scan_symbol};
use crate::testing::{aapl, read_bars, Loaded};
use crate::Screen;

const ALL_FEATURES: &str = r#"{
  "name": "probe", "threshold": 1.0, "warmup_bars": 150,
  "features": {
    "ma_cross": {"kind": "ema", "fast": 8, "slow": 21},
    "atr_regime": {"period": 14, "window": 60, "high": 0.9, "low": 0.1, "weight": 0.5},
    "opening_gap": {"min_gap": 0.0002},
    "session_break": {"weight": 1.0},
    "donchian": {"period": 20},
    "rsi_extreme": {"period": 14, "low": 35, "high": 65}
  }
}"#;

fn cut_points(n: usize, k: usize) -> Vec<usize> {
    let mut seed: u64 = 0x9E37_79B9_7F4A_7C15;
    (0..k)
        .map(|_| {
            seed = seed
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            100 + (seed >> 33) as usize % (n - 200)
        })
        .collect()
}

fn check(d: &Loaded) {
    let screen = Screen::from_json(ALL_FEATURES).unwrap();
    let full = screen.mask(&d.bars());
    assert!(
        full.iter().filter(|&&m| m != 0).count() > 50,
        "the probe must fire"
    );
    let full_c = scan_symbol(&screen, &d.bars(), 0);
    for t in cut_points(d.close.len(), 12) {
        // Every bar after t rewritten (prices scaled, times shifted by an hour).
        let scale = |v: &[f64], k: f64| -> Vec<f64> {
            v.iter()
                .enumerate()
                .map(|(i, x)| if i > t { x * k } else { *x })
                .collect()
        };
        let ts: Vec<i64> =
            d.ts.iter()
                .enumerate()
                .map(|(i, &x)| if i > t { x + 3_600_000_000_000 } else { x })
                .collect();
        let (o, h, l, c, v) = (
            scale(&d.open, 1.7),
            scale(&d.high, 1.9),
            scale(&d.low, 1.5),
            scale(&d.close, 1.6),
            scale(&d.volume, 3.0),
        );
        let rewritten = Bars {
            ts: &ts,
            open: &o,
            high: &h,
            low: &l,
            close: &c,
            volume: &v,
        };
        let m = screen.mask(&rewritten);
        assert_eq!(full[..=t], m[..=t], "masks differ at or before t={t}");
        // And cut off after t.
        let cut = d.bars().slice(0, t + 1);
        assert_eq!(full[..=t], screen.mask(&cut)[..], "cut at t={t}");
        // Evaluating from a later bar changes nothing from there on.
        assert_eq!(
            full[t / 2..],
            screen.mask_from(&d.bars(), t / 2)[t / 2..],
            "from {}",
            t / 2
        );
        let before: Vec<_> = full_c.iter().filter(|x| x.bar <= t).copied().collect();
        assert_eq!(before, scan_symbol(&screen, &cut, 0), "candidates, t={t}");
    }
}

#[test]
fn daily_features_and_candidates_ignore_every_later_bar() {
    check(&aapl());
}

#[test]
fn intraday_features_and_candidates_ignore_every_later_bar() {
    check(&read_bars(
        "intraday_nautilus/6EH4.XCME_1min_bars_20240101_20240131.csv",
    ));
}

#[test]
fn a_batch_equals_each_symbol_alone_and_emits_from_the_given_time() {
    let syms =
        ["AAPL", "MSFT", "XOM", "JPM"].map(|s| read_bars(&format!("sp500_5yr/{s}_data.csv")));
    let mut cols: [Vec<f64>; 5] = Default::default();
    let mut ts = Vec::new();
    let mut offsets = vec![0];
    for d in &syms {
        ts.extend_from_slice(&d.ts);
        for (c, src) in cols
            .iter_mut()
            .zip([&d.open, &d.high, &d.low, &d.close, &d.volume])
        {
            c.extend_from_slice(src);
        }
        offsets.push(ts.len());
    }
    let [open, high, low, close, volume] = &cols;
    let batch = Batch {
        bars: Bars {
            ts: &ts,
            open,
            high,
            low,
            close,
            volume,
        },
        offsets: &offsets,
    };
    let screen = Screen::from_json(ALL_FEATURES).unwrap();
    let from: Vec<i64> = syms.iter().map(|d| d.ts[d.ts.len() / 2]).collect();
    let out = scan_batch(&screen, batch, &from).unwrap();
    for (i, d) in syms.iter().enumerate() {
        let alone = scan_symbol(&screen, &d.bars(), d.ts.len() / 2);
        assert!(alone.len() > 10);
        assert_eq!(out.candidates[i], alone, "symbol {i}");
    }
    assert_eq!(
        scan_batch(&screen, batch, &from[..2])
            .unwrap_err()
            .to_string(),
        "emitFrom has 2 entries, expected one per symbol (4)"
    );
}
