//! Constraints between parameters: `<path|number> <op> <path|number>`.

use barstream_strategy::expr::ast::BinOp as Op;
use serde_json::Value;

/// One side of a constraint.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Operand {
    /// The value of swept parameter k (index into the grid's paths).
    Param(usize),
    /// A number, written in the constraint or read from the base spec.
    Const(f64),
}

/// A parsed constraint.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Constraint {
    /// Left-hand side.
    pub left: Operand,
    /// One of the rule language's comparisons: `Lt Le Gt Ge Eq Ne`.
    pub op: Op,
    /// Right-hand side.
    pub right: Operand,
}

impl Constraint {
    /// Parses constraint `text` (at JSON path `path`, for errors). Operands are a swept
    /// parameter path, a numeric field of the base spec `spec`, or a number.
    ///
    /// # Errors
    /// `<path>: ...` naming the missing operator or the unknown operand.
    pub fn parse(path: &str, text: &str, params: &[String], spec: &Value) -> Result<Self, String> {
        // Two-character operators first, so `<=` is not read as `<`.
        const OPS: [Op; 6] = [Op::Le, Op::Ge, Op::Eq, Op::Ne, Op::Lt, Op::Gt];
        let found = OPS
            .iter()
            .filter_map(|&op| text.find(op.symbol()).map(|at| (at, op.symbol(), op)))
            .min_by_key(|&(at, sym, _)| (at, usize::MAX - sym.len()));
        let Some((at, sym, op)) = found else {
            return Err(format!(
                "{path}: '{text}' has no comparison (expected <path|number> <op> <path|number>, op one of < <= > >= == !=)"
            ));
        };
        let operand = |side: &str| -> Result<Operand, String> {
            let side = side.trim();
            if let Ok(x) = side.parse::<f64>() {
                return Ok(Operand::Const(x));
            }
            if let Some(k) = params.iter().position(|p| p == side) {
                return Ok(Operand::Param(k));
            }
            match crate::substitute::get(spec, side).and_then(Value::as_f64) {
                Some(x) => Ok(Operand::Const(x)),
                None => Err(format!(
                    "{path}: '{side}' is neither a number, a swept parameter ({}) nor a numeric field of the spec",
                    params.join(", ")
                )),
            }
        };
        Ok(Constraint {
            left: operand(&text[..at])?,
            op,
            right: operand(&text[at + sym.len()..])?,
        })
    }

    /// Whether a combination (`values[k]` = value of parameter k) satisfies it.
    pub fn holds(&self, values: &[f64]) -> bool {
        let get = |o: Operand| match o {
            Operand::Param(k) => values[k],
            Operand::Const(x) => x,
        };
        let (a, b) = (get(self.left), get(self.right));
        match self.op {
            Op::Lt => a < b,
            Op::Le => a <= b,
            Op::Gt => a > b,
            Op::Ge => a >= b,
            Op::Eq => a == b,
            Op::Ne => a != b,
            // `parse` only makes comparisons.
            _ => unreachable!("constraint operator {:?}", self.op),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn constraints_compare_params_numbers_and_spec_fields() {
        let params = vec!["indicators.fast.period".to_string(), "x".to_string()];
        let spec: Value = serde_json::from_str(r#"{"risk": {"max_bars": 20}}"#).unwrap();
        let c = Constraint::parse("constraints[0]", "indicators.fast.period<x", &params, &spec)
            .unwrap();
        assert_eq!(
            (c.left, c.op, c.right),
            (Operand::Param(0), Op::Lt, Operand::Param(1))
        );
        assert!(c.holds(&[1.0, 2.0]) && !c.holds(&[2.0, 2.0]));
        let c = Constraint::parse("c", "x <= risk.max_bars", &params, &spec).unwrap();
        assert_eq!((c.op, c.right), (Op::Le, Operand::Const(20.0)));
        let c = Constraint::parse("c", "x != 3", &params, &spec).unwrap();
        assert!(c.holds(&[0.0, 2.0]) && !c.holds(&[0.0, 3.0]));
        assert!(Constraint::parse("constraints[1]", "x ~ 3", &params, &spec)
            .unwrap_err()
            .starts_with("constraints[1]: 'x ~ 3' has no comparison"));
        assert!(Constraint::parse("constraints[2]", "y > 3", &params, &spec)
            .unwrap_err()
            .starts_with("constraints[2]: 'y' is neither"));
    }
}
