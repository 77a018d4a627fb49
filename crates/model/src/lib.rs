//! barstream model: the vocabulary every other barstream crate shares, defined once.
//!
//! - [`bars`]: one symbol's bars as borrowed columns ([`Bars`]: `ts` i64 UTC ns plus
//!   OHLCV f64, each len n; [`BarsRef`]: the same without times, as the strategy reads
//!   them), one bar ([`Bar`], [`Ohlc`]) and the OHLCV field names ([`PriceField`]).
//! - [`batch`]: k symbols in one set of columns with row offsets ([`Batch`]) and its
//!   validation.
//! - [`time`]: [`UnixNanos`], one point in time in UTC nanoseconds, shown as ISO-8601.
//! - [`trade`]: one round trip ([`Trade`]), its direction ([`Side`]) and why it closed
//!   ([`ExitReason`]).
//! - [`error`]: [`Error`], the one error type of the batch APIs, naming symbol, row and
//!   field (`"NVDA row 2: ts ... is not after the previous bar's ..."`).
//! - [`serde_f64`]: exact, NaN-safe serde for `f64` fields of checkpoints.
//!
//! Units: times are i64 UTC nanoseconds since the Unix epoch; prices are f64 in quote
//! currency; volume is f64 units traded; cash, P&L and commission are f64 currency.

pub mod bars;
pub mod batch;
pub mod error;
pub mod serde_f64;
pub mod time;
pub mod trade;

pub use bars::{Bar, Bars, BarsRef, Ohlc, PriceField};
pub use batch::Batch;
pub use error::Error;
pub use time::UnixNanos;
pub use trade::{ExitReason, Side, Trade};
