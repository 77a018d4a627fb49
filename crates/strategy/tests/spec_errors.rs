//! Every error a user can get from `Strategy::from_json`, exact text included.

use barstream_strategy::{SizingMode, Strategy};

/// A spec with the indicators `fast` and `slow` and the given entry_long rule.
fn with_rule(rule: &str) -> String {
    format!(
        r#"{{"name": "t",
            "indicators": {{"fast": {{"kind": "sma", "period": 10}}, "slow": {{"kind": "sma", "period": 20}},
                            "bb": {{"kind": "bbands", "period": 20}}}},
            "entry_long": {}}}"#,
        serde_json::to_string(rule).unwrap()
    )
}

fn rule_err(rule: &str) -> String {
    Strategy::from_json(&with_rule(rule))
        .unwrap_err()
        .to_string()
}

const KNOWN: &str = "fast, slow, bb.upper, bb.middle, bb.lower, open, high, low, close, volume";

#[test]
fn unknown_name_is_underlined_in_the_rule() {
    let e = Strategy::from_json(
        r#"{"name": "t", "indicators": {"fast": {"kind": "sma", "period": 10}, "slow": {"kind": "sma", "period": 20}},
            "entry_long": "crossover(fsat, slow)"}"#,
    )
    .unwrap_err();
    assert_eq!(e.path, "entry_long");
    assert_eq!(
        e.to_string(),
        "entry_long: unknown name 'fsat' (known: fast, slow, open, high, low, close, volume)\n  crossover(fsat, slow)\n            ^^^^"
    );
}

#[test]
fn name_and_type_errors_have_exact_text_and_caret() {
    let cases = [
        (
            "bb > close",
            "'bb' has several outputs; use one of bb.upper, bb.middle, bb.lower\n  bb > close\n  ^^",
        ),
        (
            "bb.uper > close",
            "unknown output 'uper' of 'bb' (outputs: upper, middle, lower)\n  bb.uper > close\n     ^^^^",
        ),
        (
            "fast.x > 1",
            "'fast' has a single output; write 'fast', not 'fast.x'\n  fast.x > 1\n       ^",
        ),
        (
            "fast - slow",
            "a rule must be a condition (true/false), not a number; compare it, e.g. 'x > 0'\n  fast - slow\n  ^^^^^^^^^^^",
        ),
        (
            "fast > 1 and slow",
            "'and' needs a condition here, found a number\n  fast > 1 and slow\n               ^^^^",
        ),
        (
            "crossover(fast > 1, slow)",
            "crossover() needs a number here, found a condition\n  crossover(fast > 1, slow)\n            ^^^^^^^^",
        ),
        (
            "cross(fast, slow)",
            "unknown function 'cross' (known: crossover, crossunder, prev)\n  cross(fast, slow)\n  ^^^^^",
        ),
        (
            "crossunder(fast)",
            "crossunder takes 2 arguments: crossunder(a, b)\n  crossunder(fast)\n  ^^^^^^^^^^^^^^^^",
        ),
        (
            "prev(close, -1) > 0",
            "prev: the bar count must be a whole number in 1..=1000000, e.g. prev(close, 1)\n  prev(close, -1) > 0\n              ^^",
        ),
    ];
    for (rule, msg) in cases {
        assert_eq!(
            rule_err(rule),
            format!("entry_long: {msg}"),
            "rule {rule:?}"
        );
    }
    assert_eq!(
        rule_err("slwo < 3"),
        format!("entry_long: unknown name 'slwo' (known: {KNOWN})\n  slwo < 3\n  ^^^^")
    );
}

#[test]
fn syntax_errors_have_exact_text_and_caret() {
    let cases = [
        ("", "empty rule\n  \n  ^"),
        (
            "fast > ",
            "expected a value, found the end of the rule\n  fast > \n         ^",
        ),
        (
            "fast > slow)",
            "unmatched ')'\n  fast > slow)\n             ^",
        ),
        ("(fast > slow", "'(' is never closed\n  (fast > slow\n  ^"),
        (
            "fast slow",
            "expected an operator, found 'slow'\n  fast slow\n       ^^^^",
        ),
        (
            "1 < fast < 2",
            "comparisons cannot be chained; join them with 'and'\n  1 < fast < 2\n           ^",
        ),
        (
            "fast = slow",
            "unexpected '='; use '==' to compare\n  fast = slow\n       ^",
        ),
        (
            "fast > 1 && slow > 1",
            "unexpected '&&'; use 'and'\n  fast > 1 && slow > 1\n           ^^",
        ),
        (
            "fast > $1",
            "unexpected character '$'\n  fast > $1\n         ^",
        ),
        (
            "fast > or",
            "expected a value, found keyword 'or'\n  fast > or\n         ^^",
        ),
    ];
    for (rule, msg) in cases {
        assert_eq!(
            rule_err(rule),
            format!("entry_long: {msg}"),
            "rule {rule:?}"
        );
    }
}

#[test]
fn each_rule_reports_its_own_name() {
    let e = Strategy::from_json(
        r#"{"name": "t", "entry_short": "close > 1", "exit_short": "close >> 1"}"#,
    )
    .unwrap_err();
    assert_eq!(
        e.to_string(),
        "exit_short: expected a value, found '>'\n  close >> 1\n         ^"
    );
}

#[test]
fn structural_and_range_errors_name_the_json_path() {
    let err = |s: &str| Strategy::from_json(s).unwrap_err().to_string();
    assert_eq!(
        err(
            r#"{"name": "t", "entry_long": "close > 1", "sizing": {"mode": "fraction", "value": 0}}"#
        ),
        "sizing.value: fraction of equity must be in (0, 1], 1.0 = all equity; got 0"
    );
    assert_eq!(
        err(r#"{"name": "t", "entry_long": "close > 1", "risk": {"stop_loss": 1.5}}"#),
        "risk.stop_loss: must be a fraction of the entry price in (0, 1), e.g. 0.05 = 5%; got 1.5"
    );
    assert_eq!(
        err(
            r#"{"name": "t", "entry_long": "m.macd > 0", "indicators": {"m": {"kind": "macd", "fast": 26, "slow": 12, "signal": 9}}}"#
        ),
        "indicators.m.fast: macd fast (26) must be < slow (12)"
    );
    assert_eq!(
        err(
            r#"{"name": "t", "entry_long": "a > 0", "indicators": {"a": {"kind": "ema", "period": 5, "input": "b"}, "b": {"kind": "ema", "period": 5, "input": "a"}}}"#
        ),
        "indicators.a.input: cycle: a -> b -> a"
    );
    assert_eq!(
        err(
            r#"{"name": "t", "entry_long": "a > 0", "indicators": {"a": {"kind": "ema", "period": 5}, "a": {"kind": "sma", "period": 5}}}"#
        ),
        "indicators: duplicate key `a` at line 1 column 90"
    );
    assert_eq!(
        err(r#"{"name": "t", "exit_long": "close > 1"}"#),
        "no entry rule: give entry_long, entry_short or both"
    );
    assert_eq!(
        err(r#"{"name": "t", "entry_long": "close > 1", "sizing": {"mode": "kelly"}}"#),
        "sizing.mode: unknown variant `kelly`, expected one of `fraction`, `quantity`, `cash`, `backtesting_py` at line 1 column 67"
    );
    assert_eq!(
        err(r#"{"name": "t", "entry_long": "close > 1", "risk": {"atr_stop": {"period": 14}}}"#),
        "risk.atr_stop: missing field `multiple` at line 1 column 76"
    );
}

#[test]
fn the_committed_examples_parse() {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../../examples/strategies");
    let sma =
        Strategy::from_json(&std::fs::read_to_string(format!("{dir}/sma_cross.json")).unwrap())
            .unwrap();
    assert_eq!(sma.name(), "sma_cross");
    assert_eq!(sma.sizing().mode, SizingMode::BacktestingPy);
    // SMA20 first defined at bar 19, a crossover also reads the bar before.
    assert_eq!(sma.warmup(), 20);
    let rich = Strategy::from_json(
        &std::fs::read_to_string(format!("{dir}/rsi_trend_risk.json")).unwrap(),
    )
    .unwrap();
    assert_eq!(rich.risk().max_bars, Some(20));
    assert_eq!(
        rich.risk()
            .atr_stop
            .as_ref()
            .map(|a| (a.period, a.multiple)),
        Some((14, 3.0))
    );
    // ema(50): 49; ema(5) of rsi(14): 14 + 4 = 18, +1 for the crossover; macd(12,26,9): 33.
    assert_eq!(rich.warmup(), 49);
}
