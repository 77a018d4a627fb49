//! Vectorised evaluation of a compiled rule over whole columns.
//!
//! Conditions use Kleene three-valued logic, one byte per bar: [`F`] false,
//! [`U`] unknown, [`T`] true. A comparison with a NaN operand (warm-up, missing
//! data) is unknown; `and` = min, `or` = max, `not` = `T - x`, so `not` of an
//! unknown stays unknown; a rule fires only where it is [`T`]. That is why the
//! warm-up never fires, even under `not`. Every node is one tight loop over the
//! column (no per-bar allocation or dispatch); price and indicator columns are
//! borrowed, not copied. [`fires`] takes a two-valued shortcut ([`definite`])
//! where the answer provably equals this Kleene evaluation.

use barstream_model::BarsRef;

use crate::expr::compile::{apply, ArithOp, BoolNode, CmpOp, NumNode};
use crate::signals::ColId;

mod definite;

/// False.
pub(crate) const F: u8 = 0;
/// Unknown (an operand was NaN).
pub(crate) const U: u8 = 1;
/// True.
pub(crate) const T: u8 = 2;

/// The columns a rule reads: bars plus computed indicator outputs.
pub(crate) struct Columns<'a> {
    pub bars: &'a BarsRef<'a>,
    /// Indicator output columns, each len n, indexed by output column.
    pub outputs: &'a [&'a [f64]],
    /// Bars n.
    pub n: usize,
}

impl<'a> Columns<'a> {
    fn col(&self, c: ColId) -> &'a [f64] {
        match c {
            ColId::Price(f) => self.bars.field(f),
            ColId::Output(k) => self.outputs[k],
        }
    }
}

/// A numeric result: a broadcast constant, a borrowed column or a fresh buffer.
enum Num<'a> {
    Const(f64),
    Col(&'a [f64]),
    Owned(Vec<f64>),
}

/// Evaluates a rule to one flag per bar, len n (true only where the rule is
/// known true). Same result as [`fires_kleene`], faster for the usual rules.
pub(crate) fn fires(rule: &BoolNode, cols: &Columns) -> Vec<bool> {
    definite::fires(rule, cols)
}

/// The plain path: full Kleene evaluation, then "is it [`T`]", len n.
pub(crate) fn fires_kleene(rule: &BoolNode, cols: &Columns) -> Vec<bool> {
    eval_bool(rule, cols).into_iter().map(|v| v == T).collect()
}

/// Evaluates a condition to Kleene values, len n.
pub(crate) fn eval_bool(b: &BoolNode, cols: &Columns) -> Vec<u8> {
    match b {
        BoolNode::Cmp(op, x, y) => {
            let (x, y) = (eval_num(x, cols), eval_num(y, cols));
            match op {
                CmpOp::Lt => compare(&x, &y, cols.n, |a, b| kleene(a, b, |a, b| a < b)),
                CmpOp::Le => compare(&x, &y, cols.n, |a, b| kleene(a, b, |a, b| a <= b)),
                CmpOp::Gt => compare(&x, &y, cols.n, |a, b| kleene(a, b, |a, b| a > b)),
                CmpOp::Ge => compare(&x, &y, cols.n, |a, b| kleene(a, b, |a, b| a >= b)),
                CmpOp::Eq => compare(&x, &y, cols.n, |a, b| kleene(a, b, |a, b| a == b)),
                CmpOp::Ne => compare(&x, &y, cols.n, |a, b| kleene(a, b, |a, b| a != b)),
            }
        }
        BoolNode::Cross(a, b) => {
            // backtesting.py `crossover`: a[t-1] < b[t-1] and a[t] > b[t]; one pass.
            let (a, b) = (eval_num(a, cols), eval_num(b, cols));
            let above = |x, y| kleene(x, y, |x, y| x > y);
            cross(
                &a,
                &b,
                cols.n,
                // No bar before the first: the "was below" half is unknown.
                |x, y| above(x, y).min(U),
                |px, py, x, y| above(x, y).min(kleene(px, py, |x, y| x < y)),
            )
        }
        BoolNode::Not(x) => {
            let mut v = eval_bool(x, cols);
            v.iter_mut().for_each(|x| *x = T - *x);
            v
        }
        BoolNode::And(xs) => fold(xs, |x| eval_bool(x, cols), u8::min),
        BoolNode::Or(xs) => fold(xs, |x| eval_bool(x, cols), u8::max),
        BoolNode::Prev(x, k) => shift(&eval_bool(x, cols), *k, U),
    }
}

/// `f` over the per-bar values of every operand, in a loop over `xs` (a chain of any
/// length costs no stack), into the first operand's buffer. `xs` is not empty.
pub(crate) fn fold<V: Copy>(
    xs: &[BoolNode],
    mut eval: impl FnMut(&BoolNode) -> Vec<V>,
    f: fn(V, V) -> V,
) -> Vec<V> {
    let mut acc = eval(&xs[0]);
    for x in &xs[1..] {
        acc.iter_mut().zip(eval(x)).for_each(|(a, b)| *a = f(*a, b));
    }
    acc
}

/// `x` delayed by `k` bars, `fill` for the first `k`.
fn shift<V: Copy>(x: &[V], k: usize, fill: V) -> Vec<V> {
    let n = x.len();
    let mut out = Vec::with_capacity(n);
    out.resize(k.min(n), fill);
    out.extend_from_slice(&x[..n - k.min(n)]);
    out
}

/// Kleene comparison: unknown if either side is NaN, else `f`.
#[inline(always)]
pub(crate) fn kleene(a: f64, b: f64, f: impl Fn(f64, f64) -> bool) -> u8 {
    if a.is_nan() || b.is_nan() {
        U
    } else if f(a, b) {
        T
    } else {
        F
    }
}

/// `f(x[t], y[t])` per bar, len n; a constant side is broadcast.
fn compare<O: Copy>(x: &Num, y: &Num, n: usize, f: impl Fn(f64, f64) -> O) -> Vec<O> {
    match (x.slice(), y.slice()) {
        (Some(a), Some(b)) => a.iter().zip(b).map(|(&a, &b)| f(a, b)).collect(),
        (Some(a), None) => {
            let b = y.scalar();
            a.iter().map(|&a| f(a, b)).collect()
        }
        (None, Some(b)) => {
            let a = x.scalar();
            b.iter().map(|&b| f(a, b)).collect()
        }
        (None, None) => vec![f(x.scalar(), y.scalar()); n],
    }
}

/// A crossover shape in one pass, len n: `first(x[0], y[0])` at bar 0, then
/// `step(x[t-1], y[t-1], x[t], y[t])`; a constant side is broadcast.
fn cross<O>(
    x: &Num,
    y: &Num,
    n: usize,
    first: impl Fn(f64, f64) -> O,
    step: impl Fn(f64, f64, f64, f64) -> O,
) -> Vec<O> {
    let (xs, ys) = (x.broadcast(n), y.broadcast(n));
    let (a, b) = (&xs[..n], &ys[..n]);
    let mut out = Vec::with_capacity(n);
    if n == 0 {
        return out;
    }
    out.push(first(a[0], b[0]));
    // Zipped shifted slices: no bounds checks in the loop.
    out.extend(
        a.iter()
            .zip(&a[1..])
            .zip(b.iter().zip(&b[1..]))
            .map(|((&pa, &a), (&pb, &b))| step(pa, pb, a, b)),
    );
    out
}

impl Num<'_> {
    fn slice(&self) -> Option<&[f64]> {
        match self {
            Num::Const(_) => None,
            Num::Col(s) => Some(s),
            Num::Owned(v) => Some(v),
        }
    }

    /// The values as a column of len n (a constant is repeated).
    fn broadcast(&self, n: usize) -> std::borrow::Cow<'_, [f64]> {
        match self.slice() {
            Some(s) => std::borrow::Cow::Borrowed(s),
            None => std::borrow::Cow::Owned(vec![self.scalar(); n]),
        }
    }

    fn scalar(&self) -> f64 {
        match self {
            Num::Const(c) => *c,
            _ => unreachable!("scalar() on a column"),
        }
    }

    /// A buffer to write into: the owned one if any, else a copy of the column.
    fn into_owned(self, n: usize) -> Vec<f64> {
        match self {
            Num::Owned(v) => v,
            Num::Col(s) => s.to_vec(),
            Num::Const(c) => vec![c; n],
        }
    }
}

fn eval_num<'a>(e: &NumNode, cols: &Columns<'a>) -> Num<'a> {
    match e {
        NumNode::Const(c) => Num::Const(*c),
        NumNode::Col(c) => Num::Col(cols.col(*c)),
        NumNode::Neg(x) => {
            let mut v = eval_num(x, cols).into_owned(cols.n);
            v.iter_mut().for_each(|x| *x = -*x);
            Num::Owned(v)
        }
        NumNode::Arith(first, rest) => rest.iter().fold(eval_num(first, cols), |acc, (op, x)| {
            Num::Owned(arith(*op, acc, eval_num(x, cols), cols.n))
        }),
        NumNode::Prev(x, k) => {
            let v = eval_num(x, cols);
            Num::Owned(match v.slice() {
                Some(s) => shift(s, *k, f64::NAN),
                None => shift(&vec![v.scalar(); cols.n], *k, f64::NAN),
            })
        }
    }
}

/// `x op y` elementwise, reusing an owned operand's buffer when there is one.
fn arith(op: ArithOp, x: Num, y: Num, n: usize) -> Vec<f64> {
    match (x, y) {
        (x, Num::Const(c)) => {
            let mut v = x.into_owned(n);
            v.iter_mut().for_each(|a| *a = apply(op, *a, c));
            v
        }
        (Num::Const(c), y) => {
            let mut v = y.into_owned(n);
            v.iter_mut().for_each(|b| *b = apply(op, c, *b));
            v
        }
        (Num::Owned(mut a), y) => {
            let b = y.slice().unwrap_or_default();
            a.iter_mut()
                .zip(b)
                .for_each(|(a, &b)| *a = apply(op, *a, b));
            a
        }
        (x, Num::Owned(mut b)) => {
            let a = x.slice().unwrap_or_default();
            b.iter_mut()
                .zip(a)
                .for_each(|(b, &a)| *b = apply(op, a, *b));
            b
        }
        (x, y) => {
            let (a, b) = (x.slice().unwrap_or_default(), y.slice().unwrap_or_default());
            a.iter().zip(b).map(|(&a, &b)| apply(op, a, b)).collect()
        }
    }
}

/// Test fixture: columns over `open` and `close` only (high/low/volume = close).
#[cfg(test)]
pub(crate) fn with_bars<R>(open: &[f64], close: &[f64], f: impl FnOnce(&Columns) -> R) -> R {
    let bars = BarsRef {
        open,
        high: close,
        low: close,
        close,
        volume: close,
    };
    let cols = Columns {
        bars: &bars,
        outputs: &[],
        n: close.len(),
    };
    f(&cols)
}

#[cfg(test)]
mod tests {
    use super::*;
    use barstream_model::PriceField;

    const NAN: f64 = f64::NAN;

    fn col(f: PriceField) -> NumNode {
        NumNode::Col(ColId::Price(f))
    }

    const O: PriceField = PriceField::Open;
    const C: PriceField = PriceField::Close;

    #[test]
    fn crossover_needs_strictly_below_then_strictly_above() {
        // a = open, b = close. Bars: below, above (cross), above, equal, above (no cross:
        // was equal, not below), below, above (cross).
        let a = [1.0, 3.0, 3.0, 2.0, 3.0, 1.0, 3.0];
        let b = [2.0; 7];
        let fired = with_bars(&a, &b, |c| fires(&BoolNode::Cross(col(O), col(C)), c));
        assert_eq!(fired, [false, true, false, false, false, false, true]);
        let under = with_bars(&a, &b, |c| fires(&BoolNode::Cross(col(C), col(O)), c));
        assert_eq!(under, [false, false, false, false, false, true, false]);
    }

    #[test]
    fn nan_operands_never_fire_even_under_not() {
        let a = [NAN, NAN, 1.0, 3.0];
        let b = [2.0, 2.0, 2.0, 2.0];
        let lt = || BoolNode::Cmp(CmpOp::Lt, col(O), col(C));
        let ne = BoolNode::Cmp(CmpOp::Ne, col(O), col(C));
        with_bars(&a, &b, |c| {
            assert_eq!(fires(&lt(), c), [false, false, true, false]);
            assert_eq!(
                fires(&BoolNode::Not(Box::new(lt())), c),
                [false, false, false, true]
            );
            assert_eq!(fires(&ne, c), [false, false, true, true]);
        });
        // Leaving the warm-up above b is not a crossover: bar 1 has no defined bar 0.
        let a = [NAN, 3.0, 3.0, 1.0, 3.0];
        let fired = with_bars(&a, &[2.0; 5], |c| {
            fires(&BoolNode::Cross(col(O), col(C)), c)
        });
        assert_eq!(fired, [false, false, false, false, true]);
    }

    #[test]
    fn kleene_or_lets_a_known_true_side_fire() {
        let a = [NAN, 5.0];
        let b = [1.0, 1.0];
        let sides = || {
            vec![
                BoolNode::Cmp(CmpOp::Gt, col(O), NumNode::Const(0.0)),
                BoolNode::Cmp(CmpOp::Gt, col(C), NumNode::Const(0.0)),
            ]
        };
        let unknown_or_true = BoolNode::Or(sides());
        let unknown_and_true = BoolNode::And(sides());
        with_bars(&a, &b, |c| {
            assert_eq!(fires(&unknown_or_true, c), [true, true]);
            assert_eq!(fires(&unknown_and_true, c), [false, true]);
        });
    }

    #[test]
    fn arithmetic_and_prev_follow_the_bars() {
        let a = [1.0, 2.0, 4.0, 8.0];
        let b = [1.0, 1.0, 1.0, 1.0];
        // (open - close) * 2 > prev(open, 1) + 0.5
        let lhs = NumNode::Arith(
            Box::new(col(O)),
            vec![(ArithOp::Sub, col(C)), (ArithOp::Mul, NumNode::Const(2.0))],
        );
        let rhs = NumNode::Arith(
            Box::new(NumNode::Prev(Box::new(col(O)), 1)),
            vec![(ArithOp::Add, NumNode::Const(0.5))],
        );
        // lhs = 0, 2, 6, 14; rhs = NaN, 1.5, 2.5, 4.5
        let fired = with_bars(&a, &b, |c| fires(&BoolNode::Cmp(CmpOp::Gt, lhs, rhs), c));
        assert_eq!(fired, [false, true, true, true]);
        let neg = NumNode::Neg(Box::new(NumNode::Arith(
            Box::new(NumNode::Const(8.0)),
            vec![(ArithOp::Div, col(O))],
        )));
        // -8/open = -8, -4, -2, -1
        let fired = with_bars(&a, &b, |c| {
            fires(&BoolNode::Cmp(CmpOp::Ge, neg, NumNode::Const(-2.0)), c)
        });
        assert_eq!(fired, [false, false, true, true]);
    }

    #[test]
    fn prev_of_a_condition_is_delayed_and_unknown_at_the_start() {
        let a = [3.0, 1.0, 3.0];
        let b = [2.0; 3];
        let gt = BoolNode::Cmp(CmpOp::Gt, col(O), col(C));
        let p = BoolNode::Prev(Box::new(gt), 1);
        with_bars(&a, &b, |c| {
            assert_eq!(eval_bool(&p, c), [U, T, F]);
            assert_eq!(fires(&BoolNode::Not(Box::new(p)), c), [false, false, true]);
        });
    }

    #[test]
    fn empty_bars_give_empty_signals() {
        let fired = with_bars(&[], &[], |c| fires(&BoolNode::Cross(col(O), col(C)), c));
        assert!(fired.is_empty());
    }
}
