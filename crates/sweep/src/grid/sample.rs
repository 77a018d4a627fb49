//! Seeded uniform sampling of distinct combinations.

use rand_chacha::ChaCha8Rng;
use rand_core::{RngCore, SeedableRng};

/// `n` distinct indices drawn uniformly from `0..len` with ChaCha8 seeded by `seed`,
/// ascending. Deterministic for a seed on every platform. `n >= len` gives all of them.
///
/// Robert Floyd's algorithm (Bentley, "Programming Pearls", CACM 30(9), 1987): one draw
/// per sample, no shuffle of the whole range.
pub fn sample(len: usize, n: usize, seed: u64) -> Vec<usize> {
    if n >= len {
        return (0..len).collect();
    }
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let mut chosen = std::collections::BTreeSet::new();
    for j in (len - n)..len {
        let t = below(&mut rng, j as u64 + 1) as usize;
        if !chosen.insert(t) {
            chosen.insert(j);
        }
    }
    chosen.into_iter().collect()
}

/// Uniform in `0..bound` (rejection sampling, no modulo bias).
fn below(rng: &mut ChaCha8Rng, bound: u64) -> u64 {
    let zone = u64::MAX - (u64::MAX % bound);
    loop {
        let x = rng.next_u64();
        if x < zone {
            return x % bound;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn samples_are_distinct_sorted_deterministic_and_cover_the_range() {
        let a = sample(1000, 200, 7);
        assert_eq!(a.len(), 200);
        assert!(a.windows(2).all(|w| w[0] < w[1]) && *a.last().unwrap() < 1000);
        assert_eq!(a, sample(1000, 200, 7));
        assert_ne!(a, sample(1000, 200, 8));
        assert_eq!(sample(5, 9, 1), [0, 1, 2, 3, 4]);
        // Uniform: over many seeds each index of 0..10 is drawn about 3/10 of the time.
        let mut hits = [0usize; 10];
        for seed in 0..3000 {
            for i in sample(10, 3, seed) {
                hits[i] += 1;
            }
        }
        assert!(hits.iter().all(|&h| (800..1000).contains(&h)), "{hits:?}");
    }
}
