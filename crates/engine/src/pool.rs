//! Bounded worker pools for batch runs (the machine may have only 2 cores, and the JS
//! thread must stay free), cached so repeated batches do not respawn threads.

use std::sync::{Arc, Mutex, OnceLock};

use rayon::{ThreadPool, ThreadPoolBuilder};

/// A pool of `threads` workers (clamped to 1..=available cores), reused across calls
/// with the same size.
///
/// # Panics
/// Panics if the operating system refuses to spawn threads.
pub fn pool(threads: usize) -> Arc<ThreadPool> {
    /// Pools built so far, by thread count.
    type Cache = Mutex<Vec<(usize, Arc<ThreadPool>)>>;
    static CACHE: OnceLock<Cache> = OnceLock::new();
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    let threads = threads.clamp(1, cores);
    let mut cache = CACHE
        .get_or_init(|| Mutex::new(Vec::new()))
        .lock()
        .unwrap_or_else(|e| e.into_inner());
    if let Some((_, p)) = cache.iter().find(|(t, _)| *t == threads) {
        return p.clone();
    }
    let p = Arc::new(
        ThreadPoolBuilder::new()
            .num_threads(threads)
            .thread_name(|i| format!("barstream-{i}"))
            .build()
            .expect("barstream: cannot spawn worker threads"),
    );
    cache.push((threads, p.clone()));
    p
}
