//! Gathers [`RunPart`]s in order and finishes the [`RunResult`].

use std::collections::BTreeMap;

use super::columns::{ChartColumns, CurveColumns, TradeColumns};
use super::part::RunPart;
use super::{drawdown_curve, RunResult, SymbolOutcome, UniverseOutcome};
use crate::universe::{universe_curves, universe_stats_on, Member};

/// A run being gathered. Each batch reserves a slot when it starts ([`RunBuilder::reserve`])
/// and fills it when its part is ready ([`RunBuilder::fill`]), in any order; the result
/// holds the parts in slot order, so batches computed concurrently still give the order
/// they were submitted in. Parts are joined as soon as every earlier slot is filled.
#[derive(Debug)]
pub struct RunBuilder {
    initial_cash: f64,
    keep_ohlc: bool,
    chart_curves: bool,
    symbols: Vec<SymbolOutcome>,
    trades: TradeColumns,
    open_trades: TradeColumns,
    curves: CurveColumns,
    /// Filled slots waiting for an earlier one.
    waiting: BTreeMap<usize, Result<RunPart, String>>,
    /// Slots handed out.
    reserved: usize,
    /// The next slot to join.
    next: usize,
    /// The first failed slot and its message.
    failed: Option<(usize, String)>,
}

impl RunBuilder {
    /// An empty run. `initial_cash`: starting cash of EACH symbol, currency (the
    /// replay's `initial_cash`). `keep_ohlc`: curves keep open/high/low (every part must
    /// then carry them).
    pub fn new(initial_cash: f64, keep_ohlc: bool) -> RunBuilder {
        RunBuilder {
            initial_cash,
            keep_ohlc,
            chart_curves: false,
            symbols: Vec::new(),
            trades: TradeColumns::default(),
            open_trades: TradeColumns::default(),
            curves: CurveColumns::new(keep_ohlc),
            waiting: BTreeMap::new(),
            reserved: 0,
            next: 0,
            failed: None,
        }
    }

    /// With `on`, [`RunBuilder::finish`] also gives every symbol's buy & hold and
    /// drawdown per bar ([`ChartColumns`], in `curves.chart`): what a chart of one
    /// symbol draws. Default off: it adds 16 bytes per bar.
    pub fn with_chart_curves(mut self, on: bool) -> RunBuilder {
        self.chart_curves = on;
        self
    }

    /// Whether the curves keep open/high/low.
    pub fn keep_ohlc(&self) -> bool {
        self.keep_ohlc
    }

    /// Starting cash of each symbol, currency.
    pub fn initial_cash(&self) -> f64 {
        self.initial_cash
    }

    /// Symbols joined so far.
    pub fn symbols(&self) -> usize {
        self.symbols.len()
    }

    /// Slots reserved but not filled yet.
    pub fn pending(&self) -> usize {
        self.reserved - self.next - self.waiting.len()
    }

    /// Reserves the next slot (the position of a batch in the result).
    pub fn reserve(&mut self) -> usize {
        self.reserved += 1;
        self.reserved - 1
    }

    /// Fills `slot` with a batch's part, or with the error that batch failed with (the
    /// run then fails at [`RunBuilder::finish`], naming it).
    ///
    /// # Errors
    /// When `slot` was not reserved or is already filled, or the part's curves keep
    /// open/high/low and the run's do not (or the other way round).
    pub fn fill(&mut self, slot: usize, part: Result<RunPart, String>) -> Result<(), String> {
        if slot >= self.reserved || slot < self.next || self.waiting.contains_key(&slot) {
            return Err(format!("run slot {slot} is not open"));
        }
        if let Ok(p) = &part {
            if p.curves.ohlc.is_some() != self.keep_ohlc {
                return Err(format!(
                    "batch {slot}: its curves {} open/high/low, the run's {}",
                    if self.keep_ohlc { "lack" } else { "keep" },
                    if self.keep_ohlc {
                        "keep them"
                    } else {
                        "do not"
                    }
                ));
            }
        }
        self.waiting.insert(slot, part);
        while let Some(p) = self.waiting.remove(&self.next) {
            match p {
                Ok(p) => self.join(p)?,
                Err(e) => {
                    if self.failed.is_none() {
                        self.failed = Some((self.next, e));
                    }
                }
            }
            self.next += 1;
        }
        Ok(())
    }

    /// [`RunBuilder::reserve`] + [`RunBuilder::fill`]: appends a part at the end.
    ///
    /// # Errors
    /// As [`RunBuilder::fill`].
    pub fn push(&mut self, part: RunPart) -> Result<(), String> {
        let slot = self.reserve();
        self.fill(slot, Ok(part))
    }

    fn join(&mut self, p: RunPart) -> Result<(), String> {
        self.curves.append(p.curves)?;
        self.trades.append(p.trades, self.symbols.len() as u32);
        self.open_trades
            .append(p.open_trades, self.symbols.len() as u32);
        self.symbols.extend(p.symbols);
        Ok(())
    }

    /// The run result: the joined parts plus the universe's statistics and curves,
    /// computed once.
    ///
    /// # Errors
    /// When a slot is still unfilled (a batch has not finished), a batch failed (its
    /// message, with its position), or a curve's times do not ascend.
    pub fn finish(mut self) -> Result<RunResult, String> {
        if self.pending() > 0 {
            return Err(format!(
                "{} batch(es) have not finished; wait for every push before finishing",
                self.pending()
            ));
        }
        if let Some((slot, e)) = self.failed {
            return Err(format!("batch {slot} failed: {e}"));
        }
        let members: Vec<Member> = (0..self.curves.symbols())
            .map(|i| {
                let r = self.curves.rows(i);
                Member {
                    ts: &self.curves.ts[r.clone()],
                    equity: &self.curves.equity[r.clone()],
                    close: &self.curves.close[r],
                }
            })
            .collect();
        let curves = universe_curves(&members, self.initial_cash)?;
        let stats = universe_stats_on(
            &curves,
            members.len(),
            self.initial_cash,
            &self.trades.pnl,
            &self.trades.return_frac,
        )?;
        let drawdown = drawdown_curve(&curves.equity);
        drop(members);
        if self.chart_curves {
            self.curves.chart = Some(ChartColumns::of(&self.curves, self.initial_cash));
        }
        let n_symbols = self.curves.symbols();
        let universe = UniverseOutcome {
            stats,
            trades: self.trades.len(),
            open_trades: self.open_trades.len(),
            ambiguous_bars: self.symbols.iter().map(|s| s.ambiguous_bars).sum(),
            rejected_orders: self.symbols.iter().map(|s| s.rejected_orders).sum(),
            initial_cash: self.initial_cash * n_symbols as f64,
            curves,
            drawdown,
        };
        Ok(RunResult {
            initial_cash: self.initial_cash,
            symbols: self.symbols,
            trades: self.trades,
            open_trades: self.open_trades,
            curves: self.curves,
            universe,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn part(name: &str, equity: Vec<f64>, close: Vec<f64>) -> RunPart {
        let n = equity.len();
        let mut curves = CurveColumns::new(false);
        curves.offsets.push(n);
        curves.ts = (0..n as i64).collect();
        curves.equity = equity;
        curves.close = close;
        RunPart {
            symbols: vec![SymbolOutcome {
                symbol: name.into(),
                bars: n,
                first_ts: Some(0),
                last_ts: Some(n as i64 - 1),
                trades: 0,
                open_trades: 0,
                ambiguous_bars: 0,
                rejected_orders: 0,
                stats: barstream_stats::compute(&barstream_stats::StatsInput {
                    ts: &(0..n as i64).collect::<Vec<_>>(),
                    equity: &[100.0; 3][..n],
                    close: &[1.0; 3][..n],
                    initial_cash: 100.0,
                    trades: &[],
                    bars_in_market: 0,
                }),
            }],
            trades: TradeColumns::default(),
            open_trades: TradeColumns::default(),
            curves,
        }
    }

    #[test]
    fn chart_curves_only_when_asked_and_per_symbol() {
        let run = |chart: bool| {
            let mut b = RunBuilder::new(100.0, false).with_chart_curves(chart);
            b.push(part("A", vec![100.0, 120.0, 90.0], vec![2.0, 3.0, 1.0]))
                .unwrap();
            b.push(part("B", vec![100.0, 80.0], vec![5.0, 4.0]))
                .unwrap();
            b.finish().unwrap()
        };
        assert!(run(false).curves.chart.is_none());
        let r = run(true);
        let c = r.curves.chart.as_ref().unwrap();
        assert_eq!(c.hold, vec![100.0, 150.0, 50.0, 100.0, 80.0]);
        assert_eq!(
            c.drawdown,
            vec![0.0, 0.0, 90.0 / 120.0 - 1.0, 0.0, 80.0 / 100.0 - 1.0]
        );
        // The universe is unchanged by the option.
        let plain = run(false);
        assert_eq!(r.universe.curves, plain.universe.curves);
        assert_eq!(r.universe.drawdown, plain.universe.drawdown);
    }
}
