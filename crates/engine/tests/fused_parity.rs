//! The fused kernel (rules evaluated per bar inside the replay loop, no signal columns)
//! equals the vectorised path (signal columns, then the replay) bit for bit on real data:
//! trades, equity curve and statistics (`f64::to_bits` for trades and equity; the Debug
//! text of every statistic, which prints each f64 exactly), plus the counters.
//!
//! Data: all 505 S&P 500 daily files and three Binance 1-minute months. Strategies: every
//! file in `examples/strategies/`, each as written and with its `risk` removed, plus
//! specs exercising the shapes the fused rules take (a lone crossover pair, comparisons of
//! prices and constants, arithmetic, `prev` of a number, `and` / `or`, long and short).
//! Both fill timings and both ambiguity policies.
//!
//! The dispatcher: strategies with `not` or `prev` of a condition have no fused form and
//! `run_symbol_with(.., Kernel::Fused)` falls back to the vectorised path.

mod common;

use barstream_engine::run::config_for;
use barstream_engine::{
    kernel_for, run_symbol_with, AmbiguityPolicy, FillTiming, Kernel, ReplayConfig, SymbolResult,
};
use barstream_strategy::Strategy;
use common::{raw, read_daily, read_minutes, Loaded};

/// Shapes beyond the example files: comparisons, arithmetic, `prev` of a number, long and
/// short, a rule used twice and a crossover against a price column.
const EXTRA: [&str; 3] = [
    r#"{"name":"ls","indicators":{"fast":{"kind":"ema","period":5},"slow":{"kind":"sma","period":20}},
      "entry_long":"crossover(fast, slow)","entry_short":"crossunder(fast, slow)",
      "risk":{"stop_loss":0.03,"trailing_stop":0.02,"max_bars":30}}"#,
    r#"{"name":"mix","indicators":{"r":{"kind":"rsi","period":14},"m":{"kind":"sma","period":30}},
      "entry_long":"r < 35 and close > prev(close, 3) or crossover(close, m)",
      "exit_long":"r > 65 or (high - low) / close > 0.04",
      "entry_short":"r > 70 and close < m", "exit_short":"r <= 45 or close >= prev(m, 1) * 1.01",
      "risk":{"take_profit":0.05,"atr_stop":{"period":10,"multiple":2.0}}}"#,
    r#"{"name":"cmp","indicators":{"a":{"kind":"wma","period":8},"b":{"kind":"ema","period":21}},
      "entry_long":"a > b","exit_long":"a < b","entry_short":"a != b and close < open","exit_short":"close == open"}"#,
];

/// Every example strategy, as written and without risk exits, plus [`EXTRA`].
fn strategies() -> Vec<Strategy> {
    let dir =
        std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../examples/strategies");
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .expect("examples/strategies")
        .map(|e| e.expect("dir entry").path())
        .filter(|p| p.extension().is_some_and(|x| x == "json"))
        .collect();
    files.sort();
    assert!(files.len() >= 3, "example strategies: {files:?}");
    let mut out = Vec::new();
    for f in files {
        let text = std::fs::read_to_string(&f).expect("strategy file");
        out.push(Strategy::from_json(&text).expect("example strategy is valid"));
        let mut v: serde_json::Value = serde_json::from_str(&text).expect("json");
        v.as_object_mut().expect("object").remove("risk");
        out.push(Strategy::from_json(&v.to_string()).expect("without risk"));
    }
    for spec in EXTRA {
        out.push(Strategy::from_json(spec).expect("extra spec is valid"));
    }
    for s in &out {
        assert!(
            s.fused_rules().is_some(),
            "{} should have a fused form",
            s.name()
        );
    }
    out
}

fn configs() -> Vec<ReplayConfig> {
    let mut out = Vec::new();
    for fill in [FillTiming::NextOpen, FillTiming::SameClose] {
        for ambiguity in [AmbiguityPolicy::StopFirst, AmbiguityPolicy::TargetFirst] {
            out.push(ReplayConfig {
                initial_cash: 100_000.0,
                slippage: 0.0005,
                fill,
                ambiguity,
                ..ReplayConfig::default()
            });
        }
    }
    out
}

fn bits(v: &[f64]) -> Vec<u64> {
    v.iter().map(|x| x.to_bits()).collect()
}

/// Asserts bit-identical results; returns the trade count.
fn assert_same(ctx: &str, a: &SymbolResult, b: &SymbolResult) -> usize {
    assert_eq!(bits(&a.equity), bits(&b.equity), "{ctx}: equity");
    assert_eq!(a.trades.len(), b.trades.len(), "{ctx}: trade count");
    for (i, (x, y)) in a.trades.iter().zip(&b.trades).enumerate() {
        let key = |t: &barstream_model::Trade| {
            (
                t.side,
                t.entry_bar,
                t.exit_bar,
                t.exit_reason,
                bits(&[t.entry_price, t.exit_price, t.qty, t.pnl, t.return_frac]),
            )
        };
        assert_eq!(key(x), key(y), "{ctx}: trade {i}");
    }
    assert_eq!(
        format!("{:?}", a.stats),
        format!("{:?}", b.stats),
        "{ctx}: stats"
    );
    assert_eq!(
        (a.ambiguous_bars, a.rejected_orders),
        (b.ambiguous_bars, b.rejected_orders),
        "{ctx}: counters"
    );
    a.trades.len()
}

fn check(name: &str, d: &Loaded, strategies: &[Strategy]) -> usize {
    let mut trades = 0;
    for s in strategies {
        for base in configs() {
            let cfg = config_for(s, &base);
            let fused = run_symbol_with(s, d.bars(), &cfg, Kernel::Fused);
            let vect = run_symbol_with(s, d.bars(), &cfg, Kernel::Vectorised);
            let ctx = format!("{name} {} {:?} {:?}", s.name(), cfg.fill, cfg.ambiguity);
            trades += assert_same(&ctx, &fused, &vect);
        }
    }
    trades
}

#[test]
fn fused_equals_vectorised_on_all_sp500_symbols() {
    let strategies = strategies();
    let mut files: Vec<_> = std::fs::read_dir(raw("sp500_5yr"))
        .expect("sp500_5yr beside the checkout")
        .map(|e| e.expect("dir entry").path())
        .collect();
    files.sort();
    assert!(files.len() >= 500);
    let mut trades = 0;
    for f in &files {
        let d = read_daily(f);
        trades += check(&f.display().to_string(), &d, &strategies);
    }
    assert!(trades > 100_000, "trades compared: {trades}");
}

#[test]
fn fused_equals_vectorised_on_crypto_minutes() {
    let strategies = strategies();
    let mut trades = 0;
    for s in ["LINKUSDT", "AVAXUSDT", "ALGOUSDT"] {
        let d = read_minutes(&raw(&format!("crypto_1m_binance/{s}-1m-2023-02.csv")));
        trades += check(s, &d, &strategies);
    }
    assert!(trades > 10_000, "trades compared: {trades}");
}

#[test]
fn strategies_without_a_fused_form_go_vectorised() {
    let no_fused = [
        r#"{"name":"not","indicators":{"f":{"kind":"sma","period":5},"s":{"kind":"sma","period":20}},
          "entry_long":"crossover(f, s)","exit_long":"not (f > s)"}"#,
        r#"{"name":"prevbool","indicators":{"f":{"kind":"sma","period":5},"s":{"kind":"sma","period":20}},
          "entry_long":"prev(crossover(f, s), 1)","exit_long":"crossunder(f, s)"}"#,
    ];
    let d = read_daily(&raw("sp500_5yr/AAPL_data.csv"));
    for spec in no_fused {
        let s = Strategy::from_json(spec).expect("valid spec");
        assert!(s.fused_rules().is_none(), "{}", s.name());
        let cfg = config_for(&s, &ReplayConfig::default());
        assert_eq!(kernel_for(&s, &cfg), Kernel::Vectorised, "{}", s.name());
        // Asking for the fused kernel falls back to the vectorised path.
        let a = run_symbol_with(&s, d.bars(), &cfg, Kernel::Fused);
        let b = run_symbol_with(&s, d.bars(), &cfg, Kernel::Vectorised);
        assert!(assert_same(s.name(), &a, &b) > 0);
    }
    // A strategy with a fused form: fused without risk exits, vectorised with them.
    let s = Strategy::from_json(EXTRA[0]).expect("valid spec");
    let with_risk = config_for(&s, &ReplayConfig::default());
    assert!(!with_risk.risk.is_empty());
    assert_eq!(kernel_for(&s, &with_risk), Kernel::Vectorised);
    let no_risk = ReplayConfig {
        risk: barstream_engine::RiskParams::default(),
        ..with_risk
    };
    assert_eq!(kernel_for(&s, &no_risk), Kernel::Fused);
    // run_batch follows the dispatcher (fused without risk exits, vectorised with them)
    // and equals both kernels.
    let mut plain: serde_json::Value = serde_json::from_str(EXTRA[0]).expect("json");
    plain.as_object_mut().expect("object").remove("risk");
    let plain = Strategy::from_json(&plain.to_string()).expect("valid spec");
    let offsets = [0, d.ts.len()];
    for (strategy, want) in [(&s, Kernel::Vectorised), (&plain, Kernel::Fused)] {
        let cfg = config_for(strategy, &ReplayConfig::default());
        assert_eq!(kernel_for(strategy, &cfg), want);
        let batch = barstream_model::Batch {
            bars: d.bars(),
            offsets: &offsets,
        };
        let r = barstream_engine::run_batch(strategy, batch, &ReplayConfig::default())
            .expect("valid batch")
            .remove(0);
        for k in [Kernel::Fused, Kernel::Vectorised] {
            let other = run_symbol_with(strategy, d.bars(), &cfg, k);
            assert!(assert_same("run_batch", &r, &other) > 0);
        }
    }
}
