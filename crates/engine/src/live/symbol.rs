//! One symbol of the live engine: its incremental strategy, replay and history.

use barstream_indicators::Atr;
use barstream_model::{Bar, Ohlc};
use barstream_strategy::{Strategy, StrategyStream};
use serde::{Deserialize, Serialize};

use super::history::SymbolHistory;
use crate::config::ReplayConfig;
use crate::replay::events::EventSink;
use crate::replay::ReplayState;
use crate::run::{symbol_result, SymbolResult};

/// Everything the live engine keeps per symbol.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub(crate) struct SymbolLive {
    /// Indicators and rule memory.
    pub stream: StrategyStream,
    /// Cash, position, pending order, closed trades, equity so far: the replay step.
    pub replay: ReplayState,
    /// Wilder ATR for the ATR stop (the batch path's `atr` column, one bar at a time).
    pub atr: Option<Atr>,
    /// Open time of the last bar processed, UTC ns; `i64::MIN` before the first.
    pub last_ts: i64,
    /// Bars whose time, close, equity and trades were moved out by
    /// [`SymbolLive::take_history`]: `ts[0]` is bar `hist_start`.
    pub hist_start: usize,
    /// Open time of every bar held, UTC ns (for the final report).
    pub ts: Vec<i64>,
    /// Close of every bar held (buy-and-hold and the end-of-data valuation).
    #[serde(with = "barstream_model::serde_f64::vec")]
    pub close: Vec<f64>,
    /// Open of the last bar processed (the close-at-end `last_open` price); `None` before
    /// the first bar. (Default for checkpoints written before it existed.)
    #[serde(default)]
    pub last_open: Option<f64>,
    /// History being put back by [`SymbolLive::restore`] until it reaches `hist_start`
    /// (not checkpointed: a restore happens after the last checkpoint).
    #[serde(skip)]
    pub restoring: Option<SymbolHistory>,
}

impl SymbolLive {
    /// A symbol with no bars yet. `cfg`: the strategy's replay settings
    /// ([`crate::run::config_for`]).
    pub fn new(strategy: &Strategy, cfg: &ReplayConfig) -> SymbolLive {
        SymbolLive {
            stream: StrategyStream::new(strategy),
            replay: ReplayState::new(*cfg, 0),
            atr: cfg.risk.atr_stop.map(|(period, _)| Atr::new(period)),
            last_ts: i64::MIN,
            hist_start: 0,
            ts: Vec::new(),
            close: Vec::new(),
            last_open: None,
            restoring: None,
        }
    }

    /// Processes one bar (already validated): signals and ATR at its close, then the
    /// replay step, exactly as the batch run does for the same bar.
    pub fn push<S: EventSink>(&mut self, strategy: &Strategy, ts: i64, bar: Bar, sink: &mut S) {
        let signals = self.stream.update(strategy, &bar);
        let atr = self
            .atr
            .as_mut()
            .and_then(|a| a.update(bar.high, bar.low, bar.close))
            .unwrap_or(f64::NAN);
        self.replay.step(Ohlc::from(bar), signals, atr, sink);
        self.last_ts = ts;
        self.ts.push(ts);
        self.close.push(bar.close);
        self.last_open = Some(bar.open);
    }

    /// Moves the times, closes, equity and trades held now into a [`SymbolHistory`]
    /// (`None` when there are none); decisions go on exactly as before.
    pub fn take(&mut self, id: u32, name: &str) -> Option<SymbolHistory> {
        let (trades, equity) = self.replay.take_history();
        if self.ts.is_empty() && trades.is_empty() {
            return None;
        }
        let h = SymbolHistory {
            id,
            symbol: name.to_string(),
            from: self.hist_start,
            ts: std::mem::take(&mut self.ts),
            close: std::mem::take(&mut self.close),
            equity,
            trades,
        };
        self.hist_start += h.ts.len();
        Some(h)
    }

    /// Takes back one piece of history from [`SymbolLive::take`], oldest first; once the
    /// pieces reach `hist_start` they are put in front of what is held.
    ///
    /// # Errors
    /// A piece that does not start where the previous one ended (a chunk missing,
    /// repeated or out of order), that goes past the bars moved out (a log of another
    /// run or of a later state), or whose columns disagree.
    pub fn restore(&mut self, h: SymbolHistory) -> Result<(), String> {
        let buf = self.restoring.get_or_insert_with(SymbolHistory::default);
        let have = buf.ts.len();
        let end = h.from + h.ts.len();
        if h.from != have {
            return Err(format!(
                "history starts at bar {}, expected bar {have} (a chunk is missing, repeated or out of order)",
                h.from
            ));
        }
        if end > self.hist_start {
            return Err(format!(
                "history reaches bar {end}, but only {} bars were moved out (the log is not this state's)",
                self.hist_start
            ));
        }
        buf.append(h)?;
        if end == self.hist_start {
            let mut b = self.restoring.take().unwrap_or_default();
            if let (Some(&last), Some(&next)) = (b.ts.last(), self.ts.first()) {
                if last >= next {
                    return Err(format!(
                        "history's last bar time {last} is not before the held bar at {next}"
                    ));
                }
            }
            b.ts.append(&mut self.ts);
            b.close.append(&mut self.close);
            self.ts = b.ts;
            self.close = b.close;
            self.replay.restore_history(b.trades, b.equity);
            self.hist_start = 0;
        }
        Ok(())
    }

    /// The report of the bars so far, as if the data ended here (see
    /// [`ReplayState::finish`]); the state itself is unchanged.
    ///
    /// # Errors
    /// When part of the history is still out ([`SymbolLive::take`] without a full
    /// [`SymbolLive::restore`]): the report would miss those bars.
    pub fn result(&self) -> Result<SymbolResult, String> {
        if self.hist_start > 0 {
            return Err(format!(
                "bars 0 to {} are in the history log, not in the engine: restore them first (restoreHistory)",
                self.hist_start
            ));
        }
        let cash = self.replay.config().initial_cash;
        // Only the open and the close of the last bar are read by `finish`.
        let last = self.close.last().map(|&close| Ohlc {
            open: self.last_open.unwrap_or(f64::NAN),
            high: f64::NAN,
            low: f64::NAN,
            close,
        });
        let out = self.replay.clone().finish(last);
        Ok(symbol_result(out, &self.ts, &self.close, cash))
    }
}
