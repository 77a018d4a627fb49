//! Crate-private helpers: NaN-segment splitting and a fixed-size ring window.

use serde::{Deserialize, Serialize};

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
    #[serde(with = "crate::serde_f64::vec")]
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
}
