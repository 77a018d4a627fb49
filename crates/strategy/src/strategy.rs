//! [`Strategy`]: a validated, compiled spec, and its evaluation over bars.

use crate::bars::{BarsRef, Signals};
use crate::error::SpecError;
use crate::eval::{fires, Columns};
use crate::expr::compile::{bool_lookback, compile, BoolNode};
use crate::expr::parser::parse;
use crate::indicators::IndicatorSet;
use crate::spec::risk::RiskSpec;
use crate::spec::sizing::SizingSpec;

/// A strategy spec that parsed and validated, with its rules compiled. Cheap to
/// evaluate many times (one per symbol or per batch); immutable and `Send + Sync`.
#[derive(Debug, Clone)]
pub struct Strategy {
    name: String,
    indicators: IndicatorSet,
    /// entry_long, exit_long, entry_short, exit_short.
    rules: [Option<BoolNode>; 4],
    risk: RiskSpec,
    sizing: SizingSpec,
    warmup: usize,
}

impl Strategy {
    /// Parses and validates a JSON spec (format: crate docs / README) and compiles
    /// its rules. This is the only place specs are checked.
    ///
    /// # Errors
    /// The first problem found, as a [`SpecError`]: malformed JSON, unknown keys or
    /// wrong types (at their JSON path); out-of-range parameters; unknown or cyclic
    /// indicator inputs; no entry rule; rule syntax, name or type errors (at the
    /// rule name, with a caret under the offending text).
    pub fn from_json(text: &str) -> Result<Strategy, SpecError> {
        let mut raw = crate::spec::read(text)?;
        let indicators = IndicatorSet::build(&raw.indicators)?;
        let risk = raw.risk.clone().unwrap_or_default();
        risk.validate()?;
        let sizing = match raw.sizing.take() {
            Some(s) => s.validate()?,
            None => SizingSpec::default(),
        };
        let mut rules: [Option<BoolNode>; 4] = Default::default();
        let mut warmup = indicators.max_lookback();
        for (slot, (rule, text)) in rules.iter_mut().zip(raw.rules()) {
            let Some(text) = text else { continue };
            let node = parse(text)
                .and_then(|e| compile(&e, &indicators))
                .map_err(|(span, msg)| SpecError::in_rule(rule, text, span, msg))?;
            warmup = warmup.max(bool_lookback(&node, &indicators));
            *slot = Some(node);
        }
        if let Some(a) = &risk.atr_stop {
            // ATR (TA-Lib) is first defined at bar `period`.
            warmup = warmup.max(a.period);
        }
        Ok(Strategy {
            name: raw.name,
            indicators,
            rules,
            risk,
            sizing,
            warmup,
        })
    }

    /// The spec's `name`.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// Risk exits (all optional).
    pub fn risk(&self) -> &RiskSpec {
        &self.risk
    }

    /// Position sizing (default: all equity, fractional units).
    pub fn sizing(&self) -> &SizingSpec {
        &self.sizing
    }

    /// Warm-up in bars: the first bar index at which every indicator output, every
    /// rule operand (including the bar a crossover looks back to and `prev` shifts)
    /// and the ATR stop are defined, given inputs without NaNs. Lookbacks are
    /// TA-Lib's (`sma(10)`: 9, `rsi(14)`: 14, `macd(12, 26, 9)`: 33); a chained
    /// indicator adds its input's. A rule built with `and`/`not` only cannot fire
    /// before this bar; one side of an `or` may fire as soon as its own operands
    /// are defined.
    pub fn warmup(&self) -> usize {
        self.warmup
    }

    /// Computes the indicators, then the four rules, over whole columns.
    /// `signals.x[t]` depends only on bars `0..=t` (no look-ahead); an absent rule
    /// is all false.
    ///
    /// # Panics
    /// If the columns of `bars` differ in length.
    pub fn signals(&self, bars: &BarsRef) -> Signals {
        let outputs = self.indicators.compute(bars);
        self.signals_with(bars, &outputs)
    }

    /// [`Strategy::signals`] and [`Strategy::indicator_values`] in one pass.
    ///
    /// # Panics
    /// If the columns of `bars` differ in length.
    pub fn evaluate(&self, bars: &BarsRef) -> (Signals, Vec<(String, Vec<f64>)>) {
        let outputs = self.indicators.compute(bars);
        let signals = self.signals_with(bars, &outputs);
        (signals, self.name_outputs(outputs))
    }

    /// Every indicator output over `bars` as `(name, values)`, definition order:
    /// single outputs as `fast`, several as `bb.upper`, `bb.middle`, `bb.lower`.
    /// Each len n, NaN during warm-up.
    ///
    /// # Panics
    /// If the columns of `bars` differ in length.
    pub fn indicator_values(&self, bars: &BarsRef) -> Vec<(String, Vec<f64>)> {
        bars.len();
        self.name_outputs(self.indicators.compute(bars))
    }

    fn name_outputs(&self, outputs: Vec<Vec<f64>>) -> Vec<(String, Vec<f64>)> {
        self.indicators
            .column_names()
            .iter()
            .cloned()
            .zip(outputs)
            .collect()
    }

    fn signals_with(&self, bars: &BarsRef, outputs: &[Vec<f64>]) -> Signals {
        let n = bars.len();
        let cols = Columns { bars, outputs, n };
        let [el, xl, es, xs] = self.rules.each_ref().map(|r| {
            r.as_ref()
                .map_or_else(|| vec![false; n], |r| fires(r, &cols))
        });
        Signals {
            entry_long: el,
            exit_long: xl,
            entry_short: es,
            exit_short: xs,
        }
    }
}
