//! The indicator graph one bar at a time, with the incremental forms of
//! `barstream-indicators`.
//!
//! Mirrors the batch path (`indicators::compute`) exactly: indicators run in the same
//! topological order, and an indicator is not fed until each column it reads has had a
//! non-NaN value (the batch path skips those leading NaNs and re-pads, as TA-Lib's
//! Python wrapper does); after that, a non-finite input is a gap that restarts the
//! indicator in both forms.

use barstream_indicators::{
    Atr, Bbands, Ema, Highest, Indicator as _, Lowest, Macd, Roc, Rsi, Sma, StdDev, Wma,
};
use serde::{Deserialize, Serialize};

use barstream_model::{Bar, PriceField};

use crate::indicators::IndicatorSet;
use crate::signals::ColId;
use crate::spec::indicator::Kind;

/// Incremental state of one indicator.
#[derive(Debug, Clone, Serialize, Deserialize)]
enum Inc {
    Sma(Sma),
    Ema(Ema),
    Wma(Wma),
    Rsi(Rsi),
    Roc(Roc),
    Stddev(StdDev),
    Highest(Highest),
    Lowest(Lowest),
    Atr(Atr),
    Bbands(Bbands),
    Macd(Macd),
    /// Highest high, lowest low.
    Donchian(Highest, Lowest),
}

impl Inc {
    fn new(kind: Kind) -> Inc {
        match kind {
            Kind::Sma { period } => Inc::Sma(Sma::new(period)),
            Kind::Ema { period } => Inc::Ema(Ema::new(period)),
            Kind::Wma { period } => Inc::Wma(Wma::new(period)),
            Kind::Rsi { period } => Inc::Rsi(Rsi::new(period)),
            Kind::Roc { period } => Inc::Roc(Roc::new(period)),
            Kind::Stddev { period, nbdev } => Inc::Stddev(StdDev::new(period, nbdev)),
            Kind::Highest { period } => Inc::Highest(Highest::new(period)),
            Kind::Lowest { period } => Inc::Lowest(Lowest::new(period)),
            Kind::Atr { period } => Inc::Atr(Atr::new(period)),
            Kind::Bbands {
                period,
                nbdev_up,
                nbdev_dn,
            } => Inc::Bbands(Bbands::new(period, nbdev_up, nbdev_dn)),
            Kind::Macd { fast, slow, signal } => Inc::Macd(Macd::new(fast, slow, signal)),
            Kind::Donchian { period } => Inc::Donchian(Highest::new(period), Lowest::new(period)),
        }
    }

    /// Name with parameters, e.g. `SMA(20)` (for the checkpoint shape check).
    fn name(&self) -> String {
        match self {
            Inc::Sma(x) => x.name(),
            Inc::Ema(x) => x.name(),
            Inc::Wma(x) => x.name(),
            Inc::Rsi(x) => x.name(),
            Inc::Roc(x) => x.name(),
            Inc::Stddev(x) => format!("{}*{}", x.name(), x.nbdev),
            Inc::Highest(x) => x.name(),
            Inc::Lowest(x) => x.name(),
            Inc::Atr(x) => x.name(),
            Inc::Bbands(x) => x.name(),
            Inc::Macd(x) => x.name(),
            Inc::Donchian(h, l) => format!("DONCHIAN({}, {})", h.name(), l.name()),
        }
    }

    /// The columns the indicator reads (the first `len` of the array): its `input`, or
    /// fixed OHLC fields.
    fn reads(kind: Kind, input: ColId) -> ([ColId; 3], usize) {
        use PriceField::{Close, High, Low};
        let (h, l, c) = (ColId::Price(High), ColId::Price(Low), ColId::Price(Close));
        match kind {
            Kind::Atr { .. } => ([h, l, c], 3),
            Kind::Donchian { .. } => ([h, l, c], 2),
            _ => ([input, input, input], 1),
        }
    }

    /// Feeds one bar; `x` holds the values of [`Inc::reads`]. Writes the outputs (NaN
    /// during warm-up) into `out`, in `Kind::outputs` order.
    fn update(&mut self, x: &[f64], out: &mut [f64]) {
        let nan = f64::NAN;
        match self {
            Inc::Sma(i) => out[0] = i.update(x[0]).unwrap_or(nan),
            Inc::Ema(i) => out[0] = i.update(x[0]).unwrap_or(nan),
            Inc::Wma(i) => out[0] = i.update(x[0]).unwrap_or(nan),
            Inc::Rsi(i) => out[0] = i.update(x[0]).unwrap_or(nan),
            Inc::Roc(i) => out[0] = i.update(x[0]).unwrap_or(nan),
            Inc::Stddev(i) => out[0] = i.update(x[0]).unwrap_or(nan),
            Inc::Highest(i) => out[0] = i.update(x[0]).unwrap_or(nan),
            Inc::Lowest(i) => out[0] = i.update(x[0]).unwrap_or(nan),
            Inc::Atr(i) => out[0] = i.update(x[0], x[1], x[2]).unwrap_or(nan),
            Inc::Bbands(i) => {
                let b = i.update(x[0]);
                out[0] = b.map_or(nan, |b| b.upper);
                out[1] = b.map_or(nan, |b| b.middle);
                out[2] = b.map_or(nan, |b| b.lower);
            }
            Inc::Macd(i) => {
                let m = i.update(x[0]);
                out[0] = m.map_or(nan, |m| m.macd);
                out[1] = m.map_or(nan, |m| m.signal);
                out[2] = m.map_or(nan, |m| m.hist);
            }
            Inc::Donchian(h, l) => {
                let upper = h.update(x[0]).unwrap_or(nan);
                let lower = l.update(x[1]).unwrap_or(nan);
                // Same expression as the batch path.
                out[0] = upper;
                out[1] = (upper + lower) / 2.0;
                out[2] = lower;
            }
        }
    }
}

/// One indicator's incremental state plus which of its inputs have been defined yet.
#[derive(Debug, Clone, Serialize, Deserialize)]
struct Node {
    inc: Inc,
    /// Bit j set once input j (of [`Inc::reads`]) has had a non-NaN value.
    seen: u8,
}

/// Every indicator of a strategy, one bar at a time.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub(crate) struct IndicatorStream {
    /// One per indicator, in the set's evaluation order.
    nodes: Vec<Node>,
    /// The current bar's value of every output column (definition order), NaN in warm-up.
    #[serde(with = "barstream_model::serde_f64::vec")]
    values: Vec<f64>,
}

impl IndicatorStream {
    /// Fresh state (no bar seen) for `set`.
    pub(crate) fn new(set: &IndicatorSet) -> IndicatorStream {
        IndicatorStream {
            nodes: set
                .order()
                .iter()
                .map(|&i| Node {
                    inc: Inc::new(set.defs()[i].kind),
                    seen: 0,
                })
                .collect(),
            values: vec![f64::NAN; set.column_names().len()],
        }
    }

    /// Feeds one bar to every indicator (inputs before readers).
    pub(crate) fn update(&mut self, set: &IndicatorSet, bar: &Bar) {
        let mut x = [0.0; 3];
        for (node, &i) in self.nodes.iter_mut().zip(set.order()) {
            let d = &set.defs()[i];
            let (reads, len) = Inc::reads(d.kind, d.input);
            for (j, col) in reads[..len].iter().enumerate() {
                x[j] = match *col {
                    ColId::Price(f) => bar.field(f),
                    ColId::Output(c) => self.values[c],
                };
                node.seen |= u8::from(!x[j].is_nan()) << j;
            }
            let outs = &mut self.values[d.first_col..d.first_col + d.kind.outputs().len()];
            if node.seen == (1u8 << len) - 1 {
                node.inc.update(&x[..len], outs);
            } else {
                // Leading NaNs of an input: not fed yet (batch: skipped, then re-padded).
                outs.fill(f64::NAN);
            }
        }
    }

    /// The current bar's outputs, one per output column in definition order.
    pub(crate) fn values(&self) -> &[f64] {
        &self.values
    }

    /// A description of the layout (kinds, parameters, sizes) for checkpoint checks.
    pub(crate) fn shape(&self) -> String {
        let names: Vec<String> = self.nodes.iter().map(|n| n.inc.name()).collect();
        format!("{} columns: {}", self.values.len(), names.join(", "))
    }
}
