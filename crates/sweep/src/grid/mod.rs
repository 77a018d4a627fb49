//! The grid file (JSON): which spec parameters to sweep over which values, constraints
//! between them and optional seeded sampling; expanded into the list of combinations.
//!
//! Format (contract: `docs/sweep-api.md`):
//! `{"params": {"<dot path>": [v, ...] | {"from", "to", "step"}, ...},
//!   "constraints": ["<path|number> <op> <path|number>", ...], "sample": {"n", "seed"}}`.
//! Expansion order (= combination id): lexicographic over `params` in file order, the last
//! parameter fastest; constraints filter; sampling keeps `n` of the rest, in id order.

pub mod constraint;
pub mod range;
pub mod sample;

use barstream_strategy::spec::ordered_map::OrderedMap;
use serde::Deserialize;
use serde_json::Value;

use constraint::Constraint;

/// Most combinations a full grid may have before constraints and sampling.
pub const MAX_FULL_GRID: usize = 50_000_000;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct GridFile {
    params: OrderedMap<Value>,
    #[serde(default)]
    constraints: Vec<String>,
    #[serde(default)]
    sample: Option<SampleSpec>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct SampleSpec {
    n: usize,
    seed: u64,
}

/// An expanded grid: the combinations to run.
#[derive(Debug, Clone, PartialEq)]
pub struct Grid {
    /// Parameter dot paths into the spec, file order.
    pub paths: Vec<String>,
    /// Parameter values, combos x paths, row-major: combo c's value of path k is
    /// `values[c * paths.len() + k]`.
    pub values: Vec<f64>,
    /// Number of combinations (after constraints and sampling).
    pub combos: usize,
    /// Size of the full grid, before constraints and sampling.
    pub full_grid_size: usize,
}

impl Grid {
    /// Validates `grid_json` against the base spec `spec` (JSON) and expands it.
    ///
    /// # Errors
    /// A message starting with the JSON path of the problem (`params.risk.stop_loss.step:
    /// must be > 0, got 0`, `constraints[0]: ...`, `sample.n: ...`), or naming the spec when
    /// it is not a JSON object.
    pub fn expand(spec: &str, grid_json: &str) -> Result<Grid, String> {
        let spec: Value = serde_json::from_str(spec).map_err(|e| format!("strategy spec: {e}"))?;
        let de = &mut serde_json::Deserializer::from_str(grid_json);
        let file: GridFile = serde_path_to_error::deserialize(de).map_err(|e| {
            let path = e.path().to_string();
            if path == "." {
                format!("grid: {}", e.inner())
            } else {
                format!("{path}: {}", e.inner())
            }
        })?;
        if file.params.0.is_empty() {
            return Err("params: give at least one parameter to sweep".into());
        }
        let paths: Vec<String> = file.params.0.iter().map(|(p, _)| p.clone()).collect();
        let lists: Vec<Vec<f64>> = file
            .params
            .0
            .iter()
            .map(|(p, v)| range::values(&format!("params.{p}"), v))
            .collect::<Result<_, _>>()?;
        let full = lists
            .iter()
            .try_fold(1usize, |acc, l| acc.checked_mul(l.len()))
            .filter(|&n| n <= MAX_FULL_GRID)
            .ok_or_else(|| {
                format!("params: the full grid has more than {MAX_FULL_GRID} combinations")
            })?;
        let constraints: Vec<Constraint> = file
            .constraints
            .iter()
            .enumerate()
            .map(|(i, c)| Constraint::parse(&format!("constraints[{i}]"), c, &paths, &spec))
            .collect::<Result<_, _>>()?;
        let k = paths.len();
        let mut values = Vec::new();
        let mut row = vec![0.0; k];
        for id in 0..full {
            // Mixed-radix digits of `id`, the last parameter fastest.
            let mut rest = id;
            for j in (0..k).rev() {
                row[j] = lists[j][rest % lists[j].len()];
                rest /= lists[j].len();
            }
            if constraints.iter().all(|c| c.holds(&row)) {
                values.extend_from_slice(&row);
            }
        }
        let mut combos = values.len() / k;
        if combos == 0 {
            return Err("constraints: no combination of the grid satisfies them".into());
        }
        if let Some(s) = file.sample {
            if s.n == 0 {
                return Err("sample.n: must be at least 1".into());
            }
            let keep = sample::sample(combos, s.n, s.seed);
            values = keep
                .iter()
                .flat_map(|&c| values[c * k..(c + 1) * k].iter().copied())
                .collect();
            combos = keep.len();
        }
        Ok(Grid {
            paths,
            values,
            combos,
            full_grid_size: full,
        })
    }

    /// Combination `c`'s values, one per path.
    ///
    /// # Panics
    /// If `c >= self.combos`.
    pub fn combo(&self, c: usize) -> &[f64] {
        let k = self.paths.len();
        &self.values[c * k..(c + 1) * k]
    }

    /// `path=value, ...` for combination `c` (error messages).
    pub fn describe(&self, c: usize) -> String {
        self.paths
            .iter()
            .zip(self.combo(c))
            .map(|(p, v)| format!("{p}={v}"))
            .collect::<Vec<_>>()
            .join(", ")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const SPEC: &str = r#"{"name": "x", "indicators": {"fast": {"kind": "sma", "period": 10},
        "slow": {"kind": "sma", "period": 30}}, "entry_long": "crossover(fast, slow)"}"#;

    #[test]
    fn expansion_is_lexicographic_in_file_order_with_the_last_param_fastest() {
        let g = Grid::expand(
            SPEC,
            r#"{"params": {"indicators.slow.period": [20, 30], "indicators.fast.period": {"from": 5, "to": 15, "step": 5},
                "risk.stop_loss": {"from": 0.02, "to": 0.06, "step": 0.02}}}"#,
        )
        .unwrap();
        assert_eq!(
            g.paths,
            [
                "indicators.slow.period",
                "indicators.fast.period",
                "risk.stop_loss"
            ]
        );
        assert_eq!((g.combos, g.full_grid_size), (18, 18));
        assert_eq!(g.combo(0), [20.0, 5.0, 0.02]);
        assert_eq!(g.combo(1), [20.0, 5.0, 0.04]);
        assert_eq!(g.combo(2), [20.0, 5.0, 0.06]);
        assert_eq!(g.combo(3), [20.0, 10.0, 0.02]);
        assert_eq!(g.combo(17), [30.0, 15.0, 0.06]);
    }

    #[test]
    fn constraints_filter_and_sampling_keeps_distinct_ids_in_order() {
        let grid = r#"{"params": {"indicators.fast.period": {"from": 5, "to": 50, "step": 5},
            "indicators.slow.period": [20, 30, 50, 100, 200]},
            "constraints": ["indicators.fast.period < indicators.slow.period"]"#;
        let all = Grid::expand(SPEC, &format!("{grid}}}")).unwrap();
        assert_eq!(all.full_grid_size, 50);
        // fast < slow by hand: slow 20 -> 3 fasts (5, 10, 15), 30 -> 5, 50 -> 9, 100 -> 10, 200 -> 10.
        assert_eq!(all.combos, 3 + 5 + 9 + 10 + 10);
        assert!((0..all.combos).all(|c| all.combo(c)[0] < all.combo(c)[1]));
        let s = Grid::expand(
            SPEC,
            &format!(r#"{grid}, "sample": {{"n": 10, "seed": 7}}}}"#),
        )
        .unwrap();
        assert_eq!(s.combos, 10);
        assert_eq!(
            s,
            Grid::expand(
                SPEC,
                &format!(r#"{grid}, "sample": {{"n": 10, "seed": 7}}}}"#)
            )
            .unwrap()
        );
        // Every sampled row is a row of the constrained grid, ids ascending.
        let ids: Vec<usize> = (0..10)
            .map(|c| {
                (0..all.combos)
                    .find(|&a| all.combo(a) == s.combo(c))
                    .unwrap()
            })
            .collect();
        assert!(ids.windows(2).all(|w| w[0] < w[1]));
    }

    #[test]
    fn grid_errors_name_the_json_path() {
        let err = |g: &str| Grid::expand(SPEC, g).unwrap_err();
        assert_eq!(
            err(r#"{"params": {"risk.stop_loss": {"from": 0.02, "to": 0.1, "step": -1}}}"#),
            "params.risk.stop_loss.step: must be > 0, got -1"
        );
        assert!(
            err(r#"{"params": {"a": [1]}, "sample": {"n": "x", "seed": 1}}"#)
                .starts_with("sample.n: invalid type")
        );
        assert!(err(r#"{"params": {"a": [1]}, "constrain": []}"#)
            .starts_with("constrain: unknown field"));
        assert_eq!(
            err(r#"{"params": {}}"#),
            "params: give at least one parameter to sweep"
        );
        assert!(err(r#"{"params": {"a": [1]}, "constraints": ["a > b"]}"#)
            .starts_with("constraints[0]: 'b' is neither"));
        assert_eq!(
            err(r#"{"params": {"a": [1]}, "constraints": ["a > 2"]}"#),
            "constraints: no combination of the grid satisfies them"
        );
    }
}
