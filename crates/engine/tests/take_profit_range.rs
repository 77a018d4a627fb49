//! `risk.take_profit` above 1: accepted for long-only strategies by both the spec and
//! `ReplayConfig::validate` (they used to disagree), refused at the spec's JSON path when
//! the strategy goes short (a short's target would be at or below zero).

use crate::common;

use barstream_engine::{run::config_for, run_batch, Batch, ExitReason, ReplayConfig};
use barstream_strategy::Strategy;
use common::{raw, read_daily};

#[test]
fn long_take_profit_above_one_runs_and_fills_at_its_level() {
    // NVDA went up more than 2.5x over the 5 years of the S&P 500 set.
    let d = read_daily(&raw("sp500_5yr/NVDA_data.csv"));
    let spec =
        r#"{"name":"tp","indicators":{},"entry_long":"close > 0","risk":{"take_profit":1.5}}"#;
    let s = Strategy::from_json(spec).unwrap();
    let base = ReplayConfig::default();
    config_for(&s, &base).validate().unwrap();
    let offsets = [0, d.close.len()];
    let r = run_batch(
        &s,
        Batch {
            bars: d.bars(),
            offsets: &offsets,
        },
        &base,
    )
    .unwrap();
    let t = &r[0].trades[0];
    assert_eq!(t.exit_reason, ExitReason::TakeProfit);
    // Limit fill at entry x (1 + 1.5), or at the open if the bar gapped above it.
    let level = t.entry_price * 2.5;
    let open = d.open[t.exit_bar];
    assert!(
        t.exit_price == level || (open > level && t.exit_price == open),
        "{t:?}"
    );
    assert!(
        d.high[t.exit_bar] >= level
            && d.high[..t.exit_bar]
                .iter()
                .skip(t.entry_bar)
                .all(|&h| h < level)
    );
}

#[test]
fn short_take_profit_at_or_above_one_is_refused_at_its_path() {
    let spec =
        r#"{"name":"tp","indicators":{},"entry_short":"close > 0","risk":{"take_profit":1.0}}"#;
    let e = Strategy::from_json(spec).unwrap_err();
    assert_eq!(e.path, "risk.take_profit");
}
