//! A compiled rule evaluated one bar at a time, with the batch evaluator's
//! three-valued (Kleene) semantics (`eval::eval_bool`).
//!
//! Only three node types remember anything between bars: `crossover` (both operands
//! at the previous bar), `prev(x, k)` of a number (the last k values, NaN-filled) and
//! `prev(c, k)` of a condition (the last k truth values, unknown-filled). Each gets a
//! [`Slot`], numbered in pre-order; every node is evaluated at every bar (no short
//! circuit), so each slot sees every bar exactly as the batch columns do.

use serde::{Deserialize, Serialize};

use barstream_model::Bar;

use crate::eval::{kleene, F, T, U};
use crate::expr::compile::{apply, BoolNode, CmpOp, NumNode};
use crate::signals::ColId;

/// The memory of one stateful node.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
enum Slot {
    /// `crossover(a, b)`: `a` and `b` at the previous bar; `seen` false before bar 0.
    Cross {
        seen: bool,
        #[serde(with = "barstream_model::serde_f64")]
        a: f64,
        #[serde(with = "barstream_model::serde_f64")]
        b: f64,
    },
    /// `prev(x, k)` of a number: the last min(k, bars) values, a ring once full, where
    /// `buf[pos]` is k bars old. Grows with the bars seen, so a large k costs nothing
    /// up front.
    Num {
        k: usize,
        #[serde(with = "barstream_model::serde_f64::vec")]
        buf: Vec<f64>,
        pos: usize,
    },
    /// `prev(c, k)` of a condition: the same ring of Kleene values.
    Bool { k: usize, buf: Vec<u8>, pos: usize },
}

impl Slot {
    /// Same variant and `k` as `fresh`, and a consistent ring.
    fn fits(&self, fresh: &Slot) -> bool {
        // Filling: pos stays 0; full: pos < k.
        let ring_ok =
            |k: usize, len: usize, pos: usize| (len < k && pos == 0) || (len == k && pos < k);
        match (self, fresh) {
            (Slot::Cross { .. }, Slot::Cross { .. }) => true,
            (Slot::Num { k, buf, pos }, Slot::Num { k: f, .. }) => {
                k == f && ring_ok(*k, buf.len(), *pos)
            }
            (Slot::Bool { k, buf, pos }, Slot::Bool { k: f, .. }) => {
                k == f && ring_ok(*k, buf.len(), *pos) && buf.iter().all(|&v| v <= T)
            }
            _ => false,
        }
    }
}

/// Pushes `v` into a ring of capacity `k` and returns the value k bars old (`fill`
/// while fewer than k values were pushed).
#[inline]
fn ring<V: Copy>(buf: &mut Vec<V>, pos: &mut usize, k: usize, v: V, fill: V) -> V {
    if buf.len() < k {
        buf.push(v);
        return fill;
    }
    let old = std::mem::replace(&mut buf[*pos], v);
    *pos = if *pos + 1 == k { 0 } else { *pos + 1 };
    old
}

/// One rule's state between bars.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub(crate) struct RuleStream {
    slots: Vec<Slot>,
}

/// What a rule reads at the current bar.
pub(crate) struct Inputs<'a> {
    pub bar: &'a Bar,
    /// Indicator outputs at this bar, per output column.
    pub values: &'a [f64],
}

impl RuleStream {
    /// Fresh state (no bar seen) for `rule`.
    pub(crate) fn new(rule: &BoolNode) -> RuleStream {
        let mut slots = Vec::new();
        layout_bool(rule, &mut slots);
        RuleStream { slots }
    }

    /// The rule's Kleene value at the current bar (`eval::T` = fires); advances the state.
    pub(crate) fn update(&mut self, rule: &BoolNode, inputs: &Inputs) -> u8 {
        let mut next = 0;
        let v = self.cond(rule, inputs, &mut next);
        debug_assert_eq!(next, self.slots.len());
        v
    }

    /// True when this state has the layout of `fresh` (the state of the same rule).
    pub(crate) fn fits(&self, fresh: &RuleStream) -> bool {
        self.slots.len() == fresh.slots.len()
            && self.slots.iter().zip(&fresh.slots).all(|(s, f)| s.fits(f))
    }

    fn cond(&mut self, b: &BoolNode, inp: &Inputs, next: &mut usize) -> u8 {
        match b {
            BoolNode::Cmp(op, x, y) => {
                let (x, y) = (self.num(x, inp, next), self.num(y, inp, next));
                match op {
                    CmpOp::Lt => kleene(x, y, |a, b| a < b),
                    CmpOp::Le => kleene(x, y, |a, b| a <= b),
                    CmpOp::Gt => kleene(x, y, |a, b| a > b),
                    CmpOp::Ge => kleene(x, y, |a, b| a >= b),
                    CmpOp::Eq => kleene(x, y, |a, b| a == b),
                    CmpOp::Ne => kleene(x, y, |a, b| a != b),
                }
            }
            BoolNode::Cross(a, b) => {
                let slot = take(next);
                let (x, y) = (self.num(a, inp, next), self.num(b, inp, next));
                let Slot::Cross { seen, a: pa, b: pb } = &mut self.slots[slot] else {
                    unreachable!("slot layout follows the rule")
                };
                let above = kleene(x, y, |x, y| x > y);
                // backtesting.py `crossover`; before the first bar "was below" is unknown.
                let was_below = if *seen {
                    kleene(*pa, *pb, |x, y| x < y)
                } else {
                    U
                };
                (*seen, *pa, *pb) = (true, x, y);
                above.min(was_below)
            }
            BoolNode::Not(x) => T - self.cond(x, inp, next),
            // Every operand is evaluated (no short cut): each advances its own slots.
            BoolNode::And(xs) => xs.iter().fold(T, |v, x| v.min(self.cond(x, inp, next))),
            BoolNode::Or(xs) => xs.iter().fold(F, |v, x| v.max(self.cond(x, inp, next))),
            BoolNode::Prev(x, _) => {
                let slot = take(next);
                let v = self.cond(x, inp, next);
                let Slot::Bool { k, buf, pos } = &mut self.slots[slot] else {
                    unreachable!("slot layout follows the rule")
                };
                ring(buf, pos, *k, v, U)
            }
        }
    }

    fn num(&mut self, n: &NumNode, inp: &Inputs, next: &mut usize) -> f64 {
        match n {
            NumNode::Const(c) => *c,
            NumNode::Col(ColId::Price(f)) => inp.bar.field(*f),
            NumNode::Col(ColId::Output(k)) => inp.values[*k],
            NumNode::Neg(x) => -self.num(x, inp, next),
            NumNode::Arith(first, rest) => {
                let first = self.num(first, inp, next);
                rest.iter().fold(first, |acc, (op, x)| {
                    apply(*op, acc, self.num(x, inp, next))
                })
            }
            NumNode::Prev(x, _) => {
                let slot = take(next);
                let v = self.num(x, inp, next);
                let Slot::Num { k, buf, pos } = &mut self.slots[slot] else {
                    unreachable!("slot layout follows the rule")
                };
                ring(buf, pos, *k, v, f64::NAN)
            }
        }
    }
}

/// The next slot index (pre-order numbering).
#[inline]
fn take(next: &mut usize) -> usize {
    *next += 1;
    *next - 1
}

fn layout_bool(b: &BoolNode, slots: &mut Vec<Slot>) {
    match b {
        BoolNode::Cmp(_, x, y) => {
            layout_num(x, slots);
            layout_num(y, slots);
        }
        BoolNode::Cross(x, y) => {
            slots.push(Slot::Cross {
                seen: false,
                a: f64::NAN,
                b: f64::NAN,
            });
            layout_num(x, slots);
            layout_num(y, slots);
        }
        BoolNode::Not(x) => layout_bool(x, slots),
        BoolNode::And(xs) | BoolNode::Or(xs) => xs.iter().for_each(|x| layout_bool(x, slots)),
        BoolNode::Prev(x, k) => {
            slots.push(Slot::Bool {
                k: *k,
                buf: Vec::new(),
                pos: 0,
            });
            layout_bool(x, slots);
        }
    }
}

fn layout_num(n: &NumNode, slots: &mut Vec<Slot>) {
    match n {
        NumNode::Const(_) | NumNode::Col(_) => {}
        NumNode::Neg(x) => layout_num(x, slots),
        NumNode::Arith(first, rest) => {
            layout_num(first, slots);
            rest.iter().for_each(|(_, x)| layout_num(x, slots));
        }
        NumNode::Prev(x, k) => {
            slots.push(Slot::Num {
                k: *k,
                buf: Vec::new(),
                pos: 0,
            });
            layout_num(x, slots);
        }
    }
}
