//! The live engine: a strategy run over a universe as bars arrive, one burst at a time.
//!
//! [`LiveEngine`] keeps, per symbol, the incremental strategy
//! ([`barstream_strategy::StrategyStream`]), the replay step's state
//! ([`crate::ReplayState`], the same step the batch [`crate::replay()`] loops over),
//! an incremental ATR for the ATR stop, and the bar times, closes and equity needed
//! for the final report. Each symbol trades its own starting cash, as in the backtest,
//! so pushing a recorded feed (in any interleaving of symbols and any burst sizes)
//! gives exactly the trades, equity and statistics of [`crate::run_batch`] on the same
//! bars (`tests/live_parity.rs`).
//!
//! - [`burst`]: the columnar input of one push and its validation.
//! - [`events`]: the columnar output (signals, orders, fills, positions, closed trades).
//! - [`checkpoint`]: the whole state as one JSON string, and back.
//! - [`history`]: the bar times, closes, equity and trades, moved out in chunks so the
//!   state stays bounded ([`LiveEngine::take_history`], [`LiveEngine::restore_history`]).
//! - `symbol`: one symbol's state.

pub mod burst;
pub mod checkpoint;
pub mod events;
pub mod history;
mod symbol;

use barstream_strategy::Strategy;

use crate::config::ReplayConfig;
use crate::run::{config_for, SymbolResult};
pub use burst::BarBurst;
use events::BarSink;
pub use events::LiveEvents;
use symbol::SymbolLive;

/// A strategy running live over a fixed universe of symbols.
#[derive(Debug, Clone)]
pub struct LiveEngine {
    /// The strategy spec text as given (kept for checkpoints).
    spec: String,
    strategy: Strategy,
    /// Run settings as given (cash per symbol, costs, fill timing, ambiguity policy).
    base: ReplayConfig,
    /// Symbol names; the index is the symbol id used in pushes.
    symbols: Vec<String>,
    states: Vec<SymbolLive>,
}

impl LiveEngine {
    /// A new engine for `spec_json` (a strategy spec, as for the backtest), run settings
    /// `base` (cash per symbol, commission, slippage, fill timing, ambiguity policy;
    /// sizing and risk come from the spec) and the universe `symbols` (index = id).
    ///
    /// # Errors
    /// The spec's error ([`barstream_strategy::SpecError`] text), an out-of-range
    /// setting ([`ReplayConfig::validate`]), an empty universe or a duplicate symbol.
    pub fn new(
        spec_json: &str,
        base: ReplayConfig,
        symbols: Vec<String>,
    ) -> Result<LiveEngine, String> {
        let strategy = Strategy::from_json(spec_json).map_err(|e| e.to_string())?;
        let cfg = config_for(&strategy, &base);
        cfg.validate().map_err(|e| e.to_string())?;
        if symbols.is_empty() {
            return Err("the universe is empty: give at least one symbol".into());
        }
        for (i, s) in symbols.iter().enumerate() {
            if let Some(j) = symbols[..i].iter().position(|x| x == s) {
                return Err(format!("symbol '{s}' is listed twice (ids {j} and {i})"));
            }
        }
        let states = symbols
            .iter()
            .map(|_| SymbolLive::new(&strategy, &cfg))
            .collect();
        Ok(LiveEngine {
            spec: spec_json.to_string(),
            strategy,
            base,
            symbols,
            states,
        })
    }

    /// Processes one burst of bars (in row order) and returns the events they caused.
    ///
    /// # Errors
    /// See [`BarBurst::validate`]; on error nothing is applied.
    pub fn push(&mut self, burst: &BarBurst) -> Result<LiveEvents, String> {
        burst.validate(&self.symbols, &self.last_ts())?;
        let mut out = LiveEvents::default();
        for row in 0..burst.len() {
            let id = burst.symbol[row];
            let ts = burst.bars.ts[row];
            let bar = burst.bars.bar(row);
            let mut sink = BarSink {
                out: &mut out,
                symbol: id,
                ts,
            };
            self.states[id as usize].push(&self.strategy, ts, bar, &mut sink);
        }
        Ok(out)
    }

    /// The report so far, per symbol in id order: the same [`SymbolResult`] as
    /// [`crate::run_symbol`] on the bars pushed, i.e. an open position valued at the
    /// last close as an `end_of_data` trade, a pending order dropped. A snapshot: the
    /// engine is unchanged and later pushes continue as if this was never called.
    ///
    /// # Errors
    /// When history taken by [`LiveEngine::take_history`] has not been restored
    /// ([`LiveEngine::restore_history`]), naming the symbol and the bars missing.
    pub fn finish(&self) -> Result<Vec<SymbolResult>, String> {
        self.states
            .iter()
            .zip(&self.symbols)
            .map(|(s, name)| s.result().map_err(|e| format!("{name}: {e}")))
            .collect()
    }

    /// Moves the bar times, closes, equity values and closed trades accumulated since the
    /// last call out of the engine, as one history chunk (a JSON line, layout in
    /// [`history`]); empty when there is nothing new. Decisions do not depend on them, so
    /// later pushes are unchanged; the state ([`LiveEngine::save_state`]) then holds only
    /// bounded per-symbol state. Append the chunks to a log and give them back with
    /// [`LiveEngine::restore_history`] before [`LiveEngine::finish`].
    ///
    /// # Errors
    /// Only if JSON encoding fails (not expected for these types).
    pub fn take_history(&mut self) -> Result<String, String> {
        let symbols: Vec<_> = self
            .states
            .iter_mut()
            .zip(&self.symbols)
            .enumerate()
            .filter_map(|(id, (s, name))| s.take(id as u32, name))
            .collect();
        if symbols.is_empty() {
            return Ok(String::new());
        }
        serde_json::to_string(&history::Chunk {
            format: history::HISTORY_FORMAT.into(),
            version: history::HISTORY_VERSION,
            symbols,
        })
        .map_err(|e| format!("cannot write the history: {e}"))
    }

    /// Takes back one chunk of [`LiveEngine::take_history`] (one log line). Give every
    /// chunk taken from this engine and the engines it was restored from, oldest first;
    /// once a symbol's chunks reach the bars held, its history is whole again.
    ///
    /// # Errors
    /// A line that is not a chunk of this layout (with its JSON path), a symbol id or name
    /// not in the universe, or a chunk that does not continue the previous one of its
    /// symbol (missing, repeated, reordered, or from another run's log); see
    /// [`history`]. The engine's decisions are not affected by an error, but its report
    /// stays incomplete.
    pub fn restore_history(&mut self, chunk: &str) -> Result<(), String> {
        let de = &mut serde_json::Deserializer::from_str(chunk);
        let c: history::Chunk = serde_path_to_error::deserialize(de)
            .map_err(|e| format!("not a history chunk: at {}: {}", e.path(), e.inner()))?;
        if c.format != history::HISTORY_FORMAT || c.version != history::HISTORY_VERSION {
            return Err(format!(
                "history chunk is {} version {}, this build reads {} version {}",
                c.format,
                c.version,
                history::HISTORY_FORMAT,
                history::HISTORY_VERSION
            ));
        }
        for h in c.symbols {
            let id = h.id as usize;
            if self.symbols.get(id) != Some(&h.symbol) {
                return Err(format!(
                    "history chunk names symbol '{}' as id {id}, which is not in this universe",
                    h.symbol
                ));
            }
            self.states[id]
                .restore(h)
                .map_err(|e| format!("history of {}: {e}", self.symbols[id]))?;
        }
        Ok(())
    }

    /// The whole state as a checkpoint string (JSON; layout in [`checkpoint`]): spec,
    /// settings, universe and per-symbol state. [`LiveEngine::from_state`] on it, then
    /// the remaining bars, gives exactly the results of an uninterrupted run.
    ///
    /// # Errors
    /// Only if JSON encoding fails (not expected for these types).
    pub fn save_state(&self) -> Result<String, String> {
        checkpoint::save(self)
    }

    /// Rebuilds an engine from a [`LiveEngine::save_state`] string.
    ///
    /// # Errors
    /// A message naming what is wrong: not a barstream state, another
    /// [`checkpoint::STATE_VERSION`], a field that does not parse (with its JSON path),
    /// a checksum mismatch, or state inconsistent with its own spec and settings.
    pub fn from_state(state: &str) -> Result<LiveEngine, String> {
        checkpoint::load(state)
    }

    /// The universe: symbol names by id.
    pub fn symbols(&self) -> &[String] {
        &self.symbols
    }

    /// The strategy spec text the engine was made with.
    pub fn spec(&self) -> &str {
        &self.spec
    }

    /// The run settings as given to [`LiveEngine::new`].
    pub fn config(&self) -> &ReplayConfig {
        &self.base
    }

    /// Per symbol id, the open time of its last processed bar (UTC ns), `i64::MIN` for
    /// none yet.
    pub fn last_ts(&self) -> Vec<i64> {
        self.states.iter().map(|s| s.last_ts).collect()
    }

    /// Open times (UTC ns) of the bars of symbol `id` held (all processed, unless
    /// [`LiveEngine::take_history`] moved some out), oldest first.
    ///
    /// # Panics
    /// If `id` is not a symbol id.
    pub fn bar_ts(&self, id: usize) -> &[i64] {
        &self.states[id].ts
    }

    /// Closes of the bars of symbol `id` held, aligned with [`LiveEngine::bar_ts`].
    ///
    /// # Panics
    /// If `id` is not a symbol id.
    pub fn bar_close(&self, id: usize) -> &[f64] {
        &self.states[id].close
    }
}
