//! Dot paths (`indicators.fast.period`) into a strategy spec's JSON.

use serde_json::{Map, Number, Value};

/// The value at dot path `path` in `doc`, if every step exists.
pub fn get<'a>(doc: &'a Value, path: &str) -> Option<&'a Value> {
    path.split('.')
        .try_fold(doc, |v, key| v.as_object()?.get(key))
}

/// Sets the value at dot path `path` of `doc` to the number `value`, creating missing
/// parent objects (`risk.stop_loss` on a spec without `risk`). A whole `value` below 2^53 is
/// written as a JSON integer (periods are unsigned integers in the spec), any other as a
/// float.
///
/// # Errors
/// When a step of the path exists but is not an object (names the step), or the value is
/// not finite.
pub fn set(doc: &mut Value, path: &str, value: f64) -> Result<(), String> {
    let number = if value.fract() == 0.0 && value.abs() < 9_007_199_254_740_992.0 {
        Number::from(value as i64)
    } else {
        Number::from_f64(value).ok_or_else(|| format!("{path}: {value} is not a finite number"))?
    };
    let mut node = doc;
    let mut keys = path.split('.').peekable();
    let mut walked = String::new();
    while let Some(key) = keys.next() {
        let Value::Object(map) = node else {
            return Err(format!(
                "{path}: '{walked}' in the spec is not an object, cannot set '{key}' inside it"
            ));
        };
        if !walked.is_empty() {
            walked.push('.');
        }
        walked.push_str(key);
        if keys.peek().is_none() {
            map.insert(key.to_string(), Value::Number(number));
            return Ok(());
        }
        node = map
            .entry(key.to_string())
            .or_insert_with(|| Value::Object(Map::new()));
    }
    Err(format!("{path}: empty path"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn set_replaces_creates_parents_and_writes_integers_as_integers() {
        let mut doc: Value =
            serde_json::from_str(r#"{"indicators": {"fast": {"kind": "sma", "period": 10}}}"#)
                .unwrap();
        set(&mut doc, "indicators.fast.period", 25.0).unwrap();
        set(&mut doc, "risk.stop_loss", 0.04).unwrap();
        set(&mut doc, "risk.atr_stop.multiple", 2.5).unwrap();
        assert_eq!(
            doc.to_string(),
            r#"{"indicators":{"fast":{"kind":"sma","period":25}},"risk":{"atr_stop":{"multiple":2.5},"stop_loss":0.04}}"#
        );
        assert_eq!(
            get(&doc, "risk.stop_loss").and_then(Value::as_f64),
            Some(0.04)
        );
        assert_eq!(
            set(&mut doc, "indicators.fast.kind.x", 1.0).unwrap_err(),
            "indicators.fast.kind.x: 'indicators.fast.kind' in the spec is not an object, cannot set 'x' inside it"
        );
    }
}
