//! napi-rs binding for barstream. Converts only; no engine logic here.
#![deny(clippy::all)]

use napi_derive::napi;

/// Version of the native engine (the crate version).
#[napi]
pub fn engine_version() -> String {
    env!("CARGO_PKG_VERSION").to_string()
}
