//! Two-valued shortcut for [`super::fires`]: computes "is the rule known true"
//! straight into `Vec<bool>` instead of building Kleene buffers and testing each
//! for [`super::T`].
//!
//! Why it gives the same flags: on F < U < T, `min(x, y) = T` iff both are `T`
//! and `max(x, y) = T` iff either is `T`, so `and`/`or` split into their sides. A
//! comparison is `T` iff both operands are defined and it holds; IEEE `<`, `<=`,
//! `>`, `>=`, `==` are already false on NaN, only `!=` needs the NaN check. A
//! crossover is `T` iff both of its comparisons are, and never at bar 0 (the
//! "was below" half is unknown there). `not` and `prev` of a condition do need
//! the unknowns (`not U = U`), so they take the Kleene path.

use super::{compare, cross, eval_num, fires_kleene, fold, Columns};
use crate::expr::compile::{BoolNode, CmpOp};

/// One flag per bar, len n: true where `rule` evaluates to [`T`] under
/// [`super::eval_bool`]. Equal to [`fires_kleene`] for every rule.
pub(super) fn fires(rule: &BoolNode, cols: &Columns) -> Vec<bool> {
    match rule {
        BoolNode::Cmp(op, x, y) => {
            let (x, y) = (eval_num(x, cols), eval_num(y, cols));
            let n = cols.n;
            match op {
                CmpOp::Lt => compare(&x, &y, n, |a, b| a < b),
                CmpOp::Le => compare(&x, &y, n, |a, b| a <= b),
                CmpOp::Gt => compare(&x, &y, n, |a, b| a > b),
                CmpOp::Ge => compare(&x, &y, n, |a, b| a >= b),
                CmpOp::Eq => compare(&x, &y, n, |a, b| a == b),
                CmpOp::Ne => compare(&x, &y, n, |a, b| !a.is_nan() & !b.is_nan() & (a != b)),
            }
        }
        BoolNode::Cross(a, b) => {
            let (a, b) = (eval_num(a, cols), eval_num(b, cols));
            // `&` rather than `&&`: no branch per bar, so the loop vectorises.
            cross(
                &a,
                &b,
                cols.n,
                |_, _| false,
                |pa, pb, a, b| (pa < pb) & (a > b),
            )
        }
        BoolNode::And(xs) => fold(xs, |x| fires(x, cols), |a, b| a & b),
        BoolNode::Or(xs) => fold(xs, |x| fires(x, cols), |a, b| a | b),
        BoolNode::Not(_) | BoolNode::Prev(..) => fires_kleene(rule, cols),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::expr::compile::NumNode;
    use crate::signals::ColId;
    use barstream_model::PriceField;

    const NAN: f64 = f64::NAN;

    fn col(f: PriceField) -> NumNode {
        NumNode::Col(ColId::Price(f))
    }

    /// Every comparison, both crossover directions, constants on either side,
    /// and `and`/`or`/`not`/`prev` combinations of them.
    fn rules() -> Vec<BoolNode> {
        use PriceField::{Close, Open};
        let ops = [
            CmpOp::Lt,
            CmpOp::Le,
            CmpOp::Gt,
            CmpOp::Ge,
            CmpOp::Eq,
            CmpOp::Ne,
        ];
        let mut leaves: Vec<BoolNode> = ops
            .iter()
            .flat_map(|&op| {
                [
                    BoolNode::Cmp(op, col(Open), col(Close)),
                    BoolNode::Cmp(op, col(Close), NumNode::Const(3.0)),
                    BoolNode::Cmp(op, NumNode::Const(NAN), col(Close)),
                ]
            })
            .collect();
        leaves.push(BoolNode::Cross(col(Open), col(Close)));
        leaves.push(BoolNode::Cross(col(Close), col(Open)));
        leaves.push(BoolNode::Cross(col(Close), NumNode::Const(3.0)));
        leaves.push(BoolNode::Cross(
            NumNode::Prev(Box::new(col(Close)), 1),
            col(Open),
        ));
        let b = |x: &BoolNode| Box::new(x.clone());
        let mut all = leaves.clone();
        for ((x, y), z) in leaves
            .iter()
            .zip(leaves.iter().rev())
            .zip(leaves.iter().skip(3))
        {
            let (x, y, z) = (x.clone(), y.clone(), z.clone());
            all.push(BoolNode::And(vec![x.clone(), y.clone()]));
            all.push(BoolNode::Or(vec![x.clone(), y.clone()]));
            all.push(BoolNode::Or(vec![x.clone(), BoolNode::Not(b(&y))]));
            all.push(BoolNode::And(vec![x.clone(), BoolNode::Prev(b(&y), 2)]));
            // Chains of three, as `a and b and c` compiles.
            all.push(BoolNode::And(vec![x.clone(), y.clone(), z.clone()]));
            all.push(BoolNode::Or(vec![x, BoolNode::Not(b(&y)), z]));
        }
        all
    }

    /// Asserts both paths agree on every rule; returns how many flags fired.
    fn assert_parity(open: &[f64], close: &[f64]) -> usize {
        crate::eval::with_bars(open, close, |cols| {
            let mut fired = 0;
            for rule in rules() {
                let fast = fires(&rule, cols);
                assert_eq!(fast, fires_kleene(&rule, cols), "rule {rule:?}");
                fired += fast.iter().filter(|&&x| x).count();
            }
            fired
        })
    }

    #[test]
    fn definite_path_equals_kleene_path_on_nans_and_ties() {
        // Ties (open == close, close == 3), NaN runs, NaN at bar 0 and at the end.
        let open = [NAN, 1.0, 3.0, 3.0, 2.0, 4.0, NAN, 3.0, 1.0, 5.0, 3.0, 2.0];
        let close = [2.0, 2.0, 3.0, NAN, 2.0, 3.0, 3.0, NAN, 3.0, 3.0, 3.0, NAN];
        // The rules must actually fire somewhere, or parity says little.
        assert!(assert_parity(&open, &close) > 0);
        assert!(assert_parity(&close, &open) > 0);
        assert_eq!(assert_parity(&[], &[]), 0);
        assert_parity(&[1.0], &[NAN]);
    }
}
