//! A burst of bars as it arrives from the feed, and its validation.

use barstream_model::Bars;

/// Bars of any symbols in arrival order, borrowed column by column, all len m.
/// Symbols may interleave; per symbol, `bars.ts` must strictly increase.
#[derive(Debug, Clone, Copy)]
pub struct BarBurst<'a> {
    /// Symbol id per row: index into the engine's universe.
    pub symbol: &'a [u32],
    /// The rows' times (UTC ns) and OHLCV, in arrival order (not one symbol's series).
    pub bars: Bars<'a>,
}

impl BarBurst<'_> {
    /// Rows m.
    pub fn len(&self) -> usize {
        self.symbol.len()
    }

    /// True when the burst has no rows.
    pub fn is_empty(&self) -> bool {
        self.symbol.is_empty()
    }

    /// Checks the whole burst before anything is applied.
    ///
    /// `names`: the universe (symbol id -> name). `last_ts`: per symbol, the ts of the
    /// last bar already processed (`i64::MIN` if none).
    ///
    /// # Errors
    /// A message naming the row (0-based within the burst), symbol, ts and field: columns
    /// of different lengths, an unknown symbol id, a ts not after the symbol's previous
    /// bar (in this burst or before it), a non-finite price or volume.
    pub fn validate(&self, names: &[String], last_ts: &[i64]) -> Result<(), String> {
        let m = self.len();
        let b = &self.bars;
        b.check_lengths().map_err(|e| e.to_string())?;
        if b.len() != m {
            return Err(format!(
                "column 'symbol' has {m} values, close has {}",
                b.len()
            ));
        }
        let mut last = last_ts.to_vec();
        for row in 0..m {
            let id = self.symbol[row] as usize;
            let Some(name) = names.get(id) else {
                return Err(format!(
                    "row {row}: unknown symbol id {id} (the universe has {} symbols, ids 0 to {})",
                    names.len(),
                    names.len().saturating_sub(1)
                ));
            };
            let ts = b.ts[row];
            if ts <= last[id] {
                return Err(format!(
                    "row {row}: {name} ts {ts} is not after its previous bar at ts {} \
                     (per symbol, bar times must strictly increase)",
                    last[id]
                ));
            }
            last[id] = ts;
            let bar = b.bar(row);
            let fields = [
                ("open", bar.open),
                ("high", bar.high),
                ("low", bar.low),
                ("close", bar.close),
                ("volume", bar.volume),
            ];
            for (field, v) in fields {
                if !v.is_finite() {
                    return Err(format!(
                        "row {row}: {name} ts {ts}: {field} is {v}; expected a finite number"
                    ));
                }
            }
        }
        Ok(())
    }
}
