//! [`Strategy`]: a validated, compiled spec, and its evaluation over bars.

use barstream_model::BarsRef;

use crate::error::SpecError;
use crate::eval::{fires, Columns};
use crate::expr::compile::{bool_lookback, compile, BoolNode};
use crate::expr::parser::parse;
use crate::indicators::IndicatorSet;
use crate::signals::Signals;
use crate::slice::{self, ExactFrom, SlicePlan};
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
    slice_plan: SlicePlan,
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
        risk.validate_sides(raw.entry_short.is_some())?;
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
        let exact = ExactFrom {
            names: &indicators,
            columns: indicators.exact_columns(),
        };
        let mut signals_exact_from = warmup;
        for node in rules.iter().flatten() {
            signals_exact_from = signals_exact_from.max(bool_lookback(node, &exact));
        }
        let mut atr_exact_from = 0;
        if let Some(a) = &risk.atr_stop {
            // ATR (TA-Lib) is first defined at bar `period`.
            warmup = warmup.max(a.period);
            atr_exact_from = slice::atr_stop_exact_from(a.period);
        }
        let slice_plan = SlicePlan {
            align: indicators.align(),
            exact_from: warmup.max(signals_exact_from).max(atr_exact_from),
            signals_exact_from,
            atr_exact_from,
        };
        Ok(Strategy {
            name: raw.name,
            indicators,
            rules,
            risk,
            sizing,
            warmup,
            slice_plan,
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

    /// Where a slice of a series must start and from which of its bars the signals
    /// (and the ATR of the ATR stop) equal the whole series' (see [`SlicePlan`] and
    /// [`crate::slice`] for which indicators are bit-exact and which converged).
    pub fn slice_plan(&self) -> SlicePlan {
        self.slice_plan
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

    /// The indicator graph (for the streaming evaluator).
    pub(crate) fn indicator_set(&self) -> &IndicatorSet {
        &self.indicators
    }

    /// entry_long, exit_long, entry_short, exit_short; `None` = never fires.
    pub(crate) fn rules(&self) -> &[Option<BoolNode>; 4] {
        &self.rules
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
        let refs: Vec<&[f64]> = outputs.iter().map(Vec::as_slice).collect();
        self.signals_from(bars, &refs)
    }

    /// The four rules over `bars` given the indicator output columns already computed
    /// (`outputs[c]` = output column c in definition order, each len n).
    pub(crate) fn signals_from(&self, bars: &BarsRef, outputs: &[&[f64]]) -> Signals {
        let n = bars.len();
        let cols = Columns { bars, outputs, n };
        // A rule written twice (the usual `exit_long` = `entry_short`) is evaluated once.
        let mut done: [Option<Vec<bool>>; 4] = Default::default();
        for i in 0..4 {
            let flags = match &self.rules[i] {
                None => vec![false; n],
                Some(r) => match (0..i).find(|&j| self.rules[j].as_ref() == Some(r)) {
                    Some(j) => done[j].clone().expect("evaluated before"),
                    None => fires(r, &cols),
                },
            };
            done[i] = Some(flags);
        }
        let [el, xl, es, xs] = done.map(|f| f.expect("all four evaluated"));
        Signals {
            entry_long: el,
            exit_long: xl,
            entry_short: es,
            exit_short: xs,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::eval::fires_kleene;
    use crate::testing::aapl;

    /// Asserts every rule's `signals` column equals the plain Kleene evaluation;
    /// returns how many flags fired.
    fn assert_signals_match_kleene(s: &Strategy, bars: &BarsRef) -> usize {
        let outputs = s.indicators.compute(bars);
        let sig = s.signals_with(bars, &outputs);
        let refs: Vec<&[f64]> = outputs.iter().map(Vec::as_slice).collect();
        let cols = Columns {
            bars,
            outputs: &refs,
            n: bars.len(),
        };
        let got = [
            &sig.entry_long,
            &sig.exit_long,
            &sig.entry_short,
            &sig.exit_short,
        ];
        let mut fired = 0;
        for (rule, got) in s.rules.iter().zip(got) {
            let want = rule
                .as_ref()
                .map_or_else(|| vec![false; bars.len()], |r| fires_kleene(r, &cols));
            assert_eq!(got, &want, "{}: rule {rule:?}", s.name);
            fired += got.iter().filter(|&&x| x).count();
        }
        fired
    }

    #[test]
    fn signals_equal_the_kleene_evaluation_on_aapl_with_and_without_gaps() {
        let specs = [
            r#"{"name": "sma cross", "indicators": {"fast": {"kind": "sma", "period": 10},
                "slow": {"kind": "sma", "period": 20}},
                "entry_long": "crossover(fast, slow)", "exit_long": "crossunder(fast, slow)",
                "entry_short": "crossunder(fast, slow)", "exit_short": "crossover(fast, slow)"}"#,
            r#"{"name": "mixed", "indicators": {"fast": {"kind": "ema", "period": 5},
                "slow": {"kind": "sma", "period": 30}, "r": {"kind": "rsi", "period": 14}},
                "entry_long": "crossover(fast, slow) and r < 60 or close > prev(high, 1)",
                "exit_long": "not (fast > slow) or crossunder(r, 70)",
                "entry_short": "r != 50 and prev(crossunder(close, open), 1)",
                "exit_short": "close == open or crossover(close - open, 0)"}"#,
        ];
        let [open, high, low, close, volume] = aapl();
        // Prices rounded to whole dollars give ties (open == close, fast == slow);
        // every 37th bar NaN gives gaps inside the indicators and the rules.
        let gappy = |v: &Vec<f64>| -> Vec<f64> {
            v.iter()
                .enumerate()
                .map(|(i, x)| if i % 37 == 5 { f64::NAN } else { x.round() })
                .collect()
        };
        let g = [&open, &high, &low, &close, &volume].map(gappy);
        for spec in specs {
            let s = Strategy::from_json(spec).expect("valid spec");
            let bars = BarsRef {
                open: &open,
                high: &high,
                low: &low,
                close: &close,
                volume: &volume,
            };
            assert!(assert_signals_match_kleene(&s, &bars) > 0);
            let bars = BarsRef {
                open: &g[0],
                high: &g[1],
                low: &g[2],
                close: &g[3],
                volume: &g[4],
            };
            assert!(assert_signals_match_kleene(&s, &bars) > 0);
        }
    }
}
