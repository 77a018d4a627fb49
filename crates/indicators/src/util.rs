//! Crate-private helpers: the batch driver over gap-free runs ([`by_finite_runs`]), the
//! older run splitter still used by MACD, ROC and the channel kinds, and a ring window.

use serde::{Deserialize, Serialize};

/// Values checked per step of the gap scan: a fixed-size, branch-free block the
/// compiler vectorizes; a block with a non-finite value is then searched one by one.
const SCAN_BLOCK: usize = 8;

/// True when every column is finite at index `i`.
#[inline]
fn all_finite<const K: usize>(cols: &[&[f64]; K], i: usize) -> bool {
    cols.iter().all(|c| c[i].is_finite())
}

/// First index `>= from` where some column is non-finite, or the length.
#[inline]
fn next_gap<const K: usize>(cols: &[&[f64]; K], from: usize) -> usize {
    let n = cols[0].len();
    let mut i = from;
    while i + SCAN_BLOCK <= n {
        let mut ok = true;
        for c in cols {
            // `&` not `&&`: no early exit, so the block compiles to vector compares.
            ok &= c[i..i + SCAN_BLOCK]
                .iter()
                .fold(true, |a, v| a & v.is_finite());
        }
        if !ok {
            break;
        }
        i += SCAN_BLOCK;
    }
    while i < n && all_finite(cols, i) {
        i += 1;
    }
    i
}

/// Output column of a batch indicator over the columns `cols` (all of one length
/// n, checked by the caller): NaN at every bar where any column is non-finite, and
/// for every maximal gap-free run `a..b` whatever `run(a, b, out)` appends. `run`
/// must append exactly `b - a` values (its warm-up NaNs included), so the column
/// is written once, in order, with no NaN pre-fill and no second pass.
pub(crate) fn by_finite_runs<const K: usize>(
    cols: [&[f64]; K],
    mut run: impl FnMut(usize, usize, &mut Vec<f64>),
) -> Vec<f64> {
    let n = cols[0].len();
    let mut out = Vec::with_capacity(n);
    let mut i = 0;
    while i < n {
        let end = next_gap(&cols, i);
        if end > i {
            run(i, end, &mut out);
            debug_assert_eq!(out.len(), end, "a run must append b - a values");
        }
        // Gaps are rare: find the next finite bar one by one.
        let mut next = end;
        while next < n && !all_finite(&cols, next) {
            next += 1;
        }
        out.resize(next, f64::NAN);
        i = next;
    }
    out
}

/// Appends the `warm` NaNs of a run's warm-up (capped at the run's length `len`)
/// and returns whether values follow them.
#[inline]
pub(crate) fn push_warmup(out: &mut Vec<f64>, warm: usize, len: usize) -> bool {
    out.resize(out.len() + warm.min(len), f64::NAN);
    len > warm
}

/// Calls `f(start, end)` for every maximal run `start..end` of indices `< n`
/// where `ok(i)` holds. Used by the batch functions to run their TA-Lib kernel
/// on each gap-free stretch of the input (see the crate docs on NaN inputs).
pub(crate) fn for_each_run(
    n: usize,
    mut ok: impl FnMut(usize) -> bool,
    mut f: impl FnMut(usize, usize),
) {
    let mut i = 0;
    while i < n {
        if !ok(i) {
            i += 1;
            continue;
        }
        let start = i;
        while i < n && ok(i) {
            i += 1;
        }
        f(start, i);
    }
}

/// [`for_each_run`] over the finite values of `x`.
pub(crate) fn for_each_finite_run(x: &[f64], f: impl FnMut(usize, usize)) {
    for_each_run(x.len(), |i| x[i].is_finite(), f);
}

/// Output buffer of `n` NaNs.
pub(crate) fn nan_vec(n: usize) -> Vec<f64> {
    vec![f64::NAN; n]
}

/// Fixed-capacity ring of the last `cap` values, oldest first.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub(crate) struct Window {
    #[serde(with = "barstream_model::serde_f64::vec")]
    buf: Box<[f64]>,
    start: usize,
    len: usize,
}

impl Window {
    pub(crate) fn new(cap: usize) -> Self {
        Self {
            buf: vec![0.0; cap].into_boxed_slice(),
            start: 0,
            len: 0,
        }
    }

    pub(crate) fn clear(&mut self) {
        self.start = 0;
        self.len = 0;
    }

    pub(crate) fn len(&self) -> usize {
        self.len
    }

    pub(crate) fn is_full(&self) -> bool {
        self.len == self.buf.len()
    }

    /// Appends `x`; when full, the oldest value is dropped and returned.
    pub(crate) fn push(&mut self, x: f64) -> Option<f64> {
        let cap = self.buf.len();
        if self.len < cap {
            let mut idx = self.start + self.len;
            if idx >= cap {
                idx -= cap;
            }
            self.buf[idx] = x;
            self.len += 1;
            None
        } else {
            let old = self.buf[self.start];
            self.buf[self.start] = x;
            self.start += 1;
            if self.start == cap {
                self.start = 0;
            }
            Some(old)
        }
    }

    /// Oldest value. Must not be called on an empty window.
    pub(crate) fn oldest(&self) -> f64 {
        debug_assert!(self.len > 0);
        self.buf[self.start]
    }

    /// Values oldest first.
    pub(crate) fn iter(&self) -> impl Iterator<Item = f64> + Clone + '_ {
        let (a, b) = self.buf.split_at(self.start);
        let first = b.len().min(self.len);
        b[..first]
            .iter()
            .chain(a[..self.len - first].iter())
            .copied()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn test_window_push_returns_evicted_oldest_and_iterates_in_order() {
        let mut w = Window::new(3);
        assert_eq!(w.push(1.0), None);
        assert_eq!(w.push(2.0), None);
        assert!(!w.is_full());
        assert_eq!(w.push(3.0), None);
        assert!(w.is_full());
        assert_eq!(w.push(4.0), Some(1.0));
        assert_eq!(w.oldest(), 2.0);
        assert_eq!(w.iter().collect::<Vec<_>>(), vec![2.0, 3.0, 4.0]);
        w.clear();
        assert_eq!(w.len(), 0);
        assert_eq!(w.iter().count(), 0);
    }

    #[test]
    fn test_for_each_run_splits_on_non_finite_values() {
        let x = [f64::NAN, 1.0, 2.0, f64::INFINITY, 3.0, f64::NAN];
        let mut runs = Vec::new();
        for_each_finite_run(&x, |a, b| runs.push((a, b)));
        assert_eq!(runs, vec![(1, 3), (4, 5)]);
    }

    #[test]
    fn test_by_finite_runs_sees_gaps_in_any_column_and_block_position() {
        // Gaps inside and at the edges of scan blocks, in either column.
        let n = 40;
        for gap in [0, 7, 8, 9, 23, 39] {
            let mut a = vec![1.0; n];
            let b = vec![2.0; n];
            a[gap] = f64::NAN;
            let mut runs = Vec::new();
            let out = by_finite_runs([&a, &b], |s, e, out| {
                runs.push((s, e));
                out.resize(e, 0.0);
            });
            let expect: Vec<_> = [(0, gap), (gap + 1, n)]
                .into_iter()
                .filter(|(s, e)| s < e)
                .collect();
            assert_eq!(runs, expect, "gap {gap}");
            assert!(out[gap].is_nan() && out.iter().filter(|v| v.is_nan()).count() == 1);
            let mut runs_b = Vec::new();
            by_finite_runs([&b, &a], |s, e, out| {
                runs_b.push((s, e));
                out.resize(e, 0.0);
            });
            assert_eq!(runs_b, expect, "gap {gap} second column");
        }
    }
}
