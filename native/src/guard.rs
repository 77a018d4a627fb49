//! Runs engine work with panics caught and errors turned into JS `Error`s that
//! name the batch (its first symbol).

use std::panic::{catch_unwind, AssertUnwindSafe};

/// Runs `work`; an `Err(msg)` becomes `"<what> <first symbol>: msg"`, a panic
/// `"internal engine error (panic) in <what> starting at <first symbol>: ..."`.
pub fn guarded<T>(
    what: &str,
    symbols: &[String],
    work: impl FnOnce() -> Result<T, String>,
) -> napi::Result<T> {
    let first = symbols.first().map_or("?", String::as_str);
    match catch_unwind(AssertUnwindSafe(work)) {
        Ok(Ok(v)) => Ok(v),
        Ok(Err(msg)) => Err(napi::Error::from_reason(format!(
            "{what} starting at {first}: {msg}"
        ))),
        Err(panic) => {
            let text = panic
                .downcast_ref::<String>()
                .map(String::as_str)
                .or_else(|| panic.downcast_ref::<&str>().copied())
                .unwrap_or("unknown");
            Err(napi::Error::from_reason(format!(
                "internal engine error (panic) in {what} starting at {first}: {text}"
            )))
        }
    }
}
