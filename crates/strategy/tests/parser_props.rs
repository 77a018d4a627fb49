//! Property tests of the rule parser (proptest, fixed seed: every run tries the same cases).
//!
//! - Any text, and any soup of the language's tokens, parses to a tree or an error and
//!   compiles to a rule or an error: never a panic. A rule that compiles evaluates, in
//!   batch and streaming, to the same signals.
//! - A random expression tree printed with the fewest parentheses its precedence needs
//!   parses back to that tree (compared fully parenthesised), and printing the parse again
//!   reproduces it (the printer is a fixed point).

use barstream_strategy::expr::ast::BinOp;
use barstream_strategy::expr::parser::{parse, MAX_DEPTH};
use barstream_strategy::{Bar, BarsRef, Strategy as Rules, StrategyStream};
use proptest::prelude::*;
use proptest::test_runner::{Config, RngSeed};

fn config(cases: u32) -> Config {
    Config {
        cases,
        rng_seed: RngSeed::Fixed(17),
        failure_persistence: None,
        ..Config::default()
    }
}

/// A generated expression (what the parser should rebuild).
#[derive(Debug, Clone)]
enum G {
    Num(f64),
    Name(&'static str),
    Out(&'static str, &'static str),
    Not(Box<G>),
    Neg(Box<G>),
    Bin(BinOp, Box<G>, Box<G>),
    Call(&'static str, Vec<G>),
}

/// Binding strength: or 1, and 2, not 3, comparison 4, sum 5, product 6, unary 7, primary 8.
fn prec(g: &G) -> u8 {
    match g {
        G::Bin(op, ..) => bin_prec(*op),
        G::Not(_) => 3,
        G::Neg(_) => 7,
        _ => 8,
    }
}

fn bin_prec(op: BinOp) -> u8 {
    match op {
        BinOp::Or => 1,
        BinOp::And => 2,
        BinOp::Add | BinOp::Sub => 5,
        BinOp::Mul | BinOp::Div => 6,
        _ => 4,
    }
}

/// `g` with only the parentheses precedence needs (left-assoc runs; comparisons do not chain).
fn minimal(g: &G) -> String {
    let wrap = |x: &G, need: bool| {
        if need {
            format!("({})", minimal(x))
        } else {
            minimal(x)
        }
    };
    match g {
        G::Num(v) => format!("{v}"),
        G::Name(n) => n.to_string(),
        G::Out(n, o) => format!("{n}.{o}"),
        G::Not(x) => format!("not {}", wrap(x, prec(x) < 3)),
        G::Neg(x) => format!("-{}", wrap(x, prec(x) < 7)),
        G::Bin(op, l, r) => {
            let p = bin_prec(*op);
            let l_need = prec(l) < p || (p == 4 && prec(l) == 4);
            format!(
                "{} {} {}",
                wrap(l, l_need),
                op.symbol(),
                wrap(r, prec(r) <= p)
            )
        }
        G::Call(f, args) => {
            let a: Vec<String> = args.iter().map(minimal).collect();
            format!("{f}({})", a.join(", "))
        }
    }
}

/// `g` as [`show`] renders its parse.
fn full(g: &G) -> String {
    match g {
        G::Num(v) => format!("{v}"),
        G::Name(n) => n.to_string(),
        G::Out(n, o) => format!("{n}.{o}"),
        G::Not(x) => format!("(not {})", full(x)),
        G::Neg(x) => format!("(-{})", full(x)),
        G::Bin(op, l, r) => format!("({} {} {})", full(l), op.symbol(), full(r)),
        G::Call(f, args) => {
            let a: Vec<String> = args.iter().map(full).collect();
            format!("{f}({})", a.join(", "))
        }
    }
}

fn tree() -> impl Strategy<Value = G> {
    use BinOp::*;
    let leaf = prop_oneof![
        (0u32..400).prop_map(|k| G::Num(f64::from(k) / 4.0)),
        prop::sample::select(vec!["close", "fast", "x1", "prev"]).prop_map(G::Name),
        prop::sample::select(vec!["upper", "lower"]).prop_map(|o| G::Out("bb", o)),
    ];
    leaf.prop_recursive(6, 64, 3, |inner| {
        prop_oneof![
            inner.clone().prop_map(|x| G::Not(Box::new(x))),
            inner.clone().prop_map(|x| G::Neg(Box::new(x))),
            (
                prop::sample::select(vec![Or, And, Lt, Le, Gt, Ge, Eq, Ne, Add, Sub, Mul, Div]),
                inner.clone(),
                inner.clone()
            )
                .prop_map(|(op, l, r)| G::Bin(op, Box::new(l), Box::new(r))),
            (
                prop::sample::select(vec!["crossover", "prev", "f"]),
                prop::collection::vec(inner, 0..3)
            )
                .prop_map(|(f, a)| G::Call(f, a)),
        ]
    })
}

/// Tokens of the language, some misspelt, to glue into near-miss rules.
const TOKENS: [&str; 31] = [
    "(",
    ")",
    "(",
    ")",
    ",",
    ".",
    "and",
    "or",
    "not",
    "-",
    "+",
    "*",
    "/",
    "<",
    "<=",
    ">",
    ">=",
    "==",
    "!=",
    "=",
    "&&",
    "close",
    "fast",
    "bb",
    "upper",
    "1",
    "2.5",
    "prev",
    "crossover",
    "$",
    "1e999",
];

fn soup() -> impl Strategy<Value = String> {
    prop::collection::vec(
        (prop::sample::select(TOKENS.to_vec()), any::<bool>()),
        0..200,
    )
    .prop_map(|toks| {
        toks.iter()
            .map(|(t, space)| {
                if *space {
                    format!("{t} ")
                } else {
                    t.to_string()
                }
            })
            .collect()
    })
}

const SPEC_HEAD: &str = r#"{"name": "p", "indicators": {"fast": {"kind": "sma", "period": 3},
    "bb": {"kind": "bbands", "period": 4}}, "entry_long": "#;

/// Twelve bars with a NaN, a tie and a gap: enough for every construct to be defined.
fn bars() -> Vec<Bar> {
    let close = [
        10.0,
        11.0,
        10.5,
        f64::NAN,
        12.0,
        12.0,
        11.0,
        13.0,
        9.0,
        10.0,
        10.0,
        14.0,
    ];
    close
        .iter()
        .map(|&c| Bar {
            open: c - 0.5,
            high: c + 1.0,
            low: c - 1.0,
            close: c,
            volume: 100.0,
        })
        .collect()
}

/// Parses, compiles and, when it compiles, evaluates `rule` both ways; panics (fails the
/// property) only on a panic or a batch/stream mismatch.
fn compile_and_run(rule: &str) {
    let _ = parse(rule);
    let spec = format!("{SPEC_HEAD}{}}}", serde_json::to_string(rule).unwrap());
    let Ok(strategy) = Rules::from_json(&spec) else {
        return;
    };
    let bars = bars();
    let col = |f: fn(&Bar) -> f64| bars.iter().map(f).collect::<Vec<f64>>();
    let (open, high, low, close, volume) = (
        col(|b| b.open),
        col(|b| b.high),
        col(|b| b.low),
        col(|b| b.close),
        col(|b| b.volume),
    );
    let batch = strategy.signals(&BarsRef {
        open: &open,
        high: &high,
        low: &low,
        close: &close,
        volume: &volume,
    });
    let mut live = StrategyStream::new(&strategy);
    for (t, bar) in bars.iter().enumerate() {
        assert_eq!(
            live.update(&strategy, bar).entry_long,
            batch.entry_long[t],
            "{rule:?} at bar {t}"
        );
    }
}

proptest! {
    #![proptest_config(config(2_000))]

    #[test]
    fn token_soup_never_panics(rule in soup()) {
        compile_and_run(&rule);
    }

    #[test]
    fn any_text_never_panics(rule in prop::collection::vec(any::<char>(), 0..120)) {
        compile_and_run(&rule.into_iter().collect::<String>());
    }

    #[test]
    fn printed_trees_parse_back_to_themselves(g in tree()) {
        let text = minimal(&g);
        let parsed = parse(&text).map_err(|(s, m)| TestCaseError::fail(format!("{text:?}: {m} at {s:?}")))?;
        prop_assert_eq!(parsed.parenthesised(), full(&g), "{:?}", text);
        let again = parse(&parsed.parenthesised()).map_err(|(_, m)| TestCaseError::fail(m))?;
        prop_assert_eq!(again.parenthesised(), parsed.parenthesised());
        compile_and_run(&text);
    }
}

proptest! {
    #![proptest_config(config(200))]

    /// Nesting of any mix of `(`, `not`, `-` and calls past the limit is refused; within
    /// it, the rule parses.
    #[test]
    fn nesting_is_refused_exactly_past_the_limit(
        levels in prop::collection::vec(0u8..4, MAX_DEPTH - 2..MAX_DEPTH + 3),
    ) {
        let (mut open, mut close) = (String::new(), String::new());
        for l in &levels {
            match l {
                0 => { open.push('('); close.insert(0, ')'); }
                // `-not x` is not in the grammar (`-(not x)` is): a paren there instead.
                1 if open.ends_with('-') => { open.push('('); close.insert(0, ')'); }
                1 => open.push_str("not "),
                2 => open.push('-'),
                _ => { open.push_str("prev("); close.insert_str(0, ", 1)"); }
            }
        }
        let text = format!("{open}close{close}");
        match parse(&text) {
            Ok(_) => prop_assert!(levels.len() <= MAX_DEPTH, "{}", text),
            Err((_, m)) if m.starts_with("the rule nests too deeply") => {
                prop_assert!(levels.len() > MAX_DEPTH, "{}", text)
            }
            Err((_, m)) => prop_assert!(false, "{}: {}", text, m),
        }
    }
}
