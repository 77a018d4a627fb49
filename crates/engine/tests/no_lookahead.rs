//! No look-ahead: rewriting every bar after a cut point t changes no order, fill,
//! trade or equity value at or before t (real data: AAPL daily, S&P 500 set).

use crate::common;

use barstream_engine::{run::config_for, run_symbol, Bars, ReplayConfig};
use barstream_strategy::Strategy;

const SPEC: &str = r#"{
  "name": "lookahead_probe",
  "indicators": {
    "fast": { "kind": "ema", "period": 8 },
    "slow": { "kind": "sma", "period": 30 },
    "r": { "kind": "rsi", "period": 14 },
    "bb": { "kind": "bbands", "period": 20, "nbdev_up": 2, "nbdev_dn": 2 }
  },
  "entry_long": "crossover(fast, slow) or r < 30",
  "exit_long": "crossunder(fast, slow) or close > bb.upper",
  "entry_short": "crossunder(fast, slow) and r > 60",
  "exit_short": "crossover(fast, slow)",
  "risk": { "stop_loss": 0.04, "take_profit": 0.08, "trailing_stop": 0.05,
            "atr_stop": { "period": 14, "multiple": 2.5 }, "max_bars": 15 },
  "sizing": { "mode": "fraction", "value": 0.9, "whole_units": true }
}"#;

#[test]
fn rewriting_bars_after_t_changes_nothing_at_or_before_t() {
    let data = common::read_daily(&common::raw("sp500_5yr/AAPL_data.csv"));
    let strategy = Strategy::from_json(SPEC).unwrap();
    let base = ReplayConfig {
        commission: barstream_engine::Commission {
            fraction: 0.001,
            fixed: 1.0,
        },
        slippage: 0.0005,
        ..ReplayConfig::default()
    };
    let cfg = config_for(&strategy, &base);
    let full = run_symbol(&strategy, data.bars(), &cfg);
    assert!(
        full.trades.len() > 20,
        "the probe strategy must trade: {}",
        full.trades.len()
    );
    let n = data.close.len();
    // Deterministic pseudo-random cut points (LCG), spread over the series.
    let mut seed: u64 = 0x9E37_79B9_7F4A_7C15;
    for _ in 0..12 {
        seed = seed
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        let t = 40 + (seed >> 33) as usize % (n - 80);
        let scale = |v: &Vec<f64>, k: f64| -> Vec<f64> {
            v.iter()
                .enumerate()
                .map(|(i, x)| if i > t { x * k } else { *x })
                .collect()
        };
        let (o, h, l, c, v) = (
            scale(&data.open, 1.7),
            scale(&data.high, 1.9),
            scale(&data.low, 1.5),
            scale(&data.close, 1.6),
            scale(&data.volume, 3.0),
        );
        let bars = Bars {
            ts: &data.ts,
            open: &o,
            high: &h,
            low: &l,
            close: &c,
            volume: &v,
        };
        let cut = run_symbol(&strategy, bars, &cfg);
        assert_eq!(
            full.equity[..=t],
            cut.equity[..=t],
            "equity differs at or before t={t}"
        );
        let done_full: Vec<_> = full.trades.iter().filter(|x| x.exit_bar <= t).collect();
        let done_cut: Vec<_> = cut.trades.iter().filter(|x| x.exit_bar <= t).collect();
        assert_eq!(done_full, done_cut, "closed trades differ at t={t}");
        // A position open at t was entered identically.
        let open_full = full
            .trades
            .iter()
            .find(|x| x.entry_bar <= t && x.exit_bar > t)
            .map(|x| (x.side, x.entry_bar, x.entry_price, x.qty));
        let open_cut = cut
            .trades
            .iter()
            .find(|x| x.entry_bar <= t && x.exit_bar > t)
            .map(|x| (x.side, x.entry_bar, x.entry_price, x.qty));
        assert_eq!(open_full, open_cut, "open position differs at t={t}");
    }
}
