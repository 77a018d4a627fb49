//! One parameter's values: a `{from, to, step}` range (inclusive of `to`) or a list.

use serde_json::Value;

/// Most values one parameter may take (guards against a step typo like 1e-9).
pub const MAX_VALUES: usize = 1_000_000;

/// `v` rounded to 12 significant digits, so `0.1 + 2 * 0.1` style noise never shows
/// (0.30000000000000004 -> 0.3). Integers below 1e12 are unchanged.
pub fn round12(v: f64) -> f64 {
    if v == 0.0 || !v.is_finite() {
        return v;
    }
    format!("{v:.11e}").parse().unwrap_or(v)
}

/// The values of the parameter at JSON path `path` (for errors, e.g.
/// `params.risk.stop_loss`): a non-empty array of numbers, or an object
/// `{from, to, step}` with `step > 0` and `to >= from`, expanded as `from + i * step`
/// (no accumulated drift) while `<= to` (with a 1e-9 step tolerance), each rounded by
/// [`round12`].
///
/// # Errors
/// A message starting with the JSON path of the bad field.
pub fn values(path: &str, spec: &Value) -> Result<Vec<f64>, String> {
    match spec {
        Value::Array(items) => {
            if items.is_empty() {
                return Err(format!("{path}: a list of values must not be empty"));
            }
            items
                .iter()
                .enumerate()
                .map(|(i, v)| number(&format!("{path}[{i}]"), Some(v)))
                .collect()
        }
        Value::Object(map) => {
            if let Some(k) = map
                .keys()
                .find(|k| !["from", "to", "step"].contains(&k.as_str()))
            {
                return Err(format!(
                    "{path}.{k}: unknown field (a range has from, to, step)"
                ));
            }
            let field = |k: &str| number(&format!("{path}.{k}"), map.get(k));
            let (from, to, step) = (field("from")?, field("to")?, field("step")?);
            if step <= 0.0 {
                return Err(format!("{path}.step: must be > 0, got {step}"));
            }
            if to < from {
                return Err(format!("{path}.to: must be >= from ({from}), got {to}"));
            }
            let count = ((to - from) / step + 1e-9).floor() + 1.0;
            if count > MAX_VALUES as f64 {
                return Err(format!(
                    "{path}: {count} values, more than the {MAX_VALUES} allowed (check step)"
                ));
            }
            Ok((0..count as usize)
                .map(|i| round12(from + i as f64 * step))
                .collect())
        }
        _ => Err(format!(
            "{path}: expected a list of numbers or {{\"from\", \"to\", \"step\"}}, got {spec}"
        )),
    }
}

fn number(path: &str, v: Option<&Value>) -> Result<f64, String> {
    match v {
        Some(Value::Number(n)) => n
            .as_f64()
            .filter(|x| x.is_finite())
            .ok_or_else(|| format!("{path}: expected a finite number, got {n}")),
        Some(other) => Err(format!("{path}: expected a number, got {other}")),
        None => Err(format!("{path}: missing")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn v(json: &str) -> Result<Vec<f64>, String> {
        values("params.x", &serde_json::from_str(json).unwrap())
    }

    #[test]
    fn ranges_include_to_and_decimals_carry_no_float_noise() {
        assert_eq!(v(r#"{"from": 5, "to": 50, "step": 5}"#).unwrap().len(), 10);
        assert_eq!(
            v(r#"{"from": 0.02, "to": 0.10, "step": 0.02}"#).unwrap(),
            [0.02, 0.04, 0.06, 0.08, 0.1]
        );
        // 0.1 + 2 * 0.1 = 0.30000000000000004 in plain floats.
        assert_eq!(
            v(r#"{"from": 0.1, "to": 0.3, "step": 0.1}"#).unwrap(),
            [0.1, 0.2, 0.3]
        );
        assert_eq!(
            v(r#"{"from": 1, "to": 2, "step": 0.3}"#).unwrap(),
            [1.0, 1.3, 1.6, 1.9]
        );
        assert_eq!(v("[20, 30.5]").unwrap(), [20.0, 30.5]);
    }

    #[test]
    fn bad_ranges_name_the_field() {
        assert_eq!(
            v(r#"{"from": 5, "to": 1, "step": 1}"#).unwrap_err(),
            "params.x.to: must be >= from (5), got 1"
        );
        assert_eq!(
            v(r#"{"from": 5, "to": 10, "step": 0}"#).unwrap_err(),
            "params.x.step: must be > 0, got 0"
        );
        assert_eq!(
            v(r#"{"from": 5, "to": 10}"#).unwrap_err(),
            "params.x.step: missing"
        );
        assert_eq!(
            v(r#"{"from": 5, "to": 10, "stp": 1}"#).unwrap_err(),
            "params.x.stp: unknown field (a range has from, to, step)"
        );
        assert_eq!(
            v(r#"[1, "2"]"#).unwrap_err(),
            "params.x[1]: expected a number, got \"2\""
        );
        assert_eq!(
            v("[]").unwrap_err(),
            "params.x: a list of values must not be empty"
        );
        assert!(v(r#"{"from": 0, "to": 10, "step": 1e-9}"#)
            .unwrap_err()
            .contains("more than"));
    }
}
