//! One symbol of the live engine: its incremental strategy, replay and history.

use barstream_indicators::Atr;
use barstream_model::{Bar, Ohlc};
use barstream_strategy::{Strategy, StrategyStream};
use serde::{Deserialize, Serialize};

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
    /// Open time of every bar processed, UTC ns (for the final report).
    pub ts: Vec<i64>,
    /// Close of every bar processed (buy-and-hold and the end-of-data valuation).
    #[serde(with = "barstream_model::serde_f64::vec")]
    pub close: Vec<f64>,
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
            ts: Vec::new(),
            close: Vec::new(),
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
    }

    /// The report of the bars so far, as if the data ended here (see
    /// [`ReplayState::finish`]); the state itself is unchanged.
    pub fn result(&self) -> SymbolResult {
        let cash = self.replay.config().initial_cash;
        let last_close = self.close.last().copied().unwrap_or(f64::NAN);
        let out = self.replay.clone().finish(last_close);
        symbol_result(out, &self.ts, &self.close, cash)
    }
}
