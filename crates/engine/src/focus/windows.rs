//! Candidate windows of one symbol: the bars at which focused replay lets a position open.

/// The merged windows of one symbol: sorted, disjoint, non-adjacent inclusive ranges of
/// bar indices (0-based within the symbol). A window holds the *signal* bars at which an
/// entry rule may open a position (the fill is on the next bar with `next_open`).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Windows {
    ranges: Vec<(usize, usize)>,
    candidates: usize,
}

impl Windows {
    /// Windows of `half_width` bars on each side of every candidate bar, clipped to
    /// `0..n` and merged where they overlap or touch: candidate `c` gives
    /// `[c - half_width, c + half_width]` (up to `2 * half_width + 1` bars).
    /// `candidates` may be unsorted and repeat.
    ///
    /// # Errors
    /// When a candidate is outside `0..n`: "candidate bar {c} is outside the {n} bars".
    pub fn around(n: usize, candidates: &[usize], half_width: usize) -> Result<Windows, String> {
        if let Some(&c) = candidates.iter().find(|&&c| c >= n) {
            return Err(format!("candidate bar {c} is outside the {n} bars"));
        }
        let mut sorted = candidates.to_vec();
        sorted.sort_unstable();
        let mut ranges: Vec<(usize, usize)> = Vec::new();
        for c in sorted {
            let (a, b) = (c.saturating_sub(half_width), (c + half_width).min(n - 1));
            match ranges.last_mut() {
                Some(last) if a <= last.1 + 1 => last.1 = last.1.max(b),
                _ => ranges.push((a, b)),
            }
        }
        Ok(Windows {
            ranges,
            candidates: candidates.len(),
        })
    }

    /// The merged ranges, inclusive, ascending.
    pub fn ranges(&self) -> &[(usize, usize)] {
        &self.ranges
    }

    /// Number of candidates the windows were built from (repeats included).
    pub fn candidates(&self) -> usize {
        self.candidates
    }

    /// Number of bars inside some window.
    pub fn bars(&self) -> usize {
        self.ranges.iter().map(|(a, b)| b - a + 1).sum()
    }

    /// The windows' parts inside bars `start..end`, as ranges `a..b` relative to `start`
    /// (bar `start + t` is at `t`), ascending.
    pub fn within(&self, start: usize, end: usize) -> impl Iterator<Item = (usize, usize)> + '_ {
        let first = self.ranges.partition_point(|&(_, b)| b < start);
        self.ranges[first..]
            .iter()
            .take_while(move |&&(a, _)| a < end)
            .map(move |&(a, b)| (a.max(start) - start, b.min(end - 1) + 1 - start))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn windows_are_clipped_to_the_data_and_merged_when_they_overlap_or_touch() {
        let w = Windows::around(100, &[50, 2, 97, 56, 2, 67], 3).unwrap();
        // 2 -> [0, 5]; 50 -> [47, 53] and 56 -> [53, 59] overlap; 67 -> [64, 70] is
        // separate (60..63 between); 97 -> [94, 99] clipped at the last bar.
        assert_eq!(w.ranges(), [(0, 5), (47, 59), (64, 70), (94, 99)]);
        assert_eq!(w.candidates(), 6);
        assert_eq!(w.bars(), 6 + 13 + 7 + 6);
        let touching = Windows::around(100, &[10, 17], 3).unwrap();
        assert_eq!(touching.ranges(), [(7, 20)]);
        let zero = Windows::around(10, &[0, 9], 0).unwrap();
        assert_eq!(zero.ranges(), [(0, 0), (9, 9)]);
    }

    #[test]
    fn candidate_outside_the_data_is_an_error() {
        assert_eq!(
            Windows::around(10, &[3, 10], 2).unwrap_err(),
            "candidate bar 10 is outside the 10 bars"
        );
    }

    #[test]
    fn within_gives_the_window_parts_of_a_sub_range() {
        let w = Windows::around(100, &[10, 40], 2).unwrap();
        // Windows [8, 12] and [38, 42], seen from bar 9 up to bar 41.
        assert_eq!(w.within(9, 42).collect::<Vec<_>>(), [(0, 4), (29, 33)]);
        assert_eq!(w.within(20, 30).count(), 0);
        assert_eq!(w.within(12, 13).collect::<Vec<_>>(), [(0, 1)]);
        assert_eq!(Windows::default().within(0, 5).count(), 0);
    }
}
