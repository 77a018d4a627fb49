//! Every combination's validated strategy, and the indicators they share per symbol.

use std::collections::HashMap;

use barstream_engine::run::config_for;
use barstream_engine::ReplayConfig;
use barstream_model::Bars;
use barstream_strategy::{SharedSeries, Strategy};
use serde_json::Value;

use crate::grid::Grid;
use crate::substitute;

/// A grid expanded against a base spec. Combination c's strategy and replay settings are
/// built on demand ([`Plan::combo`]): a run builds them one pass at a time, so memory does not
/// grow with the number of combinations beyond the result rows.
#[derive(Debug)]
pub struct Plan {
    /// The combinations.
    pub grid: Grid,
    /// The base spec as JSON.
    doc: Value,
    /// Cash, costs, fill timing, ambiguity policy.
    base: ReplayConfig,
}

/// One combination, ready to run.
#[derive(Debug, Clone)]
pub struct Combo {
    /// The base spec with the combination's values substituted.
    pub strategy: Strategy,
    /// The base settings with the combination's sizing and risk.
    pub config: ReplayConfig,
}

impl Plan {
    /// Expands `grid_json` against the spec `spec_json` and validates every combination's
    /// spec with [`Strategy::from_json`] (the one place specs are checked) and its replay
    /// settings (`base` with the combination's sizing and risk).
    ///
    /// # Errors
    /// The base spec's error (`strategy spec: ...`), a grid error at its JSON path (see
    /// [`Grid::expand`]), or `combination <id> (<path>=<value>, ...): <spec error>`.
    pub fn build(spec_json: &str, grid_json: &str, base: &ReplayConfig) -> Result<Plan, String> {
        Strategy::from_json(spec_json).map_err(|e| format!("strategy spec: {e}"))?;
        let grid = Grid::expand(spec_json, grid_json)?;
        let doc: Value =
            serde_json::from_str(spec_json).map_err(|e| format!("strategy spec: {e}"))?;
        let plan = Plan {
            grid,
            doc,
            base: *base,
        };
        for c in 0..plan.grid.combos {
            plan.combo(c)?;
        }
        Ok(plan)
    }

    /// Combination `c`'s strategy spec: the base spec JSON with its values substituted (not yet
    /// validated; [`Plan::combo`] validates it). This is the spec a plain `backtest` of the
    /// combination runs.
    ///
    /// # Errors
    /// `combination <id> (<path>=<value>, ...): <substitution error>`.
    ///
    /// # Panics
    /// If `c >= self.grid.combos`.
    pub fn combo_spec(&self, c: usize) -> Result<String, String> {
        let grid = &self.grid;
        let mut spec = self.doc.clone();
        for (path, &v) in grid.paths.iter().zip(grid.combo(c)) {
            substitute::set(&mut spec, path, v)
                .map_err(|e| format!("combination {c} ({}): {e}", grid.describe(c)))?;
        }
        Ok(spec.to_string())
    }

    /// Combination `c`'s strategy and replay settings.
    ///
    /// # Errors
    /// `combination <id> (<path>=<value>, ...): <spec or settings error>`.
    ///
    /// # Panics
    /// If `c >= self.grid.combos`.
    pub fn combo(&self, c: usize) -> Result<Combo, String> {
        let fail = |e: String| format!("combination {c} ({}): {e}", self.grid.describe(c));
        let spec = self.combo_spec(c)?;
        let strategy = Strategy::from_json(&spec).map_err(|e| fail(e.to_string()))?;
        let config = config_for(&strategy, &self.base);
        config.validate().map_err(|e| fail(e.to_string()))?;
        Ok(Combo { strategy, config })
    }

    /// Computes, over one symbol's `bars`, every distinct indicator of `combos` (and each
    /// distinct ATR of an ATR stop), once each.
    pub fn share<'b>(&self, combos: &[Combo], bars: Bars<'b>) -> Shared<'b> {
        let mut series = SharedSeries::new(bars.view());
        let mut atr = HashMap::new();
        let mut atr_requested = 0;
        for c in combos {
            c.strategy.prepare_shared(&mut series);
            if let Some((period, _)) = c.config.risk.atr_stop {
                atr_requested += 1;
                atr.entry(period).or_insert_with(|| {
                    barstream_indicators::atr(bars.high, bars.low, bars.close, period)
                });
            }
        }
        Shared {
            computed: series.computed() + atr.len(),
            requested: series.requested() + atr_requested,
            series,
            atr,
        }
    }
}

/// The indicator series of one symbol shared by a range of combinations.
#[derive(Debug)]
pub struct Shared<'b> {
    /// Strategy indicators by identity.
    pub series: SharedSeries<'b>,
    /// ATR (Wilder, TA-Lib) per ATR-stop period, len n.
    pub atr: HashMap<usize, Vec<f64>>,
    /// Distinct series computed (indicators + ATR-stop ATRs).
    pub computed: usize,
    /// Series requested by the combinations, one per indicator (and ATR stop) of each.
    pub requested: usize,
}
