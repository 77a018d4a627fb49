//! Test helpers: real bars from `../shared/data` ([`read`]) and a universe of them fed
//! to the batch and the live engine ([`universe`]).

#![allow(dead_code, reason = "each test binary uses a subset")]

mod read;
pub mod universe;

pub use read::*;
