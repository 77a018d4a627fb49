//! barstream-stats: performance statistics of an equity curve and its trades.
//!
//! - [`compute`]: every statistic of one run ([`Stats`]) from a [`StatsInput`], in one pass
//!   over the curve ([`summary::curve_summary`]).
//! - [`summary`]: return moments and drawdown in one allocation-free pass, tested equal to the
//!   plain functions below, which stay the reference definitions.
//! - [`returns`]: per-bar returns, total and buy-and-hold return, volatility, Sharpe, Sortino.
//! - [`drawdown`](mod@drawdown): drawdown per bar, maximum drawdown and its duration.
//! - [`trades`]: win rate, profit factor, expectancy, SQN, Kelly, exposure numerator.
//! - [`trade_stream`]: the trade statistics fed one trade at a time (sweeps).
//! - [`annualize`]: years spanned, bars per year, CAGR.
//! - [`aggregate`]: the summed equity curve of a universe.
//! - [`schema`]: every statistic's name, label, unit, better direction and display format.
//!
//! Conventions: returns and rates are fractions (0.05 = 5 %), never percent; currency is the
//! account currency; timestamps are UTC ns (i64); risk-free rate 0. A value that is undefined
//! for the input (no trades, no losing trade, flat curve, ...) is NaN, which serialises to JSON
//! `null`.
//!
//! Parity with backtesting.py 0.6.6 (golden: `tests/golden/backtesting_py/`, its rules in
//! `SEMANTICS.md` there). Equal by definition and tested on its SmaCross/GOOG run: total return,
//! CAGR, equity final/peak, max drawdown (sign flipped), max drawdown duration, # trades, win
//! rate, best/worst trade, `avg_trade_return` (geometric), `profit_factor_returns`, expectancy,
//! SQN, Kelly, exposure (with [`trades::bars_in_market`]), buy-and-hold (on the same window).
//! As there, a position still open at the end is no trade: the engine passes closed trades
//! only (it marks the open one in the equity and lists it apart), and `finalize_trades=True`
//! is the engine's `close_at_end: last_open` (goldens `close_at_end.json`, GOOG and EURUSD).
//! Different on purpose:
//! - volatility, Sharpe, Sortino, Calmar: per-bar returns annualised with the observed bars per
//!   year ([`annualize::periods_per_year`]), arithmetic mean, Calmar on CAGR. backtesting.py
//!   resamples to days and uses a geometric mean over 252 days with a compounded volatility,
//!   which does not carry over to intraday bars. Its building blocks (sample variance, downside
//!   deviation) are tested equal to ours.
//! - `profit_factor`: currency P&L (gross profit / gross loss), the usual definition;
//!   backtesting.py's returns-based one is `profit_factor_returns`.
//! - buy-and-hold over the whole `close` given; backtesting.py starts after the warm-up.
//! - drawdown duration: like backtesting.py, an episode whose only under-water bar is the
//!   last bar is not counted (it has no duration yet).

pub mod aggregate;
pub mod annualize;
pub mod drawdown;
mod moments;
pub mod returns;
pub mod schema;
pub mod summary;
#[cfg(test)]
mod testing;
pub mod trade_stream;
pub mod trades;

use serde::Serialize;

pub use aggregate::aggregate_equity;
pub use drawdown::drawdown;
pub use trade_stream::TradeStatsAccumulator;
pub use trades::{bars_in_market, trade_stats, TradeRecord, TradeStats};

/// Everything [`compute`] needs about one run (one symbol or a whole universe).
#[derive(Debug, Clone, Copy)]
pub struct StatsInput<'a> {
    /// Bar timestamps, UTC ns, strictly ascending, len n.
    pub ts: &'a [i64],
    /// Account equity at each bar's close (cash + marked position), currency, len n.
    pub equity: &'a [f64],
    /// Close per bar, for buy-and-hold, len n.
    pub close: &'a [f64],
    /// Cash at the start, currency (the base of total return and CAGR).
    pub initial_cash: f64,
    /// Closed trades; `entry_bar`/`exit_bar` index into the bars above.
    pub trades: &'a [TradeRecord],
    /// Bars covered by the closed trades' `entry_bar..=exit_bar`: the exposure numerator
    /// (see [`bars_in_market`]).
    pub bars_in_market: usize,
}

/// Every statistic of a run. Fractions, not percent. NaN when undefined (see each field).
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Stats {
    /// Number of bars n.
    pub n_bars: usize,
    /// Years from the first to the last bar (365.25-day years).
    pub years: f64,
    /// Observed bars per year `(n - 1) / years`, the annualisation scale. NaN for n < 2.
    pub periods_per_year: f64,
    /// Equity at the last bar, currency. NaN for n = 0.
    pub equity_final: f64,
    /// Highest equity, currency. NaN for n = 0.
    pub equity_peak: f64,
    /// `(equity_final - initial_cash) / initial_cash`. NaN when `initial_cash` is 0.
    pub total_return: f64,
    /// Compound annual growth rate over `years`. NaN when the span is 0.
    pub cagr: f64,
    /// Annualised volatility of per-bar returns (sample std, ddof 1). NaN for n < 3.
    pub volatility: f64,
    /// Annualised Sharpe ratio of per-bar returns, risk-free 0. NaN for n < 3 or a flat curve.
    pub sharpe: f64,
    /// Annualised Sortino ratio, target 0, downside deviation over all returns. NaN without a
    /// losing bar.
    pub sortino: f64,
    /// `cagr / max_drawdown` (Young 1991, over the whole run). NaN without drawdown.
    pub calmar: f64,
    /// Deepest drawdown, a positive fraction of the peak.
    pub max_drawdown: f64,
    /// Longest time from a peak to its recovery (or to the last bar), UTC ns; 0 without drawdown.
    pub max_drawdown_duration_ns: i64,
    /// The same episode in bars.
    pub max_drawdown_duration_bars: usize,
    /// `bars_in_market / n`. NaN for n = 0.
    pub exposure: f64,
    /// `(close[n-1] - close[0]) / close[0]`. NaN for n = 0.
    pub buy_and_hold_return: f64,
    /// Trade statistics, flattened into the same JSON object.
    #[serde(flatten)]
    pub trades: TradeStats,
}

/// Computes every statistic of one run.
///
/// The curve statistics come from one allocation-free pass ([`summary::curve_summary`]); they
/// equal the plain functions of [`returns`] and [`drawdown`](mod@drawdown) bit for bit, except
/// volatility and Sharpe, whose sample std is within 1e-12 relative (see [`summary`]).
///
/// # Panics
/// If `ts`, `equity` and `close` lengths differ, or a trade's bars lie outside `0..n`.
pub fn compute(input: &StatsInput) -> Stats {
    compute_with(input, summary::curve_summary(input.ts, input.equity))
}

/// [`compute`] with the curve statistics already summarised (`curve`, equal to
/// `summary::curve_summary(input.ts, input.equity)`, e.g. built piece by piece with
/// [`summary::CurveAccumulator`]). `input.equity` is read only for its last value.
///
/// # Panics
/// As [`compute`].
pub fn compute_with(input: &StatsInput, curve: summary::CurveSummary) -> Stats {
    let n = input.ts.len();
    assert!(
        input.equity.len() == n,
        "compute: ts ({n}) and equity ({}) lengths differ",
        input.equity.len()
    );
    let equity_final = input.equity.last().copied().unwrap_or(f64::NAN);
    compute_summarised(input, equity_final, curve)
}

/// [`compute_with`] for a run whose equity curve is not at hand as one slice (focused
/// replay keeps only its simulated pieces): `input.equity` is not read (may be empty);
/// `equity_final` is the curve's last value, currency (NaN for n = 0); `curve` its
/// summary.
///
/// # Panics
/// If `ts` and `close` lengths differ, or a trade's bars lie outside `0..n`.
pub fn compute_summarised(
    input: &StatsInput,
    equity_final: f64,
    curve: summary::CurveSummary,
) -> Stats {
    let n = input.ts.len();
    assert!(
        input.close.len() == n,
        "compute: ts ({n}) and close ({}) lengths differ",
        input.close.len()
    );
    if let Some(t) = input
        .trades
        .iter()
        .find(|t| t.exit_bar >= n || t.entry_bar > t.exit_bar)
    {
        panic!(
            "compute: trade bars {}..={} outside 0..{n}",
            t.entry_bar, t.exit_bar
        );
    }
    let years = annualize::years_spanned(input.ts);
    let ppy = annualize::periods_per_year(input.ts);
    let cagr = annualize::cagr(input.initial_cash, equity_final, years);
    let c = curve;
    let sqrt_ppy = ppy.sqrt();
    Stats {
        n_bars: n,
        years,
        periods_per_year: ppy,
        equity_final,
        equity_peak: c.equity_peak,
        total_return: returns::total_return(input.initial_cash, equity_final),
        cagr,
        // Same expressions as returns::{volatility, sharpe, sortino}, on the one-pass moments.
        volatility: c.std_return * sqrt_ppy,
        sharpe: moments::ratio(c.mean_return, c.std_return) * sqrt_ppy,
        sortino: moments::ratio(c.mean_return, c.downside_deviation) * sqrt_ppy,
        calmar: moments::ratio(cagr, c.max_drawdown),
        max_drawdown: c.max_drawdown,
        max_drawdown_duration_ns: c.longest_drawdown.duration_ns,
        max_drawdown_duration_bars: c.longest_drawdown.bars(),
        exposure: moments::ratio(input.bars_in_market as f64, n as f64),
        buy_and_hold_return: returns::buy_and_hold_return(input.close),
        trades: trades::trade_stats(input.trades),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::{edge_curves, golden};

    /// The allocating, multi-pass `compute` that the one-pass version replaced, kept as the
    /// reference: built only from the plain functions (input checks left out, same inputs).
    fn compute_reference(input: &StatsInput) -> Stats {
        let n = input.ts.len();
        let years = annualize::years_spanned(input.ts);
        let ppy = annualize::periods_per_year(input.ts);
        let equity_final = input.equity.last().copied().unwrap_or(f64::NAN);
        let cagr = annualize::cagr(input.initial_cash, equity_final, years);
        let r = returns::bar_returns(input.equity);
        let dd = drawdown::drawdown(input.equity);
        let max_dd = drawdown::max_drawdown(&dd);
        let span = drawdown::longest_drawdown(input.ts, &dd);
        Stats {
            n_bars: n,
            years,
            periods_per_year: ppy,
            equity_final,
            equity_peak: input
                .equity
                .iter()
                .copied()
                .reduce(f64::max)
                .unwrap_or(f64::NAN),
            total_return: returns::total_return(input.initial_cash, equity_final),
            cagr,
            volatility: returns::volatility(&r, ppy),
            sharpe: returns::sharpe(&r, ppy),
            sortino: returns::sortino(&r, ppy),
            calmar: moments::ratio(cagr, max_dd),
            max_drawdown: max_dd,
            max_drawdown_duration_ns: span.duration_ns,
            max_drawdown_duration_bars: span.bars(),
            exposure: moments::ratio(input.bars_in_market as f64, n as f64),
            buy_and_hold_return: returns::buy_and_hold_return(input.close),
            trades: trades::trade_stats(input.trades),
        }
    }

    /// Every field equal bit for bit (any NaN matching any NaN), except volatility and Sharpe
    /// (the one-pass sample std) within 1e-12 relative.
    fn assert_compute_matches_reference(name: &str, input: &StatsInput) {
        let (got, want) = (compute(input), compute_reference(input));
        let bits = |x: f64| {
            if x.is_nan() {
                f64::NAN.to_bits()
            } else {
                x.to_bits()
            }
        };
        let close = |a: f64, b: f64| bits(a) == bits(b) || (a - b).abs() <= 1e-12 * b.abs();
        assert!(close(got.volatility, want.volatility), "{name}: volatility");
        assert!(close(got.sharpe, want.sharpe), "{name}: sharpe");
        let exact = |s: &Stats| {
            let f = [
                s.years,
                s.periods_per_year,
                s.equity_final,
                s.equity_peak,
                s.total_return,
                s.cagr,
                s.sortino,
                s.calmar,
                s.max_drawdown,
                s.exposure,
                s.buy_and_hold_return,
            ];
            let i = [
                s.n_bars as i64,
                s.max_drawdown_duration_ns,
                s.max_drawdown_duration_bars as i64,
            ];
            (f.map(bits), i, serde_json::to_string(&s.trades).unwrap())
        };
        assert_eq!(exact(&got), exact(&want), "{name}");
    }

    #[test]
    fn one_pass_compute_equals_reference_on_golden_run() {
        let g = golden();
        assert_compute_matches_reference(
            "golden",
            &StatsInput {
                ts: &g.ts,
                equity: &g.equity,
                close: &g.close,
                initial_cash: 10_000.0,
                trades: &g.trades,
                bars_in_market: bars_in_market(&g.trades, g.ts.len()),
            },
        );
    }

    #[test]
    fn one_pass_compute_equals_reference_on_edge_curves() {
        for (name, ts, equity) in edge_curves() {
            // The curve doubles as close; the trade list is not what is under test here.
            let cash = equity.first().copied().unwrap_or(100.0);
            assert_compute_matches_reference(
                name,
                &StatsInput {
                    ts: &ts,
                    equity: &equity,
                    close: &equity,
                    initial_cash: cash,
                    trades: &[],
                    bars_in_market: ts.len() / 2,
                },
            );
        }
    }

    fn golden_stats() -> Stats {
        let g = golden();
        compute(&StatsInput {
            ts: &g.ts,
            equity: &g.equity,
            close: &g.close,
            initial_cash: 10_000.0,
            trades: &g.trades,
            bars_in_market: bars_in_market(&g.trades, g.ts.len()),
        })
    }

    #[test]
    fn compute_matches_backtesting_py_stats_on_sma_cross_goog() {
        let g = golden();
        let s = golden_stats();
        let check = |ours: f64, key: &str, scale: f64| {
            let theirs = g.stat(key);
            assert!(
                (ours * scale - theirs).abs() <= 1e-9 * theirs.abs().max(1.0),
                "{key}: ours {} vs backtesting.py {theirs}",
                ours * scale
            );
        };
        check(s.equity_final, "Equity Final [$]", 1.0);
        check(s.equity_peak, "Equity Peak [$]", 1.0);
        check(s.total_return, "Return [%]", 100.0);
        check(s.cagr, "CAGR [%]", 100.0);
        check(s.max_drawdown, "Max. Drawdown [%]", -100.0);
        assert_eq!(
            s.max_drawdown_duration_ns,
            g.stat_ns("Max. Drawdown Duration")
        );
        check(s.exposure, "Exposure Time [%]", 100.0);
        assert_eq!(s.trades.n_trades as f64, g.stat("# Trades"));
        check(s.trades.win_rate, "Win Rate [%]", 100.0);
        check(s.trades.best_trade, "Best Trade [%]", 100.0);
        check(s.trades.worst_trade, "Worst Trade [%]", 100.0);
        check(s.trades.avg_trade_return, "Avg. Trade [%]", 100.0);
        check(s.trades.profit_factor_returns, "Profit Factor", 1.0);
        check(s.trades.expectancy, "Expectancy [%]", 100.0);
        check(s.trades.sqn, "SQN", 1.0);
        check(s.trades.kelly, "Kelly Criterion", 1.0);
        // Documented difference: ours holds from bar 0, backtesting.py from its warm-up bar.
        let bh_from_warmup = returns::buy_and_hold_return(&g.close[g.warmup_bars..]);
        check(bh_from_warmup, "Buy & Hold Return [%]", 100.0);
        assert!(s.buy_and_hold_return != bh_from_warmup);
    }

    #[test]
    fn pnl_of_golden_trades_plus_open_trade_equals_equity_change() {
        // Cross-check of the golden itself: the 93 closed trades' P&L plus the open trade
        // (long 69 @ 702.24 since bar 2087, entry commission 69 * 702.24 * 0.002) add up to
        // final equity - 10,000, to the cent.
        let g = golden();
        let closed: f64 = g.trades.iter().map(|t| t.pnl).sum();
        let open = 69.0 * (g.close[g.close.len() - 1] - 702.24) - 69.0 * 702.24 * 0.002;
        let s = golden_stats();
        assert!((closed + open - (s.equity_final - 10_000.0)).abs() < 0.01);
    }

    #[test]
    fn compute_on_hand_curve_gives_hand_values() {
        // 5 daily bars, 24/7 calendar: 4 days = 4/365.25 years, ppy = 365.25.
        // equity 100, 110, 99, 108.9, 108.9: returns .1, -.1, .1, 0.
        let day = 86_400_000_000_000i64;
        let ts: Vec<i64> = (0..5).map(|i| i * day).collect();
        let equity = [100.0, 110.0, 99.0, 108.9, 108.9];
        let close = [10.0, 11.0, 9.0, 10.0, 12.0];
        let trades = [TradeRecord {
            pnl: 8.9,
            return_frac: 0.089,
            entry_bar: 1,
            exit_bar: 4,
        }];
        let s = compute(&StatsInput {
            ts: &ts,
            equity: &equity,
            close: &close,
            initial_cash: 100.0,
            trades: &trades,
            bars_in_market: 4,
        });
        assert_eq!(s.n_bars, 5);
        assert!((s.periods_per_year - 365.25).abs() < 1e-9);
        assert!((s.total_return - 0.089).abs() < 1e-12);
        // CAGR = 1.089^(365.25/4) - 1
        assert!((s.cagr - (1.089f64.powf(365.25 / 4.0) - 1.0)).abs() < 1e-9 * s.cagr);
        // Drawdown: peak 110 at bar 1, 99 is 10 % below, never recovered: 3 days, 3 bars.
        assert!((s.max_drawdown - 0.1).abs() < 1e-15);
        assert_eq!(
            (s.max_drawdown_duration_ns, s.max_drawdown_duration_bars),
            (3 * day, 3)
        );
        // mean r = 0.025; deviations .075, -.125, .075, -.025: ss = .0275, std = sqrt(.0275/3).
        let std = (0.0275f64 / 3.0).sqrt();
        assert!((s.sharpe - 0.025 / std * 365.25f64.sqrt()).abs() < 1e-9);
        // Downside deviation sqrt(.01 / 4) = .05.
        assert!((s.sortino - 0.025 / 0.05 * 365.25f64.sqrt()).abs() < 1e-9);
        assert!((s.calmar - s.cagr / 0.1).abs() < 1e-9 * s.calmar);
        assert_eq!(s.exposure, 0.8);
        assert!((s.buy_and_hold_return - 0.2).abs() < 1e-15);
        assert_eq!(s.equity_peak, 110.0);
        assert_eq!(s.trades.n_trades, 1);
    }

    #[test]
    fn stats_serialise_flat_with_nan_as_null() {
        let s = compute(&StatsInput {
            ts: &[0],
            equity: &[100.0],
            close: &[1.0],
            initial_cash: 100.0,
            trades: &[],
            bars_in_market: 0,
        });
        let json = serde_json::to_value(s).unwrap();
        assert!(json["sharpe"].is_null());
        assert!(json["win_rate"].is_null());
        assert_eq!(json["n_trades"], 0);
        assert_eq!(json["total_return"], 0.0);
    }

    #[test]
    #[should_panic(expected = "lengths differ")]
    fn compute_rejects_columns_of_different_length() {
        compute(&StatsInput {
            ts: &[0, 1],
            equity: &[1.0],
            close: &[1.0, 1.0],
            initial_cash: 1.0,
            trades: &[],
            bars_in_market: 0,
        });
    }
}
