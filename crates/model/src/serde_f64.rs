//! Exact, NaN-safe serde for `f64` state (checkpoints of incremental indicators, rule
//! evaluation and replay state).
//!
//! JSON has no NaN or infinity and `serde_json` writes them as `null`, which cannot be
//! read back as a number; yet NaN is a legitimate state value (an unset stop level, a
//! warm-up slot of `prev(x, k)`, `x / 0` in a rule). Here a finite value is written as
//! a JSON number (shortest round-trip form: read back bit for bit when serde_json's
//! `float_roundtrip` feature is on, as it is in this workspace) and a non-finite one as
//! the string `"NaN"`, `"inf"` or `"-inf"`.
//!
//! Use with `#[serde(with = "barstream_model::serde_f64")]` on an `f64` field,
//! `serde_f64::option` on `Option<f64>` and `serde_f64::vec` on `Vec<f64>` /
//! `Box<[f64]>`. Lives in the model crate because it is the bottom of the dependency
//! chain (indicators, strategy and engine use it; `barstream_indicators::serde_f64`
//! re-exports it).

use std::fmt;

use serde::de::{self, Deserializer, Visitor};
use serde::{Deserialize, Serialize, Serializer};

/// Serializes one `f64` (finite: number; NaN/inf: string).
///
/// # Errors
/// Whatever the serializer returns.
pub fn serialize<S: Serializer>(x: &f64, s: S) -> Result<S::Ok, S::Error> {
    if x.is_finite() {
        s.serialize_f64(*x)
    } else if x.is_nan() {
        s.serialize_str("NaN")
    } else if *x > 0.0 {
        s.serialize_str("inf")
    } else {
        s.serialize_str("-inf")
    }
}

/// Reads what [`serialize`] wrote (also accepts JSON integers).
///
/// # Errors
/// When the value is neither a number nor one of `"NaN"`, `"inf"`, `"-inf"`.
pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<f64, D::Error> {
    d.deserialize_any(F64Visitor)
}

struct F64Visitor;

impl Visitor<'_> for F64Visitor {
    type Value = f64;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a number or one of \"NaN\", \"inf\", \"-inf\"")
    }

    fn visit_f64<E: de::Error>(self, v: f64) -> Result<f64, E> {
        Ok(v)
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<f64, E> {
        Ok(v as f64)
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<f64, E> {
        Ok(v as f64)
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<f64, E> {
        match v {
            "NaN" => Ok(f64::NAN),
            "inf" => Ok(f64::INFINITY),
            "-inf" => Ok(f64::NEG_INFINITY),
            _ => Err(E::invalid_value(de::Unexpected::Str(v), &self)),
        }
    }
}

/// One `f64` with this module's encoding, for use inside containers.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct F64(pub f64);

impl Serialize for F64 {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        serialize(&self.0, s)
    }
}

impl<'de> Deserialize<'de> for F64 {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<F64, D::Error> {
        deserialize(d).map(F64)
    }
}

/// `Option<f64>`: `null` for `None`, else as [`serialize`].
pub mod option {
    use super::F64;
    use serde::{Deserialize, Deserializer, Serialize, Serializer};

    /// Serializes an optional `f64`.
    ///
    /// # Errors
    /// Whatever the serializer returns.
    pub fn serialize<S: Serializer>(x: &Option<f64>, s: S) -> Result<S::Ok, S::Error> {
        x.map(F64).serialize(s)
    }

    /// Reads what [`serialize`] wrote.
    ///
    /// # Errors
    /// As [`super::deserialize`].
    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Option<f64>, D::Error> {
        Ok(Option::<F64>::deserialize(d)?.map(|x| x.0))
    }
}

/// A sequence of `f64` (`Vec<f64>`, `Box<[f64]>`, ...) as a JSON array.
pub mod vec {
    use super::F64;
    use serde::ser::SerializeSeq;
    use serde::{Deserialize, Deserializer, Serializer};

    /// Serializes a slice of `f64`.
    ///
    /// # Errors
    /// Whatever the serializer returns.
    pub fn serialize<S: Serializer, T: AsRef<[f64]>>(x: &T, s: S) -> Result<S::Ok, S::Error> {
        let x = x.as_ref();
        let mut seq = s.serialize_seq(Some(x.len()))?;
        for &v in x {
            seq.serialize_element(&F64(v))?;
        }
        seq.end()
    }

    /// Reads what [`serialize`] wrote into any `FromIterator<f64>` container.
    ///
    /// # Errors
    /// As [`super::deserialize`], or when the value is not an array.
    pub fn deserialize<'de, D: Deserializer<'de>, T: FromIterator<f64>>(
        d: D,
    ) -> Result<T, D::Error> {
        Ok(Vec::<F64>::deserialize(d)?
            .into_iter()
            .map(|x| x.0)
            .collect())
    }
}

#[cfg(test)]
mod tests {
    use serde::{Deserialize, Serialize};

    #[derive(Debug, Serialize, Deserialize)]
    struct S {
        #[serde(with = "super")]
        a: f64,
        #[serde(with = "super::option")]
        b: Option<f64>,
        #[serde(with = "super::vec")]
        c: Vec<f64>,
        #[serde(with = "super::vec")]
        d: Box<[f64]>,
    }

    #[test]
    fn test_non_finite_and_awkward_values_round_trip_bit_for_bit() {
        let vals = [
            0.1 + 0.2,
            -0.0,
            f64::MIN_POSITIVE,
            5e-324,
            f64::MAX,
            1.0 / 3.0,
            123_456.789_012_345_67,
            f64::NAN,
            f64::INFINITY,
            f64::NEG_INFINITY,
        ];
        for &v in &vals {
            let s = S {
                a: v,
                b: Some(v),
                c: vals.to_vec(),
                d: vals.to_vec().into_boxed_slice(),
            };
            let text = serde_json::to_string(&s).unwrap();
            let back: S = serde_json::from_str(&text).unwrap();
            let same = |x: f64, y: f64| x.to_bits() == y.to_bits() || (x.is_nan() && y.is_nan());
            assert!(same(back.a, v), "{v:e} -> {text}");
            assert!(same(back.b.unwrap(), v));
            assert!(back.c.iter().zip(&vals).all(|(&x, &y)| same(x, y)));
            assert!(back.d.iter().zip(&vals).all(|(&x, &y)| same(x, y)));
        }
        let none: S = serde_json::from_str(r#"{"a": 1, "b": null, "c": [], "d": [2]}"#).unwrap();
        assert_eq!((none.a, none.b, &*none.d), (1.0, None, &[2.0][..]));
    }

    #[test]
    fn test_bad_value_is_a_clear_error() {
        let err = serde_json::from_str::<S>(r#"{"a": "nan", "b": null, "c": [], "d": []}"#)
            .unwrap_err()
            .to_string();
        assert!(
            err.contains(r#"expected a number or one of "NaN", "inf", "-inf""#),
            "{err}"
        );
        assert!(serde_json::from_str::<S>(r#"{"a": null, "b": null, "c": [], "d": []}"#).is_err());
    }
}
