//! [`Expr`] -> [`BoolNode`]: resolve names to columns, check types, fold constants.
//! Runs once per spec, so evaluation never looks at a name or a type again.

use barstream_indicators::MAX_PERIOD;

use super::ast::{BinOp, Expr, ExprKind, Span, UnOp};
use crate::signals::ColId;

/// Arithmetic operators over f64 (IEEE: NaN propagates, x/0 = ±inf).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum ArithOp {
    Add,
    Sub,
    Mul,
    Div,
}

/// Comparison operators; every comparison with a NaN operand is *unknown*.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum CmpOp {
    Lt,
    Le,
    Gt,
    Ge,
    Eq,
    Ne,
}

/// A numeric expression (one f64 per bar).
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum NumNode {
    Const(f64),
    Col(ColId),
    Neg(Box<NumNode>),
    /// `((first op1 x1) op2 x2) ...`, left to right (IEEE rounding at each step); never empty.
    Arith(Box<NumNode>, Vec<(ArithOp, NumNode)>),
    /// Value n bars earlier; NaN for the first n bars.
    Prev(Box<NumNode>, usize),
}

/// A condition (one Kleene truth value per bar: false, unknown, true).
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum BoolNode {
    Cmp(CmpOp, NumNode, NumNode),
    /// `crossover(a, b)`: a[t-1] < b[t-1] and a[t] > b[t]. `crossunder(a, b)` is `Cross(b, a)`.
    Cross(NumNode, NumNode),
    Not(Box<BoolNode>),
    /// Kleene `and` of all (min); two or more, flat however many a rule chains.
    And(Vec<BoolNode>),
    /// Kleene `or` of all (max); two or more, flat however many a rule chains.
    Or(Vec<BoolNode>),
    /// Value n bars earlier; unknown for the first n bars.
    Prev(Box<BoolNode>, usize),
}

/// Which part of a `name.output` reference an error is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum NamePart {
    Name,
    Output,
}

/// The namespace rules are compiled against.
pub(crate) trait Resolve {
    /// The column called `name` (or `name.output`).
    ///
    /// # Errors
    /// Which part is wrong and a message listing what is known.
    fn resolve(&self, name: &str, output: Option<&str>) -> Result<ColId, (NamePart, String)>;
    /// Bars before the column's first defined value (TA-Lib lookback).
    fn lookback(&self, col: ColId) -> usize;
}

/// The functions rules may call.
pub(crate) const FUNCTIONS: [&str; 3] = ["crossover", "crossunder", "prev"];

enum Typed {
    Num(NumNode),
    Bool(BoolNode),
}

/// Compiles a parsed rule into a condition.
///
/// # Errors
/// `(span, message)` for unknown names/functions, wrong argument counts, a
/// number where a condition is needed or the reverse.
pub(crate) fn compile(e: &Expr, names: &dyn Resolve) -> Result<BoolNode, (Span, String)> {
    match typed(e, names)? {
        Typed::Bool(b) => Ok(b),
        Typed::Num(_) => Err((
            e.span,
            "a rule must be a condition (true/false), not a number; compare it, e.g. 'x > 0'"
                .into(),
        )),
    }
}

fn typed(e: &Expr, names: &dyn Resolve) -> Result<Typed, (Span, String)> {
    Ok(match &e.kind {
        ExprKind::Number(v) => Typed::Num(NumNode::Const(*v)),
        ExprKind::Name { name, output } => {
            let col = names
                .resolve(name, output.as_ref().map(|(o, _)| o.as_str()))
                .map_err(|(part, msg)| match (part, output) {
                    (NamePart::Output, Some((_, s))) => (*s, msg),
                    _ => (
                        Span {
                            start: e.span.start,
                            end: e.span.start + name.chars().count(),
                        },
                        msg,
                    ),
                })?;
            Typed::Num(NumNode::Col(col))
        }
        ExprKind::Unary(UnOp::Neg, x) => match num(x, names, "'-'")? {
            NumNode::Const(v) => Typed::Num(NumNode::Const(-v)),
            n => Typed::Num(NumNode::Neg(Box::new(n))),
        },
        ExprKind::Unary(UnOp::Not, x) => {
            Typed::Bool(BoolNode::Not(Box::new(cond(x, names, "'not'")?)))
        }
        ExprKind::Binary(op, l, r) => chain(l, [(*op, &**r)], names)?,
        ExprKind::Chain { first, rest } => chain(first, rest.iter().map(|(o, x)| (*o, x)), names)?,
        ExprKind::Call {
            func,
            func_span,
            args,
        } => call(func, *func_span, args, e.span, names)?,
    })
}

/// `first op1 x1 op2 x2 ...` folded left to right in a loop (no recursion along the run),
/// each operand type-checked for its operator: `and`/`or` runs become one flat
/// [`BoolNode::And`]/[`BoolNode::Or`], arithmetic runs one [`NumNode::Arith`], a comparison
/// a [`BoolNode::Cmp`]. A leading run of constants is folded, exactly as a left-deep tree of
/// binary nodes would fold it (`1 + 2 + close` -> `3 + close`; `close + 1 + 2` stays).
fn chain<'e>(
    first: &'e Expr,
    rest: impl IntoIterator<Item = (BinOp, &'e Expr)>,
    names: &dyn Resolve,
) -> Result<Typed, (Span, String)> {
    let mut rest = rest.into_iter().peekable();
    let Some(&(op0, _)) = rest.peek() else {
        return typed(first, names);
    };
    let mut acc = operand(op0, first, names)?;
    let mut span = first.span;
    for (op, x) in rest {
        let what = format!("'{}'", op.symbol());
        let logic = matches!(op, BinOp::And | BinOp::Or);
        // The prefix's type only differs from what `op` needs when one run mixes levels,
        // which the parser never builds; checked all the same.
        acc = match (acc, logic) {
            (Typed::Bool(l), true) => {
                let r = cond(x, names, &what)?;
                Typed::Bool(match (op, l) {
                    (BinOp::And, BoolNode::And(mut v)) => {
                        v.push(r);
                        BoolNode::And(v)
                    }
                    (BinOp::Or, BoolNode::Or(mut v)) => {
                        v.push(r);
                        BoolNode::Or(v)
                    }
                    (BinOp::And, l) => BoolNode::And(vec![l, r]),
                    (_, l) => BoolNode::Or(vec![l, r]),
                })
            }
            (Typed::Num(l), false) => {
                let r = num(x, names, &what)?;
                match (cmp_op(op), arith_op(op), l, r) {
                    (Some(c), _, l, r) => Typed::Bool(BoolNode::Cmp(c, l, r)),
                    (_, Some(a), NumNode::Const(l), NumNode::Const(r)) => {
                        Typed::Num(NumNode::Const(apply(a, l, r)))
                    }
                    (_, Some(a), NumNode::Arith(f, mut v), r) => {
                        v.push((a, r));
                        Typed::Num(NumNode::Arith(f, v))
                    }
                    (_, Some(a), l, r) => Typed::Num(NumNode::Arith(Box::new(l), vec![(a, r)])),
                    (None, None, ..) => {
                        unreachable!("every operator is logic, comparison or arithmetic")
                    }
                }
            }
            (Typed::Bool(_), false) => {
                return Err((
                    span,
                    format!("{what} needs a number here, found a condition"),
                ))
            }
            (Typed::Num(_), true) => {
                return Err((
                    span,
                    format!("{what} needs a condition here, found a number"),
                ))
            }
        };
        span = span.to(x.span);
    }
    Ok(acc)
}

/// Compiles `e`, the left operand of `op`, to the type `op` needs.
fn operand(op: BinOp, e: &Expr, names: &dyn Resolve) -> Result<Typed, (Span, String)> {
    let what = format!("'{}'", op.symbol());
    Ok(match op {
        BinOp::And | BinOp::Or => Typed::Bool(cond(e, names, &what)?),
        _ => Typed::Num(num(e, names, &what)?),
    })
}

fn cmp_op(op: BinOp) -> Option<CmpOp> {
    Some(match op {
        BinOp::Lt => CmpOp::Lt,
        BinOp::Le => CmpOp::Le,
        BinOp::Gt => CmpOp::Gt,
        BinOp::Ge => CmpOp::Ge,
        BinOp::Eq => CmpOp::Eq,
        BinOp::Ne => CmpOp::Ne,
        _ => return None,
    })
}

fn arith_op(op: BinOp) -> Option<ArithOp> {
    Some(match op {
        BinOp::Add => ArithOp::Add,
        BinOp::Sub => ArithOp::Sub,
        BinOp::Mul => ArithOp::Mul,
        BinOp::Div => ArithOp::Div,
        _ => return None,
    })
}

/// Applies an arithmetic operator to two numbers (shared with the evaluator).
#[inline(always)]
pub(crate) fn apply(op: ArithOp, x: f64, y: f64) -> f64 {
    match op {
        ArithOp::Add => x + y,
        ArithOp::Sub => x - y,
        ArithOp::Mul => x * y,
        ArithOp::Div => x / y,
    }
}

fn call(
    func: &str,
    func_span: Span,
    args: &[Expr],
    span: Span,
    names: &dyn Resolve,
) -> Result<Typed, (Span, String)> {
    let arity = |n: usize, usage: &str| {
        if args.len() == n {
            Ok(())
        } else {
            Err((span, format!("{func} takes {n} arguments: {usage}")))
        }
    };
    match func {
        "crossover" | "crossunder" => {
            arity(2, &format!("{func}(a, b)"))?;
            let what = format!("{func}()");
            let (a, b) = (num(&args[0], names, &what)?, num(&args[1], names, &what)?);
            Ok(Typed::Bool(if func == "crossover" {
                BoolNode::Cross(a, b)
            } else {
                BoolNode::Cross(b, a)
            }))
        }
        "prev" => {
            arity(2, "prev(x, n), n a whole number of bars")?;
            // The bar count is bounded like a period: the live engine keeps n values per `prev`.
            let n = match args[1].kind {
                ExprKind::Number(v) if v >= 1.0 && v.fract() == 0.0 && v <= MAX_PERIOD as f64 => {
                    v as usize
                }
                _ => {
                    return Err((
                        args[1].span,
                        format!(
                            "prev: the bar count must be a whole number in 1..={MAX_PERIOD}, \
                             e.g. prev(close, 1)"
                        ),
                    ))
                }
            };
            Ok(match typed(&args[0], names)? {
                Typed::Num(x) => Typed::Num(NumNode::Prev(Box::new(x), n)),
                Typed::Bool(x) => Typed::Bool(BoolNode::Prev(Box::new(x), n)),
            })
        }
        _ => Err((
            func_span,
            format!(
                "unknown function '{func}' (known: {})",
                FUNCTIONS.join(", ")
            ),
        )),
    }
}

/// Compiles `e` where `what` needs a number.
fn num(e: &Expr, names: &dyn Resolve, what: &str) -> Result<NumNode, (Span, String)> {
    match typed(e, names)? {
        Typed::Num(n) => Ok(n),
        Typed::Bool(_) => Err((
            e.span,
            format!("{what} needs a number here, found a condition"),
        )),
    }
}

/// Compiles `e` where `what` needs a condition.
fn cond(e: &Expr, names: &dyn Resolve, what: &str) -> Result<BoolNode, (Span, String)> {
    match typed(e, names)? {
        Typed::Bool(b) => Ok(b),
        Typed::Num(_) => Err((
            e.span,
            format!("{what} needs a condition here, found a number"),
        )),
    }
}

/// Bars before a numeric node's first defined value.
pub(crate) fn num_lookback(n: &NumNode, names: &dyn Resolve) -> usize {
    match n {
        NumNode::Const(_) => 0,
        NumNode::Col(c) => names.lookback(*c),
        NumNode::Neg(x) => num_lookback(x, names),
        NumNode::Arith(first, rest) => rest.iter().fold(num_lookback(first, names), |m, (_, x)| {
            m.max(num_lookback(x, names))
        }),
        NumNode::Prev(x, k) => num_lookback(x, names) + k,
    }
}

/// Bars before a condition can first be true (known): the max over its operands,
/// plus one for a crossover (it reads the bar before) and k for `prev(_, k)`.
pub(crate) fn bool_lookback(b: &BoolNode, names: &dyn Resolve) -> usize {
    match b {
        BoolNode::Cmp(_, x, y) => num_lookback(x, names).max(num_lookback(y, names)),
        BoolNode::Cross(x, y) => num_lookback(x, names).max(num_lookback(y, names)) + 1,
        BoolNode::Not(x) => bool_lookback(x, names),
        BoolNode::And(xs) | BoolNode::Or(xs) => xs
            .iter()
            .map(|x| bool_lookback(x, names))
            .max()
            .unwrap_or(0),
        BoolNode::Prev(x, k) => bool_lookback(x, names) + k,
    }
}

#[cfg(test)]
mod tests {
    use super::super::parser::parse;
    use super::*;
    use barstream_model::PriceField;

    /// Namespace of the price fields plus `fast` (lookback 9) and `bb.upper` (lookback 19).
    struct Names;
    impl Resolve for Names {
        fn resolve(&self, name: &str, output: Option<&str>) -> Result<ColId, (NamePart, String)> {
            match (name, output) {
                ("fast", None) => Ok(ColId::Output(0)),
                ("bb", Some("upper")) => Ok(ColId::Output(1)),
                ("bb", Some(_)) => Err((NamePart::Output, "bad output".into())),
                (n, None) => PriceField::parse(n)
                    .map(ColId::Price)
                    .ok_or((NamePart::Name, "bad name".into())),
                _ => Err((NamePart::Name, "bad name".into())),
            }
        }
        fn lookback(&self, col: ColId) -> usize {
            match col {
                ColId::Output(0) => 9,
                ColId::Output(_) => 19,
                ColId::Price(_) => 0,
            }
        }
    }

    fn c(src: &str) -> Result<BoolNode, (usize, usize, String)> {
        compile(&parse(src).unwrap(), &Names).map_err(|(s, m)| (s.start, s.end, m))
    }

    #[test]
    fn crossunder_compiles_to_crossover_with_swapped_operands() {
        assert_eq!(
            c("crossunder(fast, close)").unwrap(),
            c("crossover(close, fast)").unwrap()
        );
    }

    #[test]
    fn constant_arithmetic_is_folded() {
        assert_eq!(
            c("close > -(2 * 3) + 1").unwrap(),
            BoolNode::Cmp(
                CmpOp::Gt,
                NumNode::Col(ColId::Price(PriceField::Close)),
                NumNode::Const(-5.0)
            )
        );
    }

    #[test]
    fn type_errors_point_at_the_wrong_operand() {
        assert_eq!(
            c("close and fast > 1"),
            Err((0, 5, "'and' needs a condition here, found a number".into()))
        );
        assert_eq!(
            c("(close > 1) + 2 > 0"),
            Err((1, 10, "'+' needs a number here, found a condition".into()))
        );
        assert_eq!(
            c("fast + 1"),
            Err((
                0,
                8,
                "a rule must be a condition (true/false), not a number; compare it, e.g. 'x > 0'"
                    .into()
            ))
        );
    }

    #[test]
    fn name_errors_underline_the_name_or_the_output() {
        assert_eq!(c("bb.uper > 1"), Err((3, 7, "bad output".into())));
        assert_eq!(c("bbx.upper > 1"), Err((0, 3, "bad name".into())));
    }

    #[test]
    fn calls_check_function_names_arity_and_prev_counts() {
        assert_eq!(
            c("crossovr(fast, close)"),
            Err((
                0,
                8,
                "unknown function 'crossovr' (known: crossover, crossunder, prev)".into()
            ))
        );
        assert_eq!(
            c("crossover(fast)"),
            Err((0, 15, "crossover takes 2 arguments: crossover(a, b)".into()))
        );
        let msg = "prev: the bar count must be a whole number in 1..=1000000, e.g. prev(close, 1)";
        assert_eq!(c("prev(close, 1.5) > 1"), Err((12, 15, msg.into())));
        assert_eq!(c("prev(close, 0) > 1"), Err((12, 13, msg.into())));
        assert_eq!(c("prev(close, fast) > 1"), Err((12, 16, msg.into())));
        assert_eq!(c("prev(close, 1000001) > 1"), Err((12, 19, msg.into())));
        assert!(c("prev(close, 1000000) > 1").is_ok());
    }

    #[test]
    fn lookback_adds_one_for_a_crossover_and_k_for_prev() {
        let lb = |s: &str| bool_lookback(&c(s).unwrap(), &Names);
        assert_eq!(lb("close > open"), 0);
        assert_eq!(lb("crossover(fast, bb.upper)"), 20);
        assert_eq!(lb("prev(fast, 3) > close or close > 1"), 12);
        assert_eq!(lb("prev(crossover(fast, close), 2)"), 12);
    }
}
