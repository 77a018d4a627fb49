//! The columnar bar batch that TypeScript builds (see `src/data/types.ts`, `BarBatch`).

use barstream_model::{Bars, Batch, Error};
use napi::bindgen_prelude::{BigInt64Array, Float64Array, Int32Array};
use napi_derive::napi;

/// Bars of k symbols, sorted by symbol then time; borrowed zero-copy by the engine.
#[napi(object)]
pub struct BindingBarBatch {
    /// Symbol names, len k.
    pub symbols: Vec<String>,
    /// Row offsets, len k+1: symbol i owns rows `offsets[i]..offsets[i+1]`.
    pub offsets: Int32Array,
    /// Bar open time, i64 UTC nanoseconds, len n.
    pub ts: BigInt64Array,
    /// Open price per bar, len n.
    pub open: Float64Array,
    /// High price per bar, len n.
    pub high: Float64Array,
    /// Low price per bar, len n.
    pub low: Float64Array,
    /// Close price per bar, len n.
    pub close: Float64Array,
    /// Volume per bar, len n.
    pub volume: Float64Array,
}

impl BindingBarBatch {
    /// Row offsets as `usize`.
    ///
    /// # Errors
    /// [`Error::InvalidInput`] (`offsets`) when an offset is negative or the count is not
    /// `symbols.len() + 1`.
    pub fn offsets(&self) -> Result<Vec<usize>, Error> {
        if self.offsets.len() != self.symbols.len() + 1 {
            return Err(Error::input(
                "offsets",
                format!(
                    "has {} entries, expected symbols + 1 = {}",
                    self.offsets.len(),
                    self.symbols.len() + 1
                ),
            ));
        }
        self.offsets
            .iter()
            .map(|&o| {
                usize::try_from(o)
                    .map_err(|_| Error::input("offsets", format!("has a negative entry {o}")))
            })
            .collect()
    }

    /// The engine's borrowed view over these columns.
    pub fn batch<'a>(&'a self, offsets: &'a [usize]) -> Batch<'a> {
        Batch {
            bars: Bars {
                ts: &self.ts,
                open: &self.open,
                high: &self.high,
                low: &self.low,
                close: &self.close,
                volume: &self.volume,
            },
            offsets,
        }
    }
}
