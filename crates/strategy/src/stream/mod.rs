//! Streaming evaluation: a strategy's indicators and rules fed one bar at a time, for
//! the live engine.
//!
//! [`StrategyStream`] holds the per-symbol state (incremental indicators, the memory of
//! `crossover` and `prev`); the immutable [`Strategy`] is passed to each call. At every
//! bar its signals equal [`Strategy::signals`] over the bars so far, and its indicator
//! values equal [`Strategy::indicator_values`] (same TA-Lib arithmetic in the same
//! order, so in practice bit for bit; tested on real data in `tests/stream_parity.rs`).
//! The state is serde-serializable for checkpoints.

mod indicators;
mod rules;

use serde::{Deserialize, Serialize};

use barstream_model::Bar;

use crate::eval::T;
use crate::signals::BarSignals;
use crate::strategy::Strategy;
use indicators::IndicatorStream;
use rules::{Inputs, RuleStream};

/// One symbol's evaluation state between bars.
///
/// ```
/// use barstream_strategy::{Bar, Strategy, StrategyStream};
///
/// let s = Strategy::from_json(r#"{"name": "up", "entry_long": "close > prev(close, 1)"}"#).unwrap();
/// let mut live = StrategyStream::new(&s);
/// let bar = |close| Bar { open: close, high: close, low: close, close, volume: 0.0 };
/// assert!(!live.update(&s, &bar(10.0)).entry_long); // no bar before: unknown
/// assert!(live.update(&s, &bar(11.0)).entry_long);
/// assert_eq!(live.bars(), 2);
/// ```
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct StrategyStream {
    indicators: IndicatorStream,
    /// entry_long, exit_long, entry_short, exit_short (`None`: rule absent).
    rules: [Option<RuleStream>; 4],
    /// Bars fed so far.
    bars: u64,
}

impl StrategyStream {
    /// Fresh state for `strategy` (no bar seen).
    pub fn new(strategy: &Strategy) -> StrategyStream {
        StrategyStream {
            indicators: IndicatorStream::new(strategy.indicator_set()),
            rules: strategy
                .rules()
                .each_ref()
                .map(|r| r.as_ref().map(RuleStream::new)),
            bars: 0,
        }
    }

    /// Feeds one bar and returns the four signals at its close.
    ///
    /// `strategy` must be the one this state was made for (see
    /// [`StrategyStream::check_fits`] after restoring a checkpoint); NaN fields are
    /// gaps, with the same semantics as in [`Strategy::signals`].
    ///
    /// # Panics
    /// If `strategy` has a different layout than the one this state was made for.
    pub fn update(&mut self, strategy: &Strategy, bar: &Bar) -> BarSignals {
        self.indicators.update(strategy.indicator_set(), bar);
        let inputs = Inputs {
            bar,
            values: self.indicators.values(),
        };
        let mut fired = [false; 4];
        for ((out, state), rule) in fired.iter_mut().zip(&mut self.rules).zip(strategy.rules()) {
            if let (Some(state), Some(rule)) = (state, rule) {
                *out = state.update(rule, &inputs) == T;
            }
        }
        self.bars += 1;
        let [entry_long, exit_long, entry_short, exit_short] = fired;
        BarSignals {
            entry_long,
            exit_long,
            entry_short,
            exit_short,
        }
    }

    /// Indicator outputs at the last bar fed (NaN in warm-up), one per output column in
    /// the order and with the names of [`Strategy::indicator_values`].
    pub fn indicator_values(&self) -> &[f64] {
        self.indicators.values()
    }

    /// Bars fed so far.
    pub fn bars(&self) -> u64 {
        self.bars
    }

    /// Checks that this state (e.g. read back from a checkpoint) has the layout of
    /// `strategy`'s: the same indicators with the same parameters, and the same
    /// `crossover`/`prev` memory in each rule.
    ///
    /// # Errors
    /// A message saying which part differs.
    pub fn check_fits(&self, strategy: &Strategy) -> Result<(), String> {
        let fresh = StrategyStream::new(strategy);
        let (have, want) = (self.indicators.shape(), fresh.indicators.shape());
        if have != want {
            return Err(format!(
                "indicator state does not match the strategy: state has {have}, strategy needs {want}"
            ));
        }
        const RULES: [&str; 4] = ["entry_long", "exit_long", "entry_short", "exit_short"];
        for ((name, have), want) in RULES.iter().zip(&self.rules).zip(&fresh.rules) {
            let ok = match (have, want) {
                (None, None) => true,
                (Some(h), Some(w)) => h.fits(w),
                _ => false,
            };
            if !ok {
                return Err(format!(
                    "rule state of {name} does not match the strategy's rule"
                ));
            }
        }
        Ok(())
    }
}
