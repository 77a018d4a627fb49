//! The `indicators` section as a graph: names checked, inputs resolved (price
//! fields or other indicators), cycles rejected, evaluation order and lookbacks
//! fixed once. [`compute`] then runs it over bars.

mod compute;

use barstream_model::{BarsRef, PriceField};

use crate::error::SpecError;
use crate::expr::compile::{NamePart, Resolve, FUNCTIONS};
use crate::expr::parser::is_reserved_keyword;
use crate::signals::ColId;
use crate::slice;
use crate::spec::indicator::{Kind, RawIndicator};
use crate::spec::ordered_map::OrderedMap;

/// One checked indicator.
#[derive(Debug, Clone)]
pub(crate) struct Indicator {
    pub name: String,
    pub kind: Kind,
    /// The column it reads (`close` unless `input` says otherwise); unused by atr/donchian.
    pub input: ColId,
    /// Index of its first output column.
    pub first_col: usize,
}

/// All indicators of a spec, ready to compute.
#[derive(Debug, Clone)]
pub(crate) struct IndicatorSet {
    /// In definition order.
    defs: Vec<Indicator>,
    /// Indices into `defs`, inputs before their readers.
    order: Vec<usize>,
    /// Output column names (`fast`, `bb.upper`), definition order.
    columns: Vec<String>,
    /// Per output column: bars before its first defined value.
    lookbacks: Vec<usize>,
    /// Per output column: first bar of a stride-aligned slice at which it equals the
    /// whole series' column (see [`crate::slice`]).
    exact: Vec<usize>,
    /// Anchor stride a slice must be aligned to (1 without running sums).
    align: usize,
    /// Per def: its identity (kind, parameters, input) as a canonical string, equal for
    /// two defs of any two specs exactly when they compute the same series.
    keys: Vec<String>,
}

impl IndicatorSet {
    /// Checks and links the `indicators` section.
    ///
    /// # Errors
    /// Bad names, bad parameters, unknown inputs and cycles, at
    /// `indicators.<name>[.<field>]`.
    pub(crate) fn build(raw: &OrderedMap<RawIndicator>) -> Result<IndicatorSet, SpecError> {
        let mut defs = Vec::with_capacity(raw.0.len());
        let mut inputs = Vec::with_capacity(raw.0.len());
        let mut columns = Vec::new();
        for (name, r) in &raw.0 {
            let path = format!("indicators.{name}");
            check_name(name, &path)?;
            let (kind, input) = r.validate(&path)?;
            let first_col = columns.len();
            for out in kind.outputs() {
                columns.push(if out.is_empty() {
                    name.clone()
                } else {
                    format!("{name}.{out}")
                });
            }
            defs.push(Indicator {
                name: name.clone(),
                kind,
                input: ColId::Price(PriceField::Close),
                first_col,
            });
            inputs.push(input);
        }
        let mut set = IndicatorSet {
            defs,
            order: Vec::new(),
            columns,
            lookbacks: Vec::new(),
            exact: Vec::new(),
            align: 1,
            keys: Vec::new(),
        };
        for (i, input) in inputs.iter().enumerate() {
            if let Some(text) = input {
                let (name, output) = match text.split_once('.') {
                    Some((n, o)) => (n, Some(o)),
                    None => (text.as_str(), None),
                };
                set.defs[i].input = set.resolve(name, output).map_err(|(_, msg)| {
                    SpecError::new(format!("indicators.{}.input", set.defs[i].name), msg)
                })?;
            }
        }
        set.order = set.topological_order()?;
        set.keys = vec![String::new(); set.defs.len()];
        for &i in &set.order {
            let d = &set.defs[i];
            // Names are local to a spec; the key spells the input out recursively.
            let input = match (d.kind.takes_input(), d.input) {
                (false, _) => "bars".to_string(),
                (true, ColId::Price(f)) => f.name().to_string(),
                (true, ColId::Output(c)) => {
                    let dep = set.def_of(d.input).expect("resolved input");
                    format!("{}#{}", set.keys[dep], c - set.defs[dep].first_col)
                }
            };
            set.keys[i] = format!("{:?}<{input}>", d.kind);
        }
        set.lookbacks = vec![0; set.columns.len()];
        for &i in &set.order {
            let d = &set.defs[i];
            let base = if d.kind.takes_input() {
                set.lookback(d.input)
            } else {
                0
            };
            for k in 0..d.kind.outputs().len() {
                set.lookbacks[d.first_col + k] = base + d.kind.lookback();
            }
        }
        set.exact = vec![0; set.columns.len()];
        for &i in &set.order {
            let d = &set.defs[i];
            let (in_exact, in_lookback) = match d.input {
                ColId::Output(c) if d.kind.takes_input() => (set.exact[c], set.lookbacks[c]),
                _ => (0, 0),
            };
            let e = slice::exact_from(&d.kind, in_exact, in_lookback);
            for k in 0..d.kind.outputs().len() {
                set.exact[d.first_col + k] = e;
            }
            set.align = set.align.max(slice::align(&d.kind));
        }
        Ok(set)
    }

    /// Indices of `defs` so that every input comes before its reader.
    ///
    /// # Errors
    /// A cycle, as `indicators.<name>.input: cycle: a -> b -> a`.
    fn topological_order(&self) -> Result<Vec<usize>, SpecError> {
        // 0 = unvisited, 1 = on the current path, 2 = done.
        let mut state = vec![0u8; self.defs.len()];
        let mut order = Vec::with_capacity(self.defs.len());
        for start in 0..self.defs.len() {
            let mut path = Vec::new();
            self.visit(start, &mut state, &mut path, &mut order)?;
        }
        Ok(order)
    }

    fn visit(
        &self,
        i: usize,
        state: &mut [u8],
        path: &mut Vec<usize>,
        order: &mut Vec<usize>,
    ) -> Result<(), SpecError> {
        match state[i] {
            2 => return Ok(()),
            1 => {
                let from = path.iter().position(|&p| p == i).unwrap_or(0);
                let mut names: Vec<&str> = path[from..]
                    .iter()
                    .map(|&p| self.defs[p].name.as_str())
                    .collect();
                names.push(&self.defs[i].name);
                return Err(SpecError::new(
                    format!("indicators.{}.input", self.defs[i].name),
                    format!("cycle: {}", names.join(" -> ")),
                ));
            }
            _ => {}
        }
        state[i] = 1;
        path.push(i);
        if let Some(dep) = self
            .def_of(self.defs[i].input)
            .filter(|_| self.defs[i].kind.takes_input())
        {
            self.visit(dep, state, path, order)?;
        }
        path.pop();
        state[i] = 2;
        order.push(i);
        Ok(())
    }

    /// The indicator owning output column `col`, if it is one.
    fn def_of(&self, col: ColId) -> Option<usize> {
        match col {
            ColId::Output(c) => self.defs.iter().rposition(|d| d.first_col <= c),
            ColId::Price(_) => None,
        }
    }

    /// The indicators in definition order.
    pub(crate) fn defs(&self) -> &[Indicator] {
        &self.defs
    }

    /// Indices into [`IndicatorSet::defs`], every input before its readers.
    pub(crate) fn order(&self) -> &[usize] {
        &self.order
    }

    /// Output column names (`fast`, `bb.upper`, ...) in definition order.
    pub(crate) fn column_names(&self) -> &[String] {
        &self.columns
    }

    /// Per output column, the first bar of a stride-aligned slice at which it is exact.
    pub(crate) fn exact_columns(&self) -> &[usize] {
        &self.exact
    }

    /// Anchor stride a slice start must be a multiple of (1 without running sums).
    pub(crate) fn align(&self) -> usize {
        self.align
    }

    /// The largest lookback over all output columns (0 without indicators).
    pub(crate) fn max_lookback(&self) -> usize {
        self.lookbacks.iter().copied().max().unwrap_or(0)
    }

    /// Computes every output column over `bars` (each len n, NaN during warm-up).
    pub(crate) fn compute(&self, bars: &BarsRef) -> Vec<Vec<f64>> {
        let mut cols: Vec<Vec<f64>> = vec![Vec::new(); self.columns.len()];
        for &i in &self.order {
            let d = &self.defs[i];
            let input: &[f64] = match d.input {
                ColId::Price(f) => bars.field(f),
                ColId::Output(c) => &cols[c],
            };
            let outputs = compute::run(d.kind, input, bars);
            for (k, out) in outputs.into_iter().enumerate() {
                cols[d.first_col + k] = out;
            }
        }
        cols
    }

    /// Per def (definition order), its identity key (kind, parameters, input).
    pub(crate) fn keys(&self) -> &[String] {
        &self.keys
    }

    /// Computes the defs missing from `shared` (in dependency order) and stores them
    /// under their keys; counts every def as requested and each new one as computed.
    pub(crate) fn compute_shared(&self, shared: &mut crate::shared::SharedSeries) {
        for &i in &self.order {
            let d = &self.defs[i];
            shared.requested += 1;
            if shared.series.contains_key(&self.keys[i]) {
                continue;
            }
            let outputs = {
                let input: &[f64] = match (d.kind.takes_input(), d.input) {
                    (true, ColId::Output(c)) => {
                        let dep = self.def_of(d.input).expect("resolved input");
                        &shared.series[&self.keys[dep]][c - self.defs[dep].first_col]
                    }
                    (true, ColId::Price(f)) => shared.bars.field(f),
                    (false, _) => &[],
                };
                compute::run(d.kind, input, &shared.bars)
            };
            shared.computed += 1;
            shared.series.insert(self.keys[i].clone(), outputs);
        }
    }

    /// The output columns (definition order) from `shared`, which must hold every def.
    ///
    /// # Panics
    /// If [`IndicatorSet::compute_shared`] was not called on `shared` for this set.
    pub(crate) fn columns_from<'s>(
        &self,
        shared: &'s crate::shared::SharedSeries,
    ) -> Vec<&'s [f64]> {
        let mut cols = Vec::with_capacity(self.columns.len());
        for (d, key) in self.defs.iter().zip(&self.keys) {
            let outs = shared
                .series
                .get(key)
                .expect("SharedSeries: compute_shared was not called for this strategy");
            cols.extend(outs.iter().take(d.kind.outputs().len()).map(Vec::as_slice));
        }
        cols
    }

    /// Every name a rule or an input can use, for error messages.
    fn known(&self) -> String {
        let mut all: Vec<&str> = self.columns.iter().map(String::as_str).collect();
        all.extend(PriceField::ALL.iter().map(|f| f.name()));
        all.join(", ")
    }
}

impl Resolve for IndicatorSet {
    fn resolve(&self, name: &str, output: Option<&str>) -> Result<ColId, (NamePart, String)> {
        if let Some(f) = PriceField::parse(name) {
            return match output {
                None => Ok(ColId::Price(f)),
                Some(_) => Err((
                    NamePart::Output,
                    format!("price field '{name}' has no outputs"),
                )),
            };
        }
        let Some(d) = self.defs.iter().find(|d| d.name == name) else {
            return Err((
                NamePart::Name,
                format!("unknown name '{name}' (known: {})", self.known()),
            ));
        };
        let outs = d.kind.outputs();
        match output {
            None if outs.len() == 1 => Ok(ColId::Output(d.first_col)),
            None => {
                let dotted: Vec<String> = outs.iter().map(|o| format!("{name}.{o}")).collect();
                Err((
                    NamePart::Name,
                    format!(
                        "'{name}' has several outputs; use one of {}",
                        dotted.join(", ")
                    ),
                ))
            }
            Some(o) if outs.len() == 1 => Err((
                NamePart::Output,
                format!("'{name}' has a single output; write '{name}', not '{name}.{o}'"),
            )),
            Some(o) => match outs.iter().position(|x| *x == o) {
                Some(k) => Ok(ColId::Output(d.first_col + k)),
                None => Err((
                    NamePart::Output,
                    format!(
                        "unknown output '{o}' of '{name}' (outputs: {})",
                        outs.join(", ")
                    ),
                )),
            },
        }
    }

    fn lookback(&self, col: ColId) -> usize {
        match col {
            ColId::Price(_) => 0,
            ColId::Output(c) => self.lookbacks[c],
        }
    }
}

/// Indicator names must be identifiers that do not shadow a price field, a
/// keyword or a function.
fn check_name(name: &str, path: &str) -> Result<(), SpecError> {
    let mut chars = name.chars();
    let ident = chars.next().is_some_and(|c| c.is_alphabetic() || c == '_')
        && chars.all(|c| c.is_alphanumeric() || c == '_');
    if !ident {
        return Err(SpecError::new(
            path,
            "an indicator name must be letters, digits and '_', not starting with a digit",
        ));
    }
    if PriceField::parse(name).is_some() || is_reserved_keyword(name) || FUNCTIONS.contains(&name) {
        return Err(SpecError::new(
            path,
            format!(
                "'{name}' is reserved (a price field, keyword or function); choose another name"
            ),
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn build(json: &str) -> Result<IndicatorSet, SpecError> {
        IndicatorSet::build(&serde_json::from_str(json).unwrap())
    }

    fn err(json: &str) -> String {
        build(json).unwrap_err().to_string()
    }

    #[test]
    fn multi_output_indicators_take_one_column_per_output() {
        let s = build(
            r#"{"f": {"kind": "sma", "period": 3}, "bb": {"kind": "bbands", "period": 5},
                          "m": {"kind": "macd", "fast": 2, "slow": 4, "signal": 3}}"#,
        )
        .unwrap();
        assert_eq!(
            s.column_names(),
            [
                "f",
                "bb.upper",
                "bb.middle",
                "bb.lower",
                "m.macd",
                "m.signal",
                "m.hist"
            ]
        );
        assert_eq!(s.resolve("m", Some("hist")), Ok(ColId::Output(6)));
    }

    #[test]
    fn chained_lookbacks_add_up_in_any_definition_order() {
        let s = build(r#"{"smooth": {"kind": "ema", "period": 5, "input": "r"}, "r": {"kind": "rsi", "period": 14},
                          "mid": {"kind": "sma", "period": 3, "input": "bb.middle"}, "bb": {"kind": "bbands", "period": 20}}"#)
        .unwrap();
        assert_eq!(s.lookback(ColId::Output(0)), 14 + 4);
        assert_eq!(s.lookback(ColId::Output(2)), 19 + 2);
        assert_eq!(s.max_lookback(), 21);
        // r is computed before smooth, bb before mid.
        assert_eq!(s.order, [1, 0, 3, 2]);
    }

    #[test]
    fn cycles_and_unknown_inputs_are_rejected() {
        assert_eq!(
            err(
                r#"{"a": {"kind": "ema", "period": 5, "input": "b"}, "b": {"kind": "sma", "period": 5, "input": "a"}}"#
            ),
            "indicators.a.input: cycle: a -> b -> a"
        );
        assert_eq!(
            err(r#"{"a": {"kind": "ema", "period": 5, "input": "a"}}"#),
            "indicators.a.input: cycle: a -> a"
        );
        assert_eq!(
            err(r#"{"a": {"kind": "ema", "period": 5, "input": "closee"}}"#),
            "indicators.a.input: unknown name 'closee' (known: a, open, high, low, close, volume)"
        );
        assert_eq!(
            err(r#"{"bb": {"kind": "bbands", "period": 5}, "a": {"kind": "ema", "period": 5, "input": "bb"}}"#),
            "indicators.a.input: 'bb' has several outputs; use one of bb.upper, bb.middle, bb.lower"
        );
    }

    #[test]
    fn names_must_be_identifiers_and_not_reserved() {
        assert_eq!(
            err(r#"{"close": {"kind": "sma", "period": 5}}"#),
            "indicators.close: 'close' is reserved (a price field, keyword or function); choose another name"
        );
        assert_eq!(
            err(r#"{"prev": {"kind": "sma", "period": 5}}"#),
            "indicators.prev: 'prev' is reserved (a price field, keyword or function); choose another name"
        );
        assert_eq!(
            err(r#"{"sma-10": {"kind": "sma", "period": 5}}"#),
            "indicators.sma-10: an indicator name must be letters, digits and '_', not starting with a digit"
        );
    }

    #[test]
    fn rule_names_resolve_with_helpful_errors() {
        let s = build(
            r#"{"fast": {"kind": "sma", "period": 3}, "bb": {"kind": "bbands", "period": 5}}"#,
        )
        .unwrap();
        assert_eq!(
            s.resolve("close", None),
            Ok(ColId::Price(PriceField::Close))
        );
        assert_eq!(
            s.resolve("fast", Some("upper")),
            Err((
                NamePart::Output,
                "'fast' has a single output; write 'fast', not 'fast.upper'".into()
            ))
        );
        assert_eq!(
            s.resolve("bb", Some("top")),
            Err((
                NamePart::Output,
                "unknown output 'top' of 'bb' (outputs: upper, middle, lower)".into()
            ))
        );
        assert_eq!(
            s.resolve("close", Some("x")),
            Err((
                NamePart::Output,
                "price field 'close' has no outputs".into()
            ))
        );
    }
}
