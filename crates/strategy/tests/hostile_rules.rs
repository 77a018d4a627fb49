//! Hostile specs (issue 17, cases 1 and 2): rules nested thousands deep or chained tens of
//! thousands long, and periods far beyond any data, are errors or plain runs, never a stack
//! overflow or an allocation abort of the process.
//!
//! Before the fix each `deep_*` and `long_*` case killed the test binary (SIGSEGV: the
//! recursive parser, compiler and evaluator overflowed the stack), and the period cases
//! were accepted and aborted later in `highest()`/`Sma::new` ("memory allocation failed",
//! "capacity overflow").

use crate::common;

use barstream_strategy::{Bar, Signals, Strategy, StrategyStream};
use common::{load, Ohlcv};

const INDICATORS: &str = r#"{"fast": {"kind": "sma", "period": 10}, "slow": {"kind": "sma", "period": 30},
    "dc": {"kind": "donchian", "period": 20}}"#;

fn spec(rule: &str) -> String {
    format!(
        r#"{{"name": "hostile", "indicators": {INDICATORS}, "entry_long": {}, "exit_long": "close < dc.lower"}}"#,
        serde_json::to_string(rule).unwrap()
    )
}

fn refused(rule: &str) -> String {
    match Strategy::from_json(&spec(rule)) {
        Ok(_) => panic!("accepted a rule of {} chars", rule.len()),
        Err(e) => {
            assert_eq!(e.path, "entry_long");
            e.to_string()
        }
    }
}

/// Batch signals, and the same signals from the streaming engine at every bar.
fn signals(strategy: &Strategy, d: &Ohlcv) -> Signals {
    let batch = strategy.signals(&d.bars());
    let mut live = StrategyStream::new(strategy);
    for t in 0..d.close.len() {
        let bar = Bar {
            open: d.open[t],
            high: d.high[t],
            low: d.low[t],
            close: d.close[t],
            volume: d.volume[t],
        };
        let s = live.update(strategy, &bar);
        assert_eq!(
            (s.entry_long, s.exit_long),
            (batch.entry_long[t], batch.exit_long[t]),
            "stream vs batch at bar {t}"
        );
    }
    batch
}

const TOO_DEEP: &str =
    "the rule nests too deeply: more than 128 levels of parentheses, function calls, 'not' and '-'";

#[test]
fn deep_nesting_is_an_error_at_the_first_level_too_deep() {
    let cases = [
        format!("{}close > 1{}", "(".repeat(4_000), ")".repeat(4_000)),
        format!("{}close > 1", "not ".repeat(4_000)),
        format!("{}close > 1", "-".repeat(4_000)),
        format!("{}close{} > 1", "prev(".repeat(4_000), ", 1)".repeat(4_000)),
        // Unclosed: the depth error comes first, not a scan to the end.
        "(".repeat(100_000),
    ];
    for rule in &cases {
        let e = refused(rule);
        assert!(e.starts_with(&format!("entry_long: {TOO_DEEP}")), "{e}");
        // The position is named, and a long rule is cut to an excerpt around it.
        assert!(e.contains(" (at char "), "{e}");
        assert!(e.len() < 600, "{} chars: {e}", e.len());
    }
    let e = refused(&cases[0]);
    assert!(
        e.contains("(at char 128 of 8009)\n  ..."),
        "the 129th '(' is char 128: {e}"
    );
}

#[test]
fn nesting_at_the_limit_compiles_and_evaluates() {
    let goog = load("backtesting_py/GOOG.csv");
    let plain = Strategy::from_json(&spec("not (close > fast)")).unwrap();
    // 127 parentheses inside one `not`: 128 levels.
    let deep = format!("not {}close > fast{}", "(".repeat(127), ")".repeat(127));
    let deep = Strategy::from_json(&spec(&deep)).unwrap();
    assert_eq!(signals(&deep, &goog), signals(&plain, &goog));
    // 64 `not`s and 64 unary minuses: 128 levels; both even, so it is `close > fast`.
    let mixed = format!("{}close > {}fast", "not ".repeat(64), "-".repeat(64));
    let mixed = Strategy::from_json(&spec(&mixed)).unwrap();
    let plain = Strategy::from_json(&spec("close > fast")).unwrap();
    let fired = signals(&plain, &goog);
    assert!(fired.entry_long.iter().any(|&x| x));
    assert_eq!(signals(&mixed, &goog), fired);
}

#[test]
fn long_and_chains_compile_and_evaluate_like_their_distinct_terms() {
    let goog = load("backtesting_py/GOOG.csv");
    let terms = ["fast > slow", "close > prev(close, 1)", "high - low > 10"];
    let chain = |op: &str, n: usize| {
        (0..n)
            .map(|i| terms[i % terms.len()])
            .collect::<Vec<_>>()
            .join(op)
    };
    for op in [" and ", " or "] {
        let long = chain(op, 20_001);
        assert!(long.len() > 200_000);
        let long = Strategy::from_json(&spec(&long)).unwrap();
        let short = Strategy::from_json(&spec(&chain(op, 3))).unwrap();
        // `prev(close, 1)` in the chain: the warm-up is the longest operand's (slow: 29).
        assert_eq!(long.warmup(), short.warmup());
        let want = signals(&short, &goog);
        assert!(want.entry_long.iter().any(|&x| x) && !want.entry_long.iter().all(|&x| x));
        assert_eq!(signals(&long, &goog), want, "{op}");
    }
    // 20,000 `and`s of constant comparisons (what a generated file looks like).
    let tiny = format!("close > 0{}", " and 1 < 2".repeat(20_000));
    let tiny = Strategy::from_json(&spec(&tiny)).unwrap();
    let plain = Strategy::from_json(&spec("close > 0")).unwrap();
    assert_eq!(signals(&tiny, &goog), signals(&plain, &goog));
}

#[test]
fn long_arithmetic_runs_evaluate_left_to_right_like_their_short_form() {
    let goog = load("backtesting_py/GOOG.csv");
    // close + 0 + 0 ... = close exactly; close * 1 / 1 * 1 ... = close exactly.
    let cases = [
        (
            format!("close{} > fast", " + 0 - 0".repeat(10_000)),
            "close > fast",
        ),
        (
            format!("close{} > fast", " * 1 / 1".repeat(10_000)),
            "close > fast",
        ),
        // A leading run of constants folds: 0 + 1 + 1 ... = 20000.
        (
            format!("0{} < close * 40", " + 1".repeat(20_000)),
            "20000 < close * 40",
        ),
    ];
    for (long, short) in &cases {
        let long = Strategy::from_json(&spec(long)).unwrap();
        let short = Strategy::from_json(&spec(short)).unwrap();
        let want = signals(&short, &goog);
        assert!(want.entry_long.iter().any(|&x| x));
        assert_eq!(signals(&long, &goog), want);
    }
}

fn period_err(indicators: &str) -> String {
    let s = format!(r#"{{"name": "p", "indicators": {indicators}, "entry_long": "close > 0"}}"#);
    Strategy::from_json(&s).unwrap_err().to_string()
}

#[test]
fn periods_beyond_the_maximum_are_refused_at_their_path() {
    let range = "must be a whole number of bars in 1..=1000000; got";
    for big in ["10000000000", "1000000000000000000", "1000001", "0"] {
        for (json, path) in [
            (
                format!(r#"{{"h": {{"kind": "highest", "period": {big}}}}}"#),
                "indicators.h.period",
            ),
            (
                format!(r#"{{"l": {{"kind": "lowest", "period": {big}}}}}"#),
                "indicators.l.period",
            ),
            (
                format!(r#"{{"d": {{"kind": "donchian", "period": {big}}}}}"#),
                "indicators.d.period",
            ),
            (
                format!(r#"{{"s": {{"kind": "sma", "period": {big}}}}}"#),
                "indicators.s.period",
            ),
            (
                format!(r#"{{"m": {{"kind": "macd", "fast": 2, "slow": {big}, "signal": 3}}}}"#),
                "indicators.m.slow",
            ),
        ] {
            let e = period_err(&json);
            assert!(
                e.starts_with(&format!("{path}: {range} {big} at line 1")),
                "{e}"
            );
        }
        let atr = format!(
            r#"{{"name": "p", "entry_long": "close > 0", "risk": {{"atr_stop": {{"period": {big}, "multiple": 2}}}}}}"#
        );
        let e = Strategy::from_json(&atr).unwrap_err().to_string();
        assert!(
            e.starts_with(&format!("risk.atr_stop.period: {range} {big}")),
            "{e}"
        );
    }
    // The maximum itself is a valid spec (it runs; its warm-up is longer than any data here).
    let max = r#"{"name": "p", "indicators": {"h": {"kind": "highest", "period": 1000000}},
                 "entry_long": "close > prev(h, 1000000)"}"#;
    assert_eq!(Strategy::from_json(max).unwrap().warmup(), 1_999_999);
    let e = Strategy::from_json(&spec("close > prev(close, 1000001)")).unwrap_err();
    assert!(e
        .message
        .starts_with("prev: the bar count must be a whole number in 1..=1000000"));
}
