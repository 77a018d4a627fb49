//! One batch's share of a run: its symbols' outcomes, trades and curves, from whichever
//! engine produced them (full replay, focused replay, live engine).

use barstream_stats::Stats;

use super::columns::{CurveColumns, TradeColumns};
use super::SymbolOutcome;
use crate::focus::FocusedResult;
use crate::live::LiveEngine;
use crate::run::SymbolResult;
use barstream_model::Batch;
use barstream_model::Trade;

/// One batch's outcomes, trades (symbol indices local to the batch) and curves.
#[derive(Debug, Clone, PartialEq)]
pub struct RunPart {
    /// One outcome per symbol of the batch, in batch order.
    pub symbols: Vec<SymbolOutcome>,
    /// The batch's trades; `symbol_index` counts from the batch's first symbol.
    pub trades: TradeColumns,
    /// Positions still open after each symbol's last bar (at most one per symbol), valued
    /// at its last close (exit reason `open`); `symbol_index` as in `trades`.
    pub open_trades: TradeColumns,
    /// The batch's curves.
    pub curves: CurveColumns,
}

/// One symbol's bars as its curve keeps them.
struct CurveBars<'a> {
    ts: &'a [i64],
    close: &'a [f64],
    /// Open, high, low: given when the run keeps them.
    ohlc: Option<[&'a [f64]; 3]>,
}

/// One symbol's result without its equity curve (written by the caller's closure).
struct Outcome<'a> {
    trades: &'a [Trade],
    open: Option<&'a Trade>,
    stats: Stats,
    ambiguous_bars: usize,
    rejected_orders: usize,
}

impl RunPart {
    fn new(keep_ohlc: bool) -> RunPart {
        RunPart {
            symbols: Vec::new(),
            trades: TradeColumns::default(),
            open_trades: TradeColumns::default(),
            curves: CurveColumns::new(keep_ohlc),
        }
    }

    /// Appends one symbol; `write_equity` fills its equity rows (len = its bars).
    fn add(
        &mut self,
        name: &str,
        bars: CurveBars,
        out: Outcome,
        write_equity: impl FnOnce(&mut [f64]),
    ) {
        let n = bars.ts.len();
        let index = self.symbols.len() as u32;
        self.trades.push_symbol(index, out.trades, bars.ts);
        self.open_trades
            .push_symbol(index, out.open.map_or(&[], std::slice::from_ref), bars.ts);
        let c = &mut self.curves;
        c.ts.extend_from_slice(bars.ts);
        c.close.extend_from_slice(bars.close);
        let at = c.equity.len();
        c.equity.resize(at + n, 0.0);
        write_equity(&mut c.equity[at..]);
        if let (Some(cols), Some([o, h, l])) = (c.ohlc.as_mut(), bars.ohlc) {
            cols.open.extend_from_slice(o);
            cols.high.extend_from_slice(h);
            cols.low.extend_from_slice(l);
        }
        c.offsets.push(c.ts.len());
        self.symbols.push(SymbolOutcome {
            symbol: name.to_string(),
            bars: n,
            first_ts: bars.ts.first().copied(),
            last_ts: bars.ts.last().copied(),
            trades: out.trades.len(),
            open_trades: usize::from(out.open.is_some()),
            ambiguous_bars: out.ambiguous_bars,
            rejected_orders: out.rejected_orders,
            stats: out.stats,
        });
    }

    /// Symbol `i`'s bars of `batch` as its curve keeps them.
    fn bars_of<'a>(batch: &Batch<'a>, i: usize, keep_ohlc: bool) -> CurveBars<'a> {
        let b = batch.bars.slice(batch.offsets[i], batch.offsets[i + 1]);
        CurveBars {
            ts: b.ts,
            close: b.close,
            ohlc: keep_ohlc.then_some([b.open, b.high, b.low]),
        }
    }

    fn check_counts(names: &[String], batch: &Batch, results: usize) -> Result<(), String> {
        if names.len() != batch.symbols() || results != batch.symbols() {
            return Err(format!(
                "{} names and {} results for a batch of {} symbols",
                names.len(),
                results,
                batch.symbols()
            ));
        }
        Ok(())
    }

    /// The part of a full replay: `results` from [`crate::run_batch`] over `batch`, whose
    /// symbols are `names`. With `keep_ohlc` the curves keep the bars' open/high/low.
    ///
    /// # Errors
    /// When the counts of names, results and batch symbols differ, or a result's equity
    /// is not one value per bar of its symbol.
    pub fn from_batch(
        names: &[String],
        batch: &Batch,
        results: &[SymbolResult],
        keep_ohlc: bool,
    ) -> Result<RunPart, String> {
        Self::check_counts(names, batch, results.len())?;
        let mut part = RunPart::new(keep_ohlc);
        for (i, r) in results.iter().enumerate() {
            let bars = Self::bars_of(batch, i, keep_ohlc);
            if r.equity.len() != bars.ts.len() {
                return Err(format!(
                    "{}: {} equity values for {} bars",
                    names[i],
                    r.equity.len(),
                    bars.ts.len()
                ));
            }
            part.add(&names[i], bars, outcome(r), |out| {
                out.copy_from_slice(&r.equity)
            });
        }
        Ok(part)
    }

    /// The part of a focused replay: `results` from [`crate::focus::focused_batch`] over
    /// `batch` (compact equity: simulated pieces + flat values), each symbol's curve
    /// rebuilt to every bar ([`FocusedResult::expand_equity`]).
    ///
    /// # Errors
    /// When the counts differ, or a result's pieces do not add up to its segments.
    pub fn from_focused(
        names: &[String],
        batch: &Batch,
        results: &[FocusedResult],
        keep_ohlc: bool,
    ) -> Result<RunPart, String> {
        Self::check_counts(names, batch, results.len())?;
        let mut part = RunPart::new(keep_ohlc);
        for (i, r) in results.iter().enumerate() {
            let bars = Self::bars_of(batch, i, keep_ohlc);
            let simulated: usize = r.segments.iter().map(|s| s.end - s.start).sum();
            let fits = r.segments.last().is_none_or(|s| s.end <= bars.ts.len());
            if simulated != r.pieces.len() || r.flat.len() != r.segments.len() + 1 || !fits {
                return Err(format!(
                    "{}: focused equity ({} pieces, {} flat values) does not match its {} segments over {} bars",
                    names[i],
                    r.pieces.len(),
                    r.flat.len(),
                    r.segments.len(),
                    bars.ts.len()
                ));
            }
            part.add(&names[i], bars, outcome(&r.result), |out| {
                r.expand_equity(out)
            });
        }
        Ok(part)
    }

    /// The live engine's report so far ([`LiveEngine::finish`]) as a part: every symbol
    /// of its universe in id order, curves over the bars it processed (no open/high/low:
    /// the live engine keeps times and closes only).
    ///
    /// # Errors
    /// When a symbol's equity is not one value per processed bar (an engine bug).
    pub fn from_live(engine: &LiveEngine) -> Result<RunPart, String> {
        let results = engine.finish()?;
        let mut part = RunPart::new(false);
        for (i, r) in results.iter().enumerate() {
            let bars = CurveBars {
                ts: engine.bar_ts(i),
                close: engine.bar_close(i),
                ohlc: None,
            };
            if r.equity.len() != bars.ts.len() {
                return Err(format!(
                    "{}: {} equity values for {} bars",
                    engine.symbols()[i],
                    r.equity.len(),
                    bars.ts.len()
                ));
            }
            part.add(&engine.symbols()[i], bars, outcome(r), |out| {
                out.copy_from_slice(&r.equity)
            });
        }
        Ok(part)
    }
}

fn outcome(r: &SymbolResult) -> Outcome<'_> {
    Outcome {
        trades: &r.trades,
        open: r.open.as_ref(),
        stats: r.stats,
        ambiguous_bars: r.ambiguous_bars,
        rejected_orders: r.rejected_orders,
    }
}
