//! A bad bar anywhere in a batch is refused with an error naming that symbol, row and
//! field, on every batch path (backtest, focused replay and its plain path).

use barstream_engine::focus::windows::Windows;
use barstream_engine::focus::{focused_batch, plain_batch};
use barstream_engine::{run_batch, ReplayConfig};
use barstream_model::{Bars, Batch, Error};
use barstream_strategy::Strategy;

const DAY: i64 = 86_400_000_000_000;
const SPEC: &str = r#"{
  "name": "sma_cross",
  "indicators": { "fast": { "kind": "sma", "period": 2 }, "slow": { "kind": "sma", "period": 3 } },
  "entry_long": "crossover(fast, slow)",
  "exit_long": "crossunder(fast, slow)"
}"#;

/// Three symbols of 6 daily bars; the third's row 4 repeats row 3's time.
struct ThreeSymbols {
    ts: Vec<i64>,
    px: Vec<f64>,
    offsets: Vec<usize>,
    names: Vec<String>,
}

impl ThreeSymbols {
    fn new() -> Self {
        let mut ts: Vec<i64> = (0..3).flat_map(|_| (0..6).map(|d| d * DAY)).collect();
        ts[12 + 4] = ts[12 + 3];
        let px = (0..18).map(|i| 100.0 + (i % 6) as f64).collect();
        ThreeSymbols {
            ts,
            px,
            offsets: vec![0, 6, 12, 18],
            names: ["AAPL", "MSFT", "NVDA"].map(String::from).to_vec(),
        }
    }

    fn batch(&self) -> Batch<'_> {
        Batch {
            bars: Bars {
                ts: &self.ts,
                open: &self.px,
                high: &self.px,
                low: &self.px,
                close: &self.px,
                volume: &self.px,
            },
            offsets: &self.offsets,
        }
    }
}

fn assert_names_third_symbol_row_4(e: Error, names: &[String]) {
    assert_eq!(e.symbol_index(), Some(2), "{e}");
    match &e {
        Error::InvalidBar { row, field, .. } => {
            assert_eq!((*row, *field), (Some(4), "ts"));
        }
        other => panic!("expected InvalidBar, got {other:?}"),
    }
    assert_eq!(
        e.with_symbols(names).to_string(),
        "NVDA row 4: ts 1970-01-04T00:00:00Z is not after the previous bar's \
         1970-01-04T00:00:00Z (bar times must strictly increase)"
    );
}

#[test]
fn run_batch_names_the_third_symbol_and_its_row() {
    let data = ThreeSymbols::new();
    let strategy = Strategy::from_json(SPEC).unwrap();
    let e = run_batch(&strategy, data.batch(), &ReplayConfig::default()).unwrap_err();
    assert_names_third_symbol_row_4(e, &data.names);
}

#[test]
fn focused_and_plain_batches_name_the_third_symbol_and_its_row() {
    let data = ThreeSymbols::new();
    let strategy = Strategy::from_json(SPEC).unwrap();
    let windows: Vec<Windows> = (0..3)
        .map(|_| Windows::around(6, &[2], 1).unwrap())
        .collect();
    let cfg = ReplayConfig::default();
    let e = focused_batch(&strategy, data.batch(), &cfg, &windows).unwrap_err();
    assert_names_third_symbol_row_4(e, &data.names);
    let e = plain_batch(&strategy, data.batch(), &cfg, &windows).unwrap_err();
    assert_names_third_symbol_row_4(e, &data.names);
}

#[test]
fn a_bad_setting_names_the_setting() {
    let mut data = ThreeSymbols::new();
    data.ts = (0..3).flat_map(|_| (0..6).map(|d| d * DAY)).collect();
    let strategy = Strategy::from_json(SPEC).unwrap();
    let cfg = ReplayConfig {
        slippage: 0.9,
        ..ReplayConfig::default()
    };
    let e = run_batch(&strategy, data.batch(), &cfg).unwrap_err();
    assert_eq!(
        e.to_string(),
        "--slippage: expected a fraction in [0, 0.5), e.g. 0.0005 for 5 bp, got 0.9"
    );
}
