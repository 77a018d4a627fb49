//! The crate's integration tests, linked into one test binary (`cargo test -p barstream-strategy
//! --test integration`): one file per topic beside this one, each a module here. One binary
//! instead of one per file: the engine's generic code is compiled and linked once, not once per
//! file (issue 14: the test build dominated `npm test` on a fresh clone).
//!
//! `Cargo.toml` sets `autotests = false`, so a new `tests/*.rs` file runs only once it is
//! declared below; `every_test_file_is_declared` (in barstream-engine's) fails otherwise.

mod common;

mod hostile_rules;
mod parser_props;
mod real_data;
mod slice_plan;
mod spec_errors;
mod stream_parity;
