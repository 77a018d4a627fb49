//! Runs engine work with panics caught and errors turned into JS `Error`s that name
//! the failing symbol when the engine says which one.

use std::panic::{catch_unwind, AssertUnwindSafe};

/// An engine error as the boundary words it, given the call's name and the batch's symbols.
pub trait BoundaryError {
    /// The JS `Error` message for this failure of `what` over `symbols`.
    fn message(self, what: &str, symbols: &[String]) -> String;
}

/// The model's error: `"<what>: <symbol> row <r>: <field> ..."`, naming the failing
/// symbol (mapped from its batch index to its name) when there is one.
impl BoundaryError for barstream_model::Error {
    fn message(self, what: &str, symbols: &[String]) -> String {
        format!("{what}: {}", self.with_symbols(symbols))
    }
}

/// A plain message that does not say which symbol: `"<what> starting at <first symbol>: msg"`.
impl BoundaryError for String {
    fn message(self, what: &str, symbols: &[String]) -> String {
        let first = symbols.first().map_or("?", String::as_str);
        format!("{what} starting at {first}: {self}")
    }
}

/// Runs `work`; an `Err(e)` becomes a JS `Error` worded by [`BoundaryError::message`], a
/// panic `"internal engine error (panic) in <what> starting at <first symbol>: ..."`.
pub fn guarded<T, E: BoundaryError>(
    what: &str,
    symbols: &[String],
    work: impl FnOnce() -> Result<T, E>,
) -> napi::Result<T> {
    match catch_unwind(AssertUnwindSafe(work)) {
        Ok(Ok(v)) => Ok(v),
        Ok(Err(e)) => Err(napi::Error::from_reason(e.message(what, symbols))),
        Err(panic) => {
            let first = symbols.first().map_or("?", String::as_str);
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
