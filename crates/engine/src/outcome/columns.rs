//! Trades and per-symbol curves as columns: one `Vec` per field, ready to become typed
//! arrays without a per-row object.

use barstream_model::Trade;

/// Every trade of a run, one column per field, all len m (trades), symbol after symbol
/// and, within a symbol, in exit order.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct TradeColumns {
    /// Index of the trade's symbol in the run's symbols.
    pub symbol_index: Vec<u32>,
    /// +1 long, -1 short ([`crate::Side::code`]).
    pub side: Vec<i8>,
    /// Units held (> 0).
    pub qty: Vec<f64>,
    /// Open time of the entry fill's bar, UTC ns.
    pub entry_ts: Vec<i64>,
    /// Open time of the exit fill's bar, UTC ns.
    pub exit_ts: Vec<i64>,
    /// Bar index of the entry fill, 0-based within the symbol.
    pub entry_bar: Vec<u32>,
    /// Bar index of the exit fill, 0-based within the symbol.
    pub exit_bar: Vec<u32>,
    /// `exit_bar - entry_bar`, bars.
    pub bars_held: Vec<u32>,
    /// Entry fill price, slippage included.
    pub entry_price: Vec<f64>,
    /// Exit fill price, slippage included.
    pub exit_price: Vec<f64>,
    /// Commission of entry + exit, currency.
    pub commission: Vec<f64>,
    /// Net P&L after commission, currency.
    pub pnl: Vec<f64>,
    /// P&L / entry notional, fraction.
    pub return_frac: Vec<f64>,
    /// Maximum favourable excursion, fraction of the entry price (>= 0).
    pub mfe: Vec<f64>,
    /// Maximum adverse excursion, fraction of the entry price (<= 0).
    pub mae: Vec<f64>,
    /// [`crate::ExitReason::code`]: index into [`crate::ExitReason::ALL`].
    pub exit_reason: Vec<u8>,
}

impl TradeColumns {
    /// Number of trades.
    pub fn len(&self) -> usize {
        self.pnl.len()
    }

    /// True without trades.
    pub fn is_empty(&self) -> bool {
        self.pnl.is_empty()
    }

    /// Appends `trades` of symbol `symbol` whose bars open at `ts` (UTC ns; a trade's bar
    /// indices index it).
    ///
    /// # Panics
    /// If a trade's bars lie outside `ts`.
    pub fn push_symbol(&mut self, symbol: u32, trades: &[Trade], ts: &[i64]) {
        for t in trades {
            self.symbol_index.push(symbol);
            self.side.push(t.side.code());
            self.qty.push(t.qty);
            self.entry_ts.push(ts[t.entry_bar]);
            self.exit_ts.push(ts[t.exit_bar]);
            self.entry_bar.push(t.entry_bar as u32);
            self.exit_bar.push(t.exit_bar as u32);
            self.bars_held.push(t.bars_held() as u32);
            self.entry_price.push(t.entry_price);
            self.exit_price.push(t.exit_price);
            self.commission.push(t.commission);
            self.pnl.push(t.pnl);
            self.return_frac.push(t.return_frac);
            self.mfe.push(t.mfe);
            self.mae.push(t.mae);
            self.exit_reason.push(t.exit_reason.code());
        }
    }

    /// Appends `other`, whose symbol indices are shifted by `symbols_before`.
    pub fn append(&mut self, mut other: TradeColumns, symbols_before: u32) {
        other
            .symbol_index
            .iter_mut()
            .for_each(|s| *s += symbols_before);
        self.symbol_index.append(&mut other.symbol_index);
        self.side.append(&mut other.side);
        self.qty.append(&mut other.qty);
        self.entry_ts.append(&mut other.entry_ts);
        self.exit_ts.append(&mut other.exit_ts);
        self.entry_bar.append(&mut other.entry_bar);
        self.exit_bar.append(&mut other.exit_bar);
        self.bars_held.append(&mut other.bars_held);
        self.entry_price.append(&mut other.entry_price);
        self.exit_price.append(&mut other.exit_price);
        self.commission.append(&mut other.commission);
        self.pnl.append(&mut other.pnl);
        self.return_frac.append(&mut other.return_frac);
        self.mfe.append(&mut other.mfe);
        self.mae.append(&mut other.mae);
        self.exit_reason.append(&mut other.exit_reason);
    }
}

/// The bars' open, high and low, rows as [`CurveColumns::ts`].
#[derive(Debug, Clone, Default, PartialEq)]
pub struct OhlcColumns {
    /// Open price per bar.
    pub open: Vec<f64>,
    /// High price per bar.
    pub high: Vec<f64>,
    /// Low price per bar.
    pub low: Vec<f64>,
}

/// Every symbol's curve: symbol i owns rows `offsets[i]..offsets[i + 1]` of each column.
#[derive(Debug, Clone, PartialEq)]
pub struct CurveColumns {
    /// Row offsets, len k+1, from 0 to the row count.
    pub offsets: Vec<usize>,
    /// Bar open time, UTC ns.
    pub ts: Vec<i64>,
    /// Equity after each bar's close (cash + marked position), currency.
    pub equity: Vec<f64>,
    /// Close per bar, price.
    pub close: Vec<f64>,
    /// Open/high/low per bar, only when the run keeps them.
    pub ohlc: Option<OhlcColumns>,
    /// Per-symbol buy & hold and drawdown per bar, only when the run asks for chart
    /// curves ([`crate::outcome::RunBuilder::with_chart_curves`]); filled by
    /// [`crate::outcome::RunBuilder::finish`], never by a part.
    pub chart: Option<ChartColumns>,
}

/// Each symbol's buy & hold and drawdown, rows as [`CurveColumns::ts`].
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ChartColumns {
    /// Buy & hold of the symbol's starting cash from its first close:
    /// `cash * close[i] / close[first]`, currency.
    pub hold: Vec<f64>,
    /// Drawdown of the symbol's equity: `equity / running peak - 1`, fraction <= 0
    /// ([`crate::outcome::drawdown_curve`] per symbol).
    pub drawdown: Vec<f64>,
}

impl ChartColumns {
    /// The chart columns of `curves`, each symbol holding `cash` from its first close.
    pub fn of(curves: &CurveColumns, cash: f64) -> ChartColumns {
        let n = curves.ts.len();
        let mut hold = Vec::with_capacity(n);
        let mut drawdown = Vec::with_capacity(n);
        for i in 0..curves.symbols() {
            let r = curves.rows(i);
            let close = &curves.close[r.clone()];
            if let Some(&first) = close.first() {
                hold.extend(close.iter().map(|&c| cash * c / first));
            }
            drawdown.extend(super::drawdown_curve(&curves.equity[r]));
        }
        ChartColumns { hold, drawdown }
    }
}

impl CurveColumns {
    /// No symbols yet; with `ohlc` columns when `keep_ohlc`.
    pub fn new(keep_ohlc: bool) -> CurveColumns {
        CurveColumns {
            offsets: vec![0],
            ts: Vec::new(),
            equity: Vec::new(),
            close: Vec::new(),
            ohlc: keep_ohlc.then(OhlcColumns::default),
            chart: None,
        }
    }

    /// Number of symbols k.
    pub fn symbols(&self) -> usize {
        self.offsets.len() - 1
    }

    /// Rows of symbol `i`.
    ///
    /// # Panics
    /// If `i >= self.symbols()`.
    pub fn rows(&self, i: usize) -> std::ops::Range<usize> {
        self.offsets[i]..self.offsets[i + 1]
    }

    /// Appends `other` (its offsets shifted by the rows already held).
    ///
    /// # Errors
    /// When one keeps open/high/low and the other does not.
    pub fn append(&mut self, mut other: CurveColumns) -> Result<(), String> {
        if self.ohlc.is_some() != other.ohlc.is_some() {
            return Err("curves with and without open/high/low cannot be joined".into());
        }
        let base = self.ts.len();
        self.offsets
            .extend(other.offsets.iter().skip(1).map(|o| o + base));
        self.ts.append(&mut other.ts);
        self.equity.append(&mut other.equity);
        self.close.append(&mut other.close);
        if let (Some(a), Some(mut b)) = (self.ohlc.as_mut(), other.ohlc.take()) {
            a.open.append(&mut b.open);
            a.high.append(&mut b.high);
            a.low.append(&mut b.low);
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn curves() -> CurveColumns {
        CurveColumns {
            offsets: vec![0, 3, 3, 5],
            ts: vec![1, 2, 3, 1, 4],
            equity: vec![100.0, 110.0, 99.0, 50.0, 40.0],
            close: vec![10.0, 12.5, 9.0, 4.0, 5.0],
            ohlc: None,
            chart: None,
        }
    }

    #[test]
    fn chart_columns_hold_cash_from_each_first_close_and_draw_down_per_symbol() {
        let c = ChartColumns::of(&curves(), 1000.0);
        assert_eq!(
            c.hold,
            vec![
                1000.0 * 10.0 / 10.0,
                1000.0 * 12.5 / 10.0,
                1000.0 * 9.0 / 10.0,
                1000.0 * 4.0 / 4.0,
                1000.0 * 5.0 / 4.0
            ]
        );
        // The running peak restarts at each symbol.
        assert_eq!(
            c.drawdown,
            vec![0.0, 0.0, 99.0 / 110.0 - 1.0, 0.0, 40.0 / 50.0 - 1.0]
        );
    }
}
