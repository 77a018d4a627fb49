//! A burst of bars as it arrives from the feed, and its validation.

/// Bars of any symbols in arrival order, borrowed column by column, all len m.
/// Symbols may interleave; per symbol, `ts` must strictly increase.
#[derive(Debug, Clone, Copy)]
pub struct BarBurst<'a> {
    /// Symbol id per row: index into the engine's universe.
    pub symbol: &'a [u32],
    /// Bar open time per row, i64 UTC nanoseconds.
    pub ts: &'a [i64],
    /// Open price per row.
    pub open: &'a [f64],
    /// High price per row.
    pub high: &'a [f64],
    /// Low price per row.
    pub low: &'a [f64],
    /// Close price per row.
    pub close: &'a [f64],
    /// Volume per row (units).
    pub volume: &'a [f64],
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
        let cols = [
            ("ts", self.ts.len()),
            ("open", self.open.len()),
            ("high", self.high.len()),
            ("low", self.low.len()),
            ("close", self.close.len()),
            ("volume", self.volume.len()),
        ];
        for (name, len) in cols {
            if len != m {
                return Err(format!(
                    "bar columns differ in length: symbol has {m} rows, {name} has {len}"
                ));
            }
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
            let ts = self.ts[row];
            if ts <= last[id] {
                return Err(format!(
                    "row {row}: {name} ts {ts} is not after its previous bar at ts {} \
                     (per symbol, bar times must strictly increase)",
                    last[id]
                ));
            }
            last[id] = ts;
            let fields = [
                ("open", self.open[row]),
                ("high", self.high[row]),
                ("low", self.low[row]),
                ("close", self.close[row]),
                ("volume", self.volume[row]),
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
