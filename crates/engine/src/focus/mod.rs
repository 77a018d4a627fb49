//! Focused replay: simulate only windows of bars around candidates, with exactly the
//! trades, equity and statistics of the full replay restricted to those windows.
//!
//! - [`windows`]: candidate bars -> merged windows of entry bars.
//! - [`mask`]: the plain path's signals (entries only in windows, exits never masked,
//!   opposite entries outside windows still close) and reversal labels.
//! - [`plain`]: the plain path, the reference: one replay over all bars.
//! - [`segments`]: focused replay: segments (lead-in, windows, extension until flat),
//!   cash carried between them, the equity curve kept as segment pieces + flat values.
//! - [`batch`]: both over a batch of symbols (rayon).
//! - [`verify`]: the first difference between a focused result and its plain path.
//!
//! Definitions, the lead-in rule and the evidence: `docs/focused-replay.md`.

pub mod batch;
pub mod mask;
pub mod plain;
pub mod segments;
mod simulate;
pub mod verify;
pub mod windows;

pub use batch::{focused_batch, plain_batch};
pub use plain::run_plain;
pub use segments::{run_focused, run_focused_compact, FocusedResult, Segment};
pub use verify::first_difference;
pub use windows::Windows;
