//! The accepted range of an indicator period (and of every other bar count a spec gives:
//! window lengths, `prev` offsets, pre-screen day counts), checked where specs are read.
//!
//! The indicators allocate buffers sized by their period (the window of
//! [`crate::Highest`], the ring of [`crate::Sma`], ...), so an unchecked period such as
//! 1e10 or 1e18 aborts the process ("memory allocation failed", "capacity overflow")
//! instead of failing with a message. Bounding every period by [`MAX_PERIOD`] caps
//! those buffers at a few MB per indicator (1,000,000 x 8 or 16 bytes).

use serde::{de::Error as _, Deserialize, Deserializer};

/// The longest period (bars) any spec may ask for: 1,000,000, about two years of
/// one-minute bars of a 24-hour market, or ~4,000 years of daily bars.
pub const MAX_PERIOD: usize = 1_000_000;

/// Checks that `period` is in `1..=MAX_PERIOD` bars.
///
/// # Errors
/// `must be a whole number of bars in 1..=1000000; got <period>`.
pub fn check_period(period: usize) -> Result<usize, String> {
    if (1..=MAX_PERIOD).contains(&period) {
        Ok(period)
    } else {
        Err(format!(
            "must be a whole number of bars in 1..={MAX_PERIOD}; got {period}"
        ))
    }
}

/// serde `deserialize_with` for a period field (`usize`): reads an unsigned integer and
/// refuses it outside `1..=MAX_PERIOD` (see [`check_period`]), so no spec with such a
/// period is ever built. With `serde_path_to_error` the error carries the field's JSON
/// path (`indicators.fast.period: must be a whole number of bars in 1..=1000000; got 0`).
///
/// # Errors
/// The deserializer's own error for a value that is not an unsigned integer, or the
/// [`check_period`] message.
pub fn deserialize_period<'de, D: Deserializer<'de>>(d: D) -> Result<usize, D::Error> {
    check_period(usize::deserialize(d)?).map_err(D::Error::custom)
}

/// [`deserialize_period`] for an optional field (`Option<usize>`, with `#[serde(default)]`):
/// `null` or absent is `None`.
///
/// # Errors
/// As [`deserialize_period`].
pub fn deserialize_opt_period<'de, D: Deserializer<'de>>(d: D) -> Result<Option<usize>, D::Error> {
    Option::<usize>::deserialize(d)?
        .map(check_period)
        .transpose()
        .map_err(D::Error::custom)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, Deserialize)]
    struct Spec {
        #[serde(deserialize_with = "deserialize_period")]
        period: usize,
        #[serde(default, deserialize_with = "deserialize_opt_period")]
        window: Option<usize>,
    }

    fn read(json: &str) -> Result<Spec, String> {
        serde_json::from_str(json).map_err(|e| e.to_string())
    }

    #[test]
    fn accepts_one_to_the_maximum_and_names_the_bound_otherwise() {
        assert_eq!(read(r#"{"period": 1}"#).unwrap().period, 1);
        let max = read(r#"{"period": 1000000, "window": 1000000}"#).unwrap();
        assert_eq!((max.period, max.window), (MAX_PERIOD, Some(MAX_PERIOD)));
        assert_eq!(
            read(r#"{"period": 3, "window": null}"#).unwrap().window,
            None
        );
        for bad in ["0", "1000001", "10000000000", "1000000000000000000"] {
            let e = read(&format!(r#"{{"period": {bad}}}"#)).unwrap_err();
            assert!(
                e.starts_with(&format!(
                    "must be a whole number of bars in 1..=1000000; got {bad}"
                )),
                "{e}"
            );
            assert!(read(&format!(r#"{{"period": 2, "window": {bad}}}"#)).is_err());
        }
        assert!(read(r#"{"period": 1e10}"#)
            .unwrap_err()
            .contains("expected usize"));
        assert!(read(r#"{"period": -5}"#)
            .unwrap_err()
            .contains("expected usize"));
    }
}
