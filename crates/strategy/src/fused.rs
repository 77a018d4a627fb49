//! Rules evaluated one bar at a time over precomputed indicator columns, for a replay loop
//! that fuses signal evaluation with the replay step (`barstream_engine`'s fused kernel).
//!
//! [`Strategy::signals`] materialises four `Vec<bool>` columns that only feed the replay;
//! [`FusedRules`] instead answers "which rules fire at bar t" from the bars and the indicator
//! columns directly, with exactly the arithmetic of the vectorised evaluator
//! (`eval::definite::fires`): the same comparisons, `crossover` as
//! `(a[t-1] < b[t-1]) & (a[t] > b[t])` (never at bar 0), `prev(x, k)` NaN for the first k
//! bars, `+ - * /` through the same `apply`. So `FusedRules::at(t)` equals the column value
//! at t of [`Strategy::signals`] (tested on real data in `tests/fused_parity.rs`).
//!
//! Only rules built from comparisons and crossovers joined by `and`/`or` can be taken:
//! `not` and `prev` of a condition need the three-valued (Kleene) evaluation, whose
//! per-bar form would carry unknowns between bars; [`Strategy::fused_rules`] returns `None`
//! for a strategy using either, and the caller keeps the vectorised path.

use barstream_model::{BarsRef, PriceField};

use crate::expr::compile::{apply, BoolNode, CmpOp, NumNode};
use crate::signals::{BarSignals, ColId};
#[cfg(doc)]
use crate::strategy::Strategy;

/// A column read by a rule: a price field or an indicator output column.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Src {
    Price(PriceField),
    Output(usize),
}

/// One distinct rule, in its fastest per-bar form.
#[derive(Debug, Clone, PartialEq)]
enum Rule {
    /// `crossover(a, b)` of two columns (the usual moving-average cross).
    CrossCols(Src, Src),
    /// `a op b` of two columns.
    CmpCols(CmpOp, Src, Src),
    /// Anything else without `not` / `prev` of a condition: walked per bar.
    Tree(BoolNode),
}

/// A strategy's four rules compiled for per-bar evaluation (see the module docs). Built by
/// [`Strategy::fused_rules`]; bind it to one symbol's columns with [`FusedRules::bind`].
#[derive(Debug, Clone)]
pub struct FusedRules {
    /// Distinct rules (a rule written twice, e.g. `exit_long` = `entry_short`, once).
    unique: Vec<Rule>,
    /// entry_long, exit_long, entry_short, exit_short: index into `unique`.
    slots: [Option<usize>; 4],
}

/// [`FusedRules`] over one symbol's bars and indicator columns.
#[derive(Debug, Clone, Copy)]
pub struct BoundRules<'a> {
    /// Every rule is `crossover(a, b)` or `crossunder(a, b)` of the same two columns (the
    /// moving-average cross): the columns, then the slots (bit i = slot i, in
    /// entry_long, exit_long, entry_short, exit_short order) that are the crossover and
    /// those that are the crossunder.
    pair: Option<(&'a [f64], &'a [f64], u8, u8)>,
    /// Distinct rules with their columns resolved; `count` of them are used.
    unique: [Bound<'a>; 4],
    count: usize,
    slots: [Option<usize>; 4],
    bars: BarsRef<'a>,
    outputs: &'a [Vec<f64>],
    n: usize,
}

/// A [`Rule`] with its columns resolved to slices (each len n).
#[derive(Debug, Clone, Copy)]
enum Bound<'a> {
    CrossCols(&'a [f64], &'a [f64]),
    CmpCols(CmpOp, &'a [f64], &'a [f64]),
    Tree(&'a BoolNode),
    Never,
}

impl FusedRules {
    /// `None` if a rule uses `not` or `prev` of a condition.
    pub(crate) fn new(rules: &[Option<BoolNode>; 4]) -> Option<FusedRules> {
        let mut unique: Vec<Rule> = Vec::new();
        let mut slots = [None; 4];
        let mut seen: Vec<&BoolNode> = Vec::new();
        for (slot, rule) in slots.iter_mut().zip(rules) {
            let Some(rule) = rule else { continue };
            if !takes(rule) {
                return None;
            }
            let i = match seen.iter().position(|r| *r == rule) {
                Some(i) => i,
                None => {
                    seen.push(rule);
                    unique.push(Rule::of(rule));
                    unique.len() - 1
                }
            };
            *slot = Some(i);
        }
        Some(FusedRules { unique, slots })
    }

    /// The rules over one symbol: `bars` and `outputs`, the strategy's indicator output
    /// columns over those bars (definition order, as [`Strategy::indicator_columns`] gives
    /// them).
    ///
    /// # Panics
    /// If a column is shorter than the bars.
    pub fn bind<'a>(&'a self, bars: &BarsRef<'a>, outputs: &'a [Vec<f64>]) -> BoundRules<'a> {
        let n = bars.len();
        assert!(
            outputs.iter().all(|c| c.len() >= n),
            "FusedRules::bind: an indicator column is shorter than the {n} bars"
        );
        let col = |s: Src| -> &'a [f64] {
            match s {
                Src::Price(f) => &bars.field(f)[..n],
                Src::Output(k) => &outputs[k][..n],
            }
        };
        let mut unique = [Bound::Never; 4];
        for (u, r) in unique.iter_mut().zip(&self.unique) {
            *u = match r {
                Rule::CrossCols(a, b) => Bound::CrossCols(col(*a), col(*b)),
                Rule::CmpCols(op, a, b) => Bound::CmpCols(*op, col(*a), col(*b)),
                Rule::Tree(b) => Bound::Tree(b),
            };
        }
        BoundRules {
            pair: pair_of(&unique[..self.unique.len()], &self.slots),
            unique,
            count: self.unique.len(),
            slots: self.slots,
            bars: *bars,
            outputs,
            n,
        }
    }
}

/// The [`BoundRules::pair`] form of `unique` rules used by `slots`, if they have it.
fn pair_of<'a>(
    unique: &[Bound<'a>],
    slots: &[Option<usize>; 4],
) -> Option<(&'a [f64], &'a [f64], u8, u8)> {
    let Some(Bound::CrossCols(a, b)) = unique.first().copied() else {
        return None;
    };
    let same = |x: &[f64], y: &[f64]| std::ptr::eq(x, y);
    let (mut up, mut down) = (0u8, 0u8);
    for (bit, s) in slots.iter().enumerate() {
        let Some(i) = *s else { continue };
        match unique[i] {
            Bound::CrossCols(x, y) if same(x, a) && same(y, b) => up |= 1 << bit,
            Bound::CrossCols(x, y) if same(x, b) && same(y, a) => down |= 1 << bit,
            _ => return None,
        }
    }
    Some((a, b, up, down))
}

/// True if `b` has no `not` / `prev` of a condition.
fn takes(b: &BoolNode) -> bool {
    match b {
        BoolNode::Cmp(..) | BoolNode::Cross(..) => true,
        BoolNode::And(x, y) | BoolNode::Or(x, y) => takes(x) && takes(y),
        BoolNode::Not(_) | BoolNode::Prev(..) => false,
    }
}

impl Rule {
    fn of(b: &BoolNode) -> Rule {
        let src = |n: &NumNode| match n {
            NumNode::Col(ColId::Price(f)) => Some(Src::Price(*f)),
            NumNode::Col(ColId::Output(k)) => Some(Src::Output(*k)),
            _ => None,
        };
        match b {
            BoolNode::Cross(x, y) => match (src(x), src(y)) {
                (Some(a), Some(b)) => Rule::CrossCols(a, b),
                _ => Rule::Tree(b.clone()),
            },
            BoolNode::Cmp(op, x, y) => match (src(x), src(y)) {
                (Some(a), Some(b)) => Rule::CmpCols(*op, a, b),
                _ => Rule::Tree(b.clone()),
            },
            _ => Rule::Tree(b.clone()),
        }
    }
}

#[inline(always)]
fn cmp(op: CmpOp, a: f64, b: f64) -> bool {
    match op {
        CmpOp::Lt => a < b,
        CmpOp::Le => a <= b,
        CmpOp::Gt => a > b,
        CmpOp::Ge => a >= b,
        CmpOp::Eq => a == b,
        CmpOp::Ne => !a.is_nan() & !b.is_nan() & (a != b),
    }
}

impl<'a> BoundRules<'a> {
    /// Bars n.
    pub fn len(&self) -> usize {
        self.n
    }

    /// True for no bars.
    pub fn is_empty(&self) -> bool {
        self.n == 0
    }

    /// The four signals at bar `t`: equal to the columns of [`Strategy::signals`] at t.
    ///
    /// # Panics
    /// If `t` is not below [`BoundRules::len`].
    #[inline(always)]
    pub fn at(&self, t: usize) -> BarSignals {
        match self.pair {
            Some((a, b, up_slots, down_slots)) => {
                // a[t-1] < b[t-1] and a[t] > b[t], and the mirror; never at bar 0.
                let m = if t == 0 {
                    0
                } else {
                    let (pa, pb, a, b) = (a[t - 1], b[t - 1], a[t], b[t]);
                    let (up, down) = ((pa < pb) & (a > b), (pb < pa) & (b > a));
                    (u8::from(up) * up_slots) | (u8::from(down) * down_slots)
                };
                BarSignals {
                    entry_long: m & 1 != 0,
                    exit_long: m & 2 != 0,
                    entry_short: m & 4 != 0,
                    exit_short: m & 8 != 0,
                }
            }
            None => self.general_at(t),
        }
    }

    /// The first bar in `from..len` at which any rule fires ([`BoundRules::at`] has a
    /// true flag), or `len` if none: the replay jumps over the bars before it when nothing
    /// else can happen on them. For the crossover pair a tight scan over the two columns.
    pub fn next_firing(&self, from: usize) -> usize {
        let n = self.n;
        match self.pair {
            Some((a, b, up_slots, down_slots)) => {
                // Nothing fires at bar 0.
                let start = from.max(1);
                if start >= n {
                    return n;
                }
                let (ups, downs) = (up_slots != 0, down_slots != 0);
                let prev = a[start - 1..n - 1].iter().zip(&b[start - 1..n - 1]);
                let cur = a[start..n].iter().zip(&b[start..n]);
                for (k, ((&pa, &pb), (&a, &b))) in prev.zip(cur).enumerate() {
                    let up = (pa < pb) & (a > b);
                    let down = (pb < pa) & (b > a);
                    if (up & ups) | (down & downs) {
                        return start + k;
                    }
                }
                n
            }
            None => (from..n)
                .find(|&t| {
                    let s = self.at(t);
                    s.entry_long | s.exit_long | s.entry_short | s.exit_short
                })
                .unwrap_or(n),
        }
    }

    #[inline(never)]
    fn general_at(&self, t: usize) -> BarSignals {
        assert!(t < self.n, "BoundRules::at: bar {t} of {}", self.n);
        let mut fired = [false; 4];
        // At most four distinct rules; each evaluated once.
        let mut vals = [false; 4];
        for (v, r) in vals.iter_mut().zip(&self.unique[..self.count]) {
            *v = self.rule_at(*r, t);
        }
        for (f, s) in fired.iter_mut().zip(&self.slots) {
            if let Some(i) = *s {
                *f = vals[i];
            }
        }
        let [entry_long, exit_long, entry_short, exit_short] = fired;
        BarSignals {
            entry_long,
            exit_long,
            entry_short,
            exit_short,
        }
    }

    #[inline(always)]
    fn rule_at(&self, r: Bound, t: usize) -> bool {
        match r {
            Bound::CrossCols(a, b) => t > 0 && (a[t - 1] < b[t - 1]) & (a[t] > b[t]),
            Bound::CmpCols(op, a, b) => cmp(op, a[t], b[t]),
            Bound::Tree(b) => self.fires(b, t),
            Bound::Never => false,
        }
    }

    fn fires(&self, b: &BoolNode, t: usize) -> bool {
        match b {
            BoolNode::Cmp(op, x, y) => cmp(*op, self.num(x, t), self.num(y, t)),
            BoolNode::Cross(x, y) => {
                t > 0 && {
                    let (pa, pb) = (self.num(x, t - 1), self.num(y, t - 1));
                    let (a, b) = (self.num(x, t), self.num(y, t));
                    (pa < pb) & (a > b)
                }
            }
            BoolNode::And(x, y) => self.fires(x, t) & self.fires(y, t),
            BoolNode::Or(x, y) => self.fires(x, t) | self.fires(y, t),
            BoolNode::Not(_) | BoolNode::Prev(..) => {
                unreachable!("FusedRules::new refuses not / prev of a condition")
            }
        }
    }

    fn num(&self, e: &NumNode, t: usize) -> f64 {
        match e {
            NumNode::Const(c) => *c,
            NumNode::Col(ColId::Price(f)) => self.bars.field(*f)[t],
            NumNode::Col(ColId::Output(k)) => self.outputs[*k][t],
            NumNode::Neg(x) => -self.num(x, t),
            NumNode::Arith(op, x, y) => apply(*op, self.num(x, t), self.num(y, t)),
            NumNode::Prev(x, k) => {
                if t < *k {
                    f64::NAN
                } else {
                    self.num(x, t - k)
                }
            }
        }
    }
}
