//! Universe equity: the sum of per-symbol equity curves on a common time axis.

/// Sums equity curves of different symbols on the union of their timestamps.
///
/// `curves`: one `(ts, equity)` per symbol; `ts` UTC ns strictly ascending, `equity` currency,
/// same length. Each curve is forward-filled between its bars (a symbol without a bar at `t`
/// keeps its last equity) and, before its first bar, counts its first value (its initial
/// capital, untouched until it trades). An empty curve contributes nothing.
/// Returns `(ts, equity)`: the sorted union of all timestamps and the summed equity, same length.
///
/// # Panics
/// If a curve's `ts` and `equity` lengths differ or its `ts` is not strictly ascending.
pub fn aggregate_equity(curves: &[(&[i64], &[f64])]) -> (Vec<i64>, Vec<f64>) {
    for (k, (ts, eq)) in curves.iter().enumerate() {
        assert_eq!(
            ts.len(),
            eq.len(),
            "aggregate_equity: curve {k}: ts and equity lengths differ"
        );
        assert!(
            ts.windows(2).all(|w| w[0] < w[1]),
            "aggregate_equity: curve {k}: timestamps are not strictly ascending"
        );
    }
    let mut union: Vec<i64> = curves
        .iter()
        .flat_map(|(ts, _)| ts.iter().copied())
        .collect();
    union.sort_unstable();
    union.dedup();

    let mut total = vec![0.0; union.len()];
    for (ts, eq) in curves.iter().filter(|(ts, _)| !ts.is_empty()) {
        // Walk the union and the curve together; `next` is the curve's next unread bar.
        let mut next = 0;
        let mut value = eq[0];
        for (slot, &t) in total.iter_mut().zip(&union) {
            while next < ts.len() && ts[next] <= t {
                value = eq[next];
                next += 1;
            }
            *slot += value;
        }
    }
    (union, total)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::golden;

    #[test]
    fn curves_are_forward_filled_and_start_at_their_initial_value() {
        // A at t=1,2,4: 100, 110, 120. B at t=2,3: 50, 40.
        // t=1: 100 + 50 (B before its first bar)      = 150
        // t=2: 110 + 50                               = 160
        // t=3: 110 (A filled) + 40                    = 150
        // t=4: 120 + 40 (B filled after its last bar) = 160
        let (ts, eq) = aggregate_equity(&[
            (&[1, 2, 4], &[100.0, 110.0, 120.0]),
            (&[2, 3], &[50.0, 40.0]),
            (&[], &[]),
        ]);
        assert_eq!(ts, vec![1, 2, 3, 4]);
        assert_eq!(eq, vec![150.0, 160.0, 150.0, 160.0]);
    }

    #[test]
    fn one_curve_aggregates_to_itself_and_two_copies_to_its_double() {
        let g = golden();
        let (ts, eq) = aggregate_equity(&[(&g.ts, &g.equity)]);
        assert_eq!(
            (ts.as_slice(), eq.as_slice()),
            (g.ts.as_slice(), g.equity.as_slice())
        );
        let (_, twice) = aggregate_equity(&[(&g.ts, &g.equity), (&g.ts, &g.equity)]);
        assert!(twice.iter().zip(&g.equity).all(|(a, b)| *a == 2.0 * b));
    }

    #[test]
    #[should_panic(expected = "strictly ascending")]
    fn unsorted_timestamps_are_rejected() {
        aggregate_equity(&[(&[2, 1], &[1.0, 1.0])]);
    }
}
