//! Accounting: on every symbol of the S&P 500 set, the sum of trade P&L after costs
//! (closed trades plus the position still open at the end, or only closed trades when
//! the close-at-end option closes it) equals final equity minus initial cash, to the cent.

use crate::common;

use barstream_engine::{
    run::config_for, run_symbol, CloseAtEnd, Commission, ExitReason, ReplayConfig,
};
use barstream_strategy::Strategy;

const SPEC: &str = r#"{
  "name": "accounting_probe",
  "indicators": { "fast": { "kind": "sma", "period": 10 }, "slow": { "kind": "sma", "period": 30 } },
  "entry_long": "crossover(fast, slow)",
  "exit_long": "crossunder(fast, slow)",
  "entry_short": "crossunder(fast, slow)",
  "risk": { "stop_loss": 0.05, "take_profit": 0.12, "trailing_stop": 0.07,
            "atr_stop": { "period": 14, "multiple": 3.0 }, "max_bars": 40 },
  "sizing": { "mode": "fraction", "value": 0.95, "whole_units": true }
}"#;

#[test]
fn trade_pnl_sums_to_equity_change_on_every_sp500_symbol() {
    let strategy = Strategy::from_json(SPEC).unwrap();
    let base = ReplayConfig {
        initial_cash: 100_000.0,
        commission: Commission {
            fraction: 0.0015,
            fixed: 2.5,
        },
        slippage: 0.0005,
        ..ReplayConfig::default()
    };
    let cfg = config_for(&strategy, &base);
    let files = common::raw_files("sp500_5yr");
    assert_eq!(files.len(), 505);
    let mut total_trades = 0;
    for f in &files {
        let data = common::read_daily(f);
        let r = run_symbol(&strategy, data.bars(), &cfg);
        // Closed trades plus the position still open at the end (unrealised at the last close).
        let pnl: f64 = r.trades.iter().chain(&r.open).map(|t| t.pnl).sum();
        let change = r.equity.last().copied().unwrap_or(base.initial_cash) - base.initial_cash;
        assert!(
            (pnl - change).abs() < 0.005,
            "{}: sum of P&L {pnl:.6} != equity change {change:.6}",
            f.display()
        );
        total_trades += r.trades.len();
    }
    assert!(
        total_trades > 10_000,
        "expected a busy probe, got {total_trades} trades"
    );
}

#[test]
fn closing_at_the_end_keeps_the_accounting_whole() {
    // With `close_at_end` the position open after the last bar is a closed trade (costs
    // charged), so the closed trades alone sum to the equity change; every 5th symbol.
    let strategy = Strategy::from_json(SPEC).unwrap();
    let files = common::raw_files("sp500_5yr");
    for close_at_end in [CloseAtEnd::LastClose, CloseAtEnd::LastOpen] {
        let base = ReplayConfig {
            commission: Commission {
                fraction: 0.0015,
                fixed: 2.5,
            },
            slippage: 0.0005,
            close_at_end,
            ..ReplayConfig::default()
        };
        let cfg = config_for(&strategy, &base);
        let mut closed_at_end = 0;
        for f in files.iter().step_by(5) {
            let data = common::read_daily(f);
            let r = run_symbol(&strategy, data.bars(), &cfg);
            assert!(r.open.is_none(), "{}: left open", f.display());
            closed_at_end += r
                .trades
                .iter()
                .filter(|t| t.exit_reason == ExitReason::EndOfData)
                .count();
            let pnl: f64 = r.trades.iter().map(|t| t.pnl).sum();
            let change = r.equity.last().copied().unwrap_or(base.initial_cash) - base.initial_cash;
            assert!(
                (pnl - change).abs() < 0.005,
                "{} {close_at_end:?}: sum of P&L {pnl:.6} != equity change {change:.6}",
                f.display()
            );
        }
        assert!(
            closed_at_end > 10,
            "{close_at_end:?}: {closed_at_end} closed at the end"
        );
    }
}
