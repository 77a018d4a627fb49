//! Price channels: highest high / lowest low over a window (Donchian).
//!
//! Both use a monotonic deque, O(1) amortised per bar in batch and incremental
//! form. TA-Lib `MAX`/`MIN` rescan the window when the extreme leaves it; the
//! returned value is the same exact input value either way, so parity is exact.

use serde::{Deserialize, Serialize};
use std::collections::VecDeque;

pub mod extreme;
pub mod highest;
pub mod lowest;

/// Batch kernel on a gap-free slice; `out` is pre-filled with NaN. `beats(new, old)`
/// is true when `new` makes `old` irrelevant (`>=` for a maximum).
pub(crate) fn extreme_run(
    x: &[f64],
    period: usize,
    out: &mut [f64],
    deque: &mut VecDeque<usize>,
    beats: impl Fn(f64, f64) -> bool,
) {
    deque.clear();
    for (i, &v) in x.iter().enumerate() {
        while deque.back().is_some_and(|&b| beats(v, x[b])) {
            deque.pop_back();
        }
        deque.push_back(i);
        while deque.front().is_some_and(|&f| f + period <= i) {
            deque.pop_front();
        }
        if i + 1 >= period {
            out[i] = x[deque[0]];
        }
    }
}

/// Incremental monotonic deque over the last `period` values.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub(crate) struct ExtremeWindow {
    period: usize,
    bars: usize,
    deque: VecDeque<(usize, f64)>,
}

impl ExtremeWindow {
    pub(crate) fn new(period: usize) -> Self {
        Self {
            period,
            bars: 0,
            deque: VecDeque::with_capacity(period + 1),
        }
    }

    pub(crate) fn reset(&mut self) {
        self.bars = 0;
        self.deque.clear();
    }

    pub(crate) fn update(&mut self, x: f64, beats: impl Fn(f64, f64) -> bool) -> Option<f64> {
        let i = self.bars;
        self.bars += 1;
        while self.deque.back().is_some_and(|&(_, b)| beats(x, b)) {
            self.deque.pop_back();
        }
        self.deque.push_back((i, x));
        while self
            .deque
            .front()
            .is_some_and(|&(f, _)| f + self.period <= i)
        {
            self.deque.pop_front();
        }
        (self.bars >= self.period).then(|| self.deque[0].1)
    }
}
