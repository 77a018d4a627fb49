//! [`UnixNanos`]: one point in time, UTC nanoseconds since the Unix epoch.

use std::fmt;

use serde::{Deserialize, Serialize};

const NANOS_PER_SECOND: i64 = 1_000_000_000;
const SECONDS_PER_DAY: i64 = 86_400;

/// A point in time: UTC nanoseconds since 1970-01-01T00:00:00Z (no leap seconds), i64.
///
/// The range is 1677-09-21T00:12:43.145224192Z to 2262-04-11T23:47:16.854775807Z.
/// Bar columns stay plain `&[i64]` of the same unit (`Bars::ts`); this type is for a
/// single time that crosses an API (a setting, an error, an event).
///
/// [`Display`](fmt::Display) writes ISO-8601 in UTC with as many fractional digits as the
/// value needs (0, 3, 6 or 9): `2018-02-07T00:00:00Z`, `2018-02-07T14:30:00.250Z`.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default, Serialize, Deserialize,
)]
#[serde(transparent)]
#[repr(transparent)]
pub struct UnixNanos(pub i64);

impl UnixNanos {
    /// The epoch, 1970-01-01T00:00:00Z.
    pub const EPOCH: UnixNanos = UnixNanos(0);

    /// The raw value, UTC nanoseconds since the epoch.
    #[inline]
    pub const fn as_i64(self) -> i64 {
        self.0
    }
}

impl From<i64> for UnixNanos {
    #[inline]
    fn from(ns: i64) -> Self {
        UnixNanos(ns)
    }
}

impl From<UnixNanos> for i64 {
    #[inline]
    fn from(t: UnixNanos) -> Self {
        t.0
    }
}

/// (year, month 1..=12, day 1..=31) of `days` since 1970-01-01 in the proleptic
/// Gregorian calendar (H. Hinnant's `civil_from_days`).
fn civil_from_days(days: i64) -> (i64, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097); // [0, 146096]
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365; // [0, 399]
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100); // [0, 365]
    let mp = (5 * doy + 2) / 153; // [0, 11], March-based
    let day = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let month = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let year = yoe + era * 400 + i64::from(month <= 2);
    (year, month, day)
}

impl fmt::Display for UnixNanos {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let secs = self.0.div_euclid(NANOS_PER_SECOND);
        let nanos = self.0.rem_euclid(NANOS_PER_SECOND);
        let days = secs.div_euclid(SECONDS_PER_DAY);
        let sod = secs.rem_euclid(SECONDS_PER_DAY);
        let (year, month, day) = civil_from_days(days);
        write!(
            f,
            "{year:04}-{month:02}-{day:02}T{:02}:{:02}:{:02}",
            sod / 3600,
            sod / 60 % 60,
            sod % 60
        )?;
        if nanos == 0 {
        } else if nanos % 1_000_000 == 0 {
            write!(f, ".{:03}", nanos / 1_000_000)?;
        } else if nanos % 1_000 == 0 {
            write!(f, ".{:06}", nanos / 1_000)?;
        } else {
            write!(f, ".{nanos:09}")?;
        }
        f.write_str("Z")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn iso(ns: i64) -> String {
        UnixNanos(ns).to_string()
    }

    #[test]
    fn display_of_the_epoch_has_no_fraction() {
        assert_eq!(iso(0), "1970-01-01T00:00:00Z");
    }

    #[test]
    fn display_uses_as_few_fraction_digits_as_exact() {
        let day = 1_517_961_600 * NANOS_PER_SECOND; // 2018-02-07
        assert_eq!(iso(day), "2018-02-07T00:00:00Z");
        assert_eq!(iso(day + 250_000_000), "2018-02-07T00:00:00.250Z");
        assert_eq!(iso(day + 250_001_000), "2018-02-07T00:00:00.250001Z");
        assert_eq!(iso(day + 1), "2018-02-07T00:00:00.000000001Z");
        let t = day + (14 * 3600 + 30 * 60 + 5) * NANOS_PER_SECOND;
        assert_eq!(iso(t), "2018-02-07T14:30:05Z");
    }

    #[test]
    fn display_handles_leap_days_and_times_before_the_epoch() {
        assert_eq!(iso(951_782_400 * NANOS_PER_SECOND), "2000-02-29T00:00:00Z");
        assert_eq!(iso(-1), "1969-12-31T23:59:59.999999999Z");
        assert_eq!(iso(-NANOS_PER_SECOND), "1969-12-31T23:59:59Z");
    }

    #[test]
    fn display_covers_the_whole_i64_range() {
        assert_eq!(iso(i64::MIN), "1677-09-21T00:12:43.145224192Z");
        assert_eq!(iso(i64::MAX), "2262-04-11T23:47:16.854775807Z");
    }

    #[test]
    fn conversions_round_trip_the_raw_value() {
        let t = UnixNanos::from(42);
        assert_eq!(t.as_i64(), 42);
        assert_eq!(i64::from(t), 42);
        assert_eq!(serde_json::to_string(&t).unwrap(), "42");
        assert_eq!(serde_json::from_str::<UnixNanos>("42").unwrap(), t);
    }
}
