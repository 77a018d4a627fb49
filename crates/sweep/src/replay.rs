//! The sweep's replay of one (combination, symbol): [`barstream_engine::replay()`]'s loop,
//! jumping over the bars between signals with [`ReplayState::advance_quiet`] when no order
//! is pending and no risk exit is set (with risk exits every bar is stepped).
//! Equal to `replay()` (same trades, equity and counters; tested in `run_tests.rs` and in
//! the engine's `advance_quiet` test).

use barstream_engine::replay::{ReplayOutput, ReplayState, SignalsRef};
use barstream_engine::{Bars, NoEvents, ReplayConfig};

/// Replays `bars` (len n) with `signals` (each len n) and `atr` (len n, or empty without an
/// ATR stop) under `cfg`, as [`barstream_engine::replay()`] does.
///
/// # Panics
/// If a signal column or a non-empty `atr` is shorter than the bars.
pub fn replay_sparse(
    bars: Bars,
    signals: SignalsRef,
    atr: &[f64],
    cfg: &ReplayConfig,
) -> ReplayOutput {
    let n = bars.len();
    // 1 where any of the four signals is set: one pass, then the search for the next
    // signal bar runs over bytes with `memchr` (`<[u8]>::contains`).
    let any: Vec<u8> = (0..n)
        .map(|t| {
            let s = signals.at(t);
            (s.entry_long | s.exit_long | s.entry_short | s.exit_short) as u8
        })
        .collect();
    let mut state = ReplayState::new(*cfg, n);
    let mut t = 0;
    while t < n {
        if state.can_advance_quiet() && any[t] == 0 {
            let e = next_signal(&any, t + 1);
            state.advance_quiet(&bars.high[t..e], &bars.low[t..e], &bars.close[t..e]);
            t = e;
            continue;
        }
        let a = if atr.is_empty() { f64::NAN } else { atr[t] };
        state.step(bars.ohlc(t), signals.at(t), a, &mut NoEvents);
        t += 1;
    }
    state.finish(bars.close.last().copied().unwrap_or(f64::NAN))
}

/// The first bar at or after `from` whose `any` flag is set, or `any.len()`.
#[inline]
fn next_signal(any: &[u8], from: usize) -> usize {
    const CHUNK: usize = 64;
    let mut at = from;
    while at < any.len() {
        let end = (at + CHUNK).min(any.len());
        let chunk = &any[at..end];
        if chunk.contains(&1) {
            return at + chunk.iter().position(|&b| b != 0).unwrap_or(0);
        }
        at = end;
    }
    any.len()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn next_signal_finds_the_first_set_flag_across_chunk_edges() {
        let mut any = vec![0u8; 300];
        for &i in &[0, 63, 64, 130, 299] {
            any[i] = 1;
        }
        let want = |from: usize| (from..300).find(|&i| any[i] == 1).unwrap_or(300);
        for from in 0..=300 {
            assert_eq!(next_signal(&any, from), want(from), "from {from}");
        }
        assert_eq!(next_signal(&[0; 10], 0), 10);
    }
}
