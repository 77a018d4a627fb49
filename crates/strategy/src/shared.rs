//! [`SharedSeries`]: indicator series shared by many strategies over the same bars, for
//! parameter sweeps. Each distinct indicator (kind, parameters, input; chained inputs
//! spelled out) is computed once, whatever the number of specs that use it.

use std::collections::HashMap;

use barstream_model::BarsRef;

use crate::signals::Signals;
use crate::strategy::Strategy;

/// Indicator output series over one symbol's bars, keyed by the indicator's identity
/// (kind, parameters and input, as [`Strategy::indicator_keys`] spells it).
///
/// Fill it with [`Strategy::prepare_shared`] for every strategy, then evaluate each with
/// [`Strategy::signals_shared`]; the signals equal [`Strategy::signals`] bit for bit (the
/// same indicator calls on the same inputs, the same rule evaluation).
#[derive(Debug)]
pub struct SharedSeries<'b> {
    pub(crate) bars: BarsRef<'b>,
    /// Key -> the def's output columns (each len n) in `Kind::outputs` order.
    pub(crate) series: HashMap<String, Vec<Vec<f64>>>,
    pub(crate) computed: usize,
    pub(crate) requested: usize,
}

impl<'b> SharedSeries<'b> {
    /// An empty set of series over `bars` (OHLCV columns of one symbol, each len n).
    pub fn new(bars: BarsRef<'b>) -> SharedSeries<'b> {
        SharedSeries {
            bars,
            series: HashMap::new(),
            computed: 0,
            requested: 0,
        }
    }

    /// The bars the series are computed over.
    pub fn bars(&self) -> &BarsRef<'b> {
        &self.bars
    }

    /// Distinct indicators computed so far.
    pub fn computed(&self) -> usize {
        self.computed
    }

    /// Indicators requested so far, summed over every [`Strategy::prepare_shared`] call
    /// (one per indicator of each spec).
    pub fn requested(&self) -> usize {
        self.requested
    }
}

impl Strategy {
    /// Per indicator of the spec (definition order), its identity key: kind with
    /// parameters and the input, chained inputs spelled out, e.g.
    /// `Ema { period: 5 }<Rsi { period: 14 }<close>#0>`. Two indicators of any two specs
    /// compute the same series exactly when their keys are equal.
    pub fn indicator_keys(&self) -> &[String] {
        self.indicator_set().keys()
    }

    /// Computes this spec's indicators that `shared` does not hold yet.
    pub fn prepare_shared(&self, shared: &mut SharedSeries) {
        self.indicator_set().compute_shared(shared);
    }

    /// [`Strategy::signals`] over `shared`'s bars, reading the indicator series from
    /// `shared` instead of computing them. Equal to `self.signals(shared.bars())`.
    ///
    /// # Panics
    /// If [`Strategy::prepare_shared`] was not called with `shared` for this strategy.
    pub fn signals_shared(&self, shared: &SharedSeries) -> Signals {
        let cols = self.indicator_set().columns_from(shared);
        self.signals_from(&shared.bars, &cols)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::aapl;

    fn spec(fast: usize, slow: usize, smooth: usize) -> Strategy {
        Strategy::from_json(&format!(
            r#"{{"name": "s", "indicators": {{"f": {{"kind": "sma", "period": {fast}}},
               "s": {{"kind": "sma", "period": {slow}}}, "r": {{"kind": "rsi", "period": 14}},
               "sm": {{"kind": "ema", "period": {smooth}, "input": "r"}},
               "bb": {{"kind": "bbands", "period": 20}}}},
               "entry_long": "crossover(f, s) and sm < 60", "exit_long": "crossunder(f, s)",
               "entry_short": "close > bb.upper", "exit_short": "crossover(f, bb.middle)"}}"#
        ))
        .unwrap()
    }

    #[test]
    fn shared_signals_equal_plain_signals_and_each_distinct_indicator_is_computed_once() {
        let [o, h, l, c, v] = aapl();
        let bars = BarsRef {
            open: &o,
            high: &h,
            low: &l,
            close: &c,
            volume: &v,
        };
        let specs: Vec<Strategy> = [(5, 20, 3), (10, 20, 3), (5, 30, 3), (5, 20, 9)]
            .iter()
            .map(|&(a, b, s)| spec(a, b, s))
            .collect();
        let mut shared = SharedSeries::new(bars);
        for s in &specs {
            s.prepare_shared(&mut shared);
        }
        // Distinct: sma 5, 10, 20, 30; rsi 14; ema 3 and 9 of rsi; bbands 20.
        assert_eq!(shared.computed(), 8);
        assert_eq!(shared.requested(), 4 * 5);
        let mut fired = 0;
        for s in &specs {
            let got = s.signals_shared(&shared);
            assert_eq!(got, s.signals(&bars));
            fired += got.entry_long.iter().filter(|&&x| x).count();
        }
        assert!(fired > 0);
    }

    #[test]
    fn keys_spell_chained_inputs_and_ignore_names() {
        let a = spec(5, 20, 3);
        let b = Strategy::from_json(
            r#"{"name": "t", "indicators": {"x": {"kind": "rsi", "period": 14},
               "y": {"kind": "ema", "period": 3, "input": "x"}}, "entry_long": "y > 50"}"#,
        )
        .unwrap();
        assert_eq!(a.indicator_keys()[3], b.indicator_keys()[1]);
        assert_eq!(
            b.indicator_keys()[1],
            "Ema { period: 3 }<Rsi { period: 14 }<close>#0>"
        );
    }
}
