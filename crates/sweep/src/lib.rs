//! barstream-sweep: parameter sweeps at full speed.
//!
//! - [`grid`]: the grid file: ranges and lists per spec parameter, constraints, seeded
//!   sampling; expanded into combinations (ids in lexicographic order).
//! - [`substitute`]: dot paths into the spec JSON, to build each combination's spec.
//! - [`plan`]: every combination's validated [`barstream_strategy::Strategy`] (built per pass) and the
//!   indicators they share (each distinct (kind, parameters, input) computed once per symbol).
//! - [`replay`]: the replay of one (combination, symbol), jumping over quiet bars.
//! - [`metrics`]: the statistics columns of a result row.
//! - [`universe`]: per-combination universe accumulators (summed equity, streamed trade
//!   statistics) within a memory budget.
//! - [`run`]: the parallel run over (symbol, chunk of combinations) work units, in ranges of
//!   combinations that fit the memory budget ([`SweepJob`]), with progress and cancellation.

pub mod grid;
pub mod metrics;
pub mod plan;
pub mod replay;
pub mod run;
#[cfg(test)]
mod run_tests;
pub mod substitute;
#[cfg(test)]
mod testing;
pub mod universe;

pub use grid::Grid;
pub use plan::{Combo, Plan};
pub use run::{run_sweep, Control, SweepConfig, SweepJob, SweepResult, DEFAULT_MEMORY_BUDGET_MB};
