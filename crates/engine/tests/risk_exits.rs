//! Each risk exit fires at the right bar and price on hand-built bars.
//!
//! Expected values are derived by hand in the comments from the rules in
//! `src/risk/` (levels are fractions of the entry fill; next-open fills).

use barstream_engine::{
    replay, AmbiguityPolicy, Bars, CloseAtEnd, Commission, ExitReason, ReplayConfig, RiskParams,
    Side, SignalsRef, Sizing,
};

/// Bars from (open, high, low, close) rows; ts = index.
struct Fixture {
    ts: Vec<i64>,
    o: Vec<f64>,
    h: Vec<f64>,
    l: Vec<f64>,
    c: Vec<f64>,
    v: Vec<f64>,
}

impl Fixture {
    fn new(rows: &[(f64, f64, f64, f64)]) -> Fixture {
        Fixture {
            ts: (0..rows.len() as i64).collect(),
            o: rows.iter().map(|r| r.0).collect(),
            h: rows.iter().map(|r| r.1).collect(),
            l: rows.iter().map(|r| r.2).collect(),
            c: rows.iter().map(|r| r.3).collect(),
            v: vec![0.0; rows.len()],
        }
    }
    fn bars(&self) -> Bars<'_> {
        Bars {
            ts: &self.ts,
            open: &self.o,
            high: &self.h,
            low: &self.l,
            close: &self.c,
            volume: &self.v,
        }
    }
}

fn flags(n: usize, at: &[usize]) -> Vec<bool> {
    (0..n).map(|i| at.contains(&i)).collect()
}

/// Runs a long (or short) entry signalled at bar 0, so it fills at bar 1's open.
fn run(
    rows: &[(f64, f64, f64, f64)],
    side: Side,
    risk: RiskParams,
    atr: &[f64],
    policy: AmbiguityPolicy,
) -> barstream_engine::ReplayOutput {
    let cfg = ReplayConfig {
        sizing: Sizing::Quantity(10.0),
        risk,
        ambiguity: policy,
        ..ReplayConfig::default()
    };
    run_with(rows, side, atr, &cfg)
}

/// [`run`] with the whole replay configuration given.
fn run_with(
    rows: &[(f64, f64, f64, f64)],
    side: Side,
    atr: &[f64],
    cfg: &ReplayConfig,
) -> barstream_engine::ReplayOutput {
    let f = Fixture::new(rows);
    let n = rows.len();
    let entry = flags(n, &[0]);
    let none = flags(n, &[]);
    let s = match side {
        Side::Long => SignalsRef {
            entry_long: &entry,
            exit_long: &none,
            entry_short: &none,
            exit_short: &none,
        },
        Side::Short => SignalsRef {
            entry_long: &none,
            exit_long: &none,
            entry_short: &entry,
            exit_short: &none,
        },
    };
    replay(f.bars(), s, atr, cfg)
}

const FLAT: (f64, f64, f64, f64) = (100.0, 100.5, 99.5, 100.0);

#[test]
fn stop_loss_fills_at_level_inside_the_bar() {
    // Entry at bar 1 open = 100; 5% stop = 95; bar 3's low 94 crosses it.
    let rows = [
        FLAT,
        FLAT,
        (100.0, 101.0, 99.0, 100.0),
        (99.0, 99.5, 94.0, 96.0),
        FLAT,
    ];
    let out = run(
        &rows,
        Side::Long,
        RiskParams {
            stop_loss: Some(0.05),
            ..Default::default()
        },
        &[],
        AmbiguityPolicy::StopFirst,
    );
    let t = &out.trades[0];
    assert_eq!((t.exit_bar, t.exit_reason), (3, ExitReason::StopLoss));
    assert!((t.exit_price - 95.0).abs() < 1e-9);
    // 10 units x (95 - 100) = -50.
    assert!((t.pnl + 50.0).abs() < 1e-9);
    // MAE: the exit at 95 is the worst price seen, -5%; MFE: high of bar 1/2 = 101, +1%.
    assert!((t.mae + 0.05).abs() < 1e-12 && (t.mfe - 0.01).abs() < 1e-12);
}

#[test]
fn gap_through_the_stop_fills_at_the_open() {
    // Bar 3 opens at 90, below the 95 stop: fill at 90, not 95.
    let rows = [FLAT, FLAT, FLAT, (90.0, 91.0, 89.0, 90.5), FLAT];
    let out = run(
        &rows,
        Side::Long,
        RiskParams {
            stop_loss: Some(0.05),
            ..Default::default()
        },
        &[],
        AmbiguityPolicy::StopFirst,
    );
    let t = &out.trades[0];
    assert_eq!(
        (t.exit_bar, t.exit_reason, t.exit_price),
        (3, ExitReason::StopLoss, 90.0)
    );
}

#[test]
fn take_profit_fills_at_level_for_a_short() {
    // Short at 100; 10% target = 90; bar 2's low 89 reaches it.
    let rows = [FLAT, FLAT, (99.0, 99.5, 89.0, 92.0), FLAT];
    let out = run(
        &rows,
        Side::Short,
        RiskParams {
            take_profit: Some(0.10),
            ..Default::default()
        },
        &[],
        AmbiguityPolicy::StopFirst,
    );
    let t = &out.trades[0];
    assert_eq!(
        (t.side, t.exit_bar, t.exit_reason),
        (Side::Short, 2, ExitReason::TakeProfit)
    );
    assert!((t.exit_price - 90.0).abs() < 1e-9);
    assert!((t.pnl - 100.0).abs() < 1e-9);
}

#[test]
fn bar_with_stop_and_target_inside_follows_policy_and_is_counted() {
    // Stop 95, target 110; bar 2 spans 94..111.
    let rows = [FLAT, FLAT, (100.0, 111.0, 94.0, 100.0), FLAT];
    let risk = RiskParams {
        stop_loss: Some(0.05),
        take_profit: Some(0.10),
        ..Default::default()
    };
    let a = run(&rows, Side::Long, risk, &[], AmbiguityPolicy::StopFirst);
    let b = run(&rows, Side::Long, risk, &[], AmbiguityPolicy::TargetFirst);
    assert_eq!(
        (
            a.trades[0].exit_reason,
            a.trades[0].exit_bar,
            a.ambiguous_bars
        ),
        (ExitReason::StopLoss, 2, 1)
    );
    assert_eq!(
        (
            b.trades[0].exit_reason,
            b.trades[0].exit_bar,
            b.ambiguous_bars
        ),
        (ExitReason::TakeProfit, 2, 1)
    );
}

#[test]
fn trailing_stop_follows_completed_bars_only() {
    // Entry 100 at bar 1; 5% trail. Bar 1 high 110 -> from bar 2 the stop is 104.5.
    // Bar 2 spans 105..120: its own high (120) must not move its stop; low 105 > 104.5.
    // Bar 3: stop now 120*0.95 = 114; low 113 -> exit at 114.
    let rows = [
        FLAT,
        (100.0, 110.0, 99.0, 109.0),
        (109.0, 120.0, 105.0, 119.0),
        (118.0, 118.5, 113.0, 114.0),
        FLAT,
    ];
    let out = run(
        &rows,
        Side::Long,
        RiskParams {
            trailing_stop: Some(0.05),
            ..Default::default()
        },
        &[],
        AmbiguityPolicy::StopFirst,
    );
    let t = &out.trades[0];
    assert_eq!((t.exit_bar, t.exit_reason), (3, ExitReason::TrailingStop));
    assert!((t.exit_price - 114.0).abs() < 1e-9);
}

#[test]
fn atr_stop_uses_the_atr_at_the_signal_bar() {
    // ATR at bar 0 (signal) = 2.0, multiple 1.5 -> stop 97 for the entry at 100.
    // Bar 2 low 96.5 -> exit 97. A larger ATR later must not matter.
    let rows = [FLAT, FLAT, (99.0, 99.5, 96.5, 98.0), FLAT];
    let atr = [2.0, 9.0, 9.0, 9.0];
    let out = run(
        &rows,
        Side::Long,
        RiskParams {
            atr_stop: Some((14, 1.5)),
            ..Default::default()
        },
        &atr,
        AmbiguityPolicy::StopFirst,
    );
    let t = &out.trades[0];
    assert_eq!((t.exit_bar, t.exit_reason), (2, ExitReason::AtrStop));
    assert!((t.exit_price - 97.0).abs() < 1e-9);
}

#[test]
fn time_exit_closes_at_the_open_after_max_bars() {
    // Entry at bar 1; max_bars 3 -> closes at bar 4's open (102).
    let rows = [FLAT, FLAT, FLAT, FLAT, (102.0, 103.0, 101.0, 102.5), FLAT];
    let out = run(
        &rows,
        Side::Long,
        RiskParams {
            max_bars: Some(3),
            ..Default::default()
        },
        &[],
        AmbiguityPolicy::StopFirst,
    );
    let t = &out.trades[0];
    assert_eq!(
        (t.entry_bar, t.exit_bar, t.exit_reason, t.exit_price),
        (1, 4, ExitReason::TimeExit, 102.0)
    );
    assert_eq!(t.bars_held(), 3);
}

/// Long 10 units from bar 1's open (100), still held after bar 2 (open 100, close 105),
/// with 0.1 % commission and 5 bp slippage: entry fill 100 * 1.0005 = 100.05, entry
/// commission 10 * 100.05 * 0.001 = 1.0005.
fn open_at_end(close_at_end: CloseAtEnd) -> barstream_engine::ReplayOutput {
    let rows = [FLAT, FLAT, (100.0, 106.0, 99.0, 105.0)];
    let cfg = ReplayConfig {
        sizing: Sizing::Quantity(10.0),
        commission: Commission {
            fraction: 0.001,
            fixed: 0.0,
        },
        slippage: 0.0005,
        close_at_end,
        ..ReplayConfig::default()
    };
    run_with(&rows, Side::Long, &[], &cfg)
}

#[test]
fn open_position_at_the_end_stays_open_marked_at_the_last_close() {
    let out = open_at_end(CloseAtEnd::None);
    // Not a trade: no closed trade, no bar of exposure.
    assert!(out.trades.is_empty());
    assert_eq!(out.bars_in_market, 0);
    let t = out.open.expect("the position is reported open");
    assert_eq!(
        (t.entry_bar, t.exit_bar, t.exit_reason, t.exit_price),
        (1, 2, ExitReason::Open, 105.0)
    );
    // Unrealised: 10 * (105 - 100.05) - 1.0005 (no exit commission).
    assert!((t.pnl - 48.4995).abs() < 1e-9, "{}", t.pnl);
    assert!((t.commission - 1.0005).abs() < 1e-12);
    // Equity marks it: cash 10000 - 1000.5 - 1.0005 plus 10 * 105.
    assert!((out.equity[2] - 10_048.499_5).abs() < 1e-9);
    assert!((out.final_cash - 8_998.499_5).abs() < 1e-9);
    assert!((out.equity[2] - 10_000.0 - t.pnl).abs() < 1e-9);
}

#[test]
fn close_at_end_last_close_sells_at_the_last_close_with_costs() {
    let out = open_at_end(CloseAtEnd::LastClose);
    assert!(out.open.is_none());
    let t = &out.trades[0];
    // Exit fill 105 * (1 - 0.0005) = 104.9475, commission 10 * 104.9475 * 0.001 = 1.049475.
    assert_eq!((t.exit_bar, t.exit_reason), (2, ExitReason::EndOfData));
    assert!((t.exit_price - 104.9475).abs() < 1e-12);
    // 10 * (104.9475 - 100.05) - 1.0005 - 1.049475.
    assert!((t.pnl - 46.925025).abs() < 1e-9, "{}", t.pnl);
    assert!((out.equity[2] - 10_046.925_025).abs() < 1e-9);
    assert_eq!(out.final_cash.to_bits(), out.equity[2].to_bits());
    // Bars 1..=2 held by a closed trade.
    assert_eq!(out.bars_in_market, 2);
}

#[test]
fn close_at_end_last_open_sells_at_the_last_open_like_finalize_trades() {
    let out = open_at_end(CloseAtEnd::LastOpen);
    assert!(out.open.is_none());
    let t = &out.trades[0];
    // Exit fill 100 * (1 - 0.0005) = 99.95, commission 0.9995:
    // 10 * (99.95 - 100.05) - 1.0005 - 0.9995 = -3.0.
    assert_eq!((t.exit_bar, t.exit_reason), (2, ExitReason::EndOfData));
    assert!((t.exit_price - 99.95).abs() < 1e-12);
    assert!((t.pnl + 3.0).abs() < 1e-9, "{}", t.pnl);
    // The last bar's equity is the cash after the fill; the bar before is still marked.
    assert!((out.equity[2] - 9_997.0).abs() < 1e-9);
    assert!((out.equity[1] - 9_998.499_5).abs() < 1e-9);
    assert_eq!(out.bars_in_market, 2);
}
