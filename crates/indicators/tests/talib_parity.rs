//! Acceptance test: indicators equal an independent implementation (TA-Lib, via
//! its Python wrapper) on real data to 1e-9 relative, warm-up lengths included.
//!
//! The golden files in `tests/golden/` hold only TA-Lib's outputs; they name the
//! input file and row count in their header, and this test reads the same rows
//! from `../shared/data/raw` (beside the repository checkout). Regenerate with
//! `python3 crates/indicators/tests/golden/make_talib_golden.py`.

use std::path::{Path, PathBuf};

use barstream_indicators::{atr, bbands, ema, highest, lowest, macd, roc, rsi, sma, stddev, wma};

const REL_TOL: f64 = 1e-9;

struct Golden {
    input: String,
    rows: usize,
    names: Vec<String>,
    /// columns[c][row]
    columns: Vec<Vec<f64>>,
}

fn crate_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()))
}

fn parse_golden(file: &str) -> Golden {
    let path = crate_dir().join("tests/golden").join(file);
    let text = read(&path);
    let mut input = None;
    let mut lines = text.lines().peekable();
    while let Some(line) = lines.next_if(|l| l.starts_with('#')) {
        // "# input: ../shared/data/raw/<rel>, first <n> data rows, ..."
        if let Some(rest) = line.strip_prefix("# input: ../shared/data/raw/") {
            let (rel, rest) = rest.split_once(", first ").expect("input line: rows");
            let n = rest.split_whitespace().next().expect("input line: count");
            input = Some((rel.to_string(), n.parse().expect("input line: row count")));
        }
    }
    let (input, rows) = input.unwrap_or_else(|| panic!("{file}: no '# input:' header line"));
    let names: Vec<String> = lines
        .next()
        .expect("header row")
        .split(',')
        .map(str::to_string)
        .collect();
    let mut columns = vec![Vec::with_capacity(rows); names.len()];
    for (r, line) in lines.enumerate() {
        let fields: Vec<&str> = line.split(',').collect();
        assert_eq!(
            fields.len(),
            names.len(),
            "{file} data row {r}: field count"
        );
        for (col, f) in columns.iter_mut().zip(fields) {
            col.push(if f.is_empty() {
                f64::NAN
            } else {
                f.parse()
                    .unwrap_or_else(|_| panic!("{file} data row {r}: bad number {f:?}"))
            });
        }
    }
    assert!(columns.iter().all(|c| c.len() == rows), "{file}: row count");
    Golden {
        input,
        rows,
        names,
        columns,
    }
}

struct Bars {
    high: Vec<f64>,
    low: Vec<f64>,
    close: Vec<f64>,
}

/// Reads `high`, `low`, `close` by header name from the first `rows` data rows.
fn load_bars(rel: &str, rows: usize) -> Bars {
    let path = crate_dir().join("../../../shared/data/raw").join(rel);
    let text = read(&path);
    let mut lines = text.lines();
    let header: Vec<&str> = lines.next().expect("empty input").split(',').collect();
    let col = |name: &str| {
        header
            .iter()
            .position(|h| *h == name)
            .unwrap_or_else(|| panic!("{rel}: no column {name}"))
    };
    let (h, l, c) = (col("high"), col("low"), col("close"));
    let mut bars = Bars {
        high: Vec::new(),
        low: Vec::new(),
        close: Vec::new(),
    };
    for (r, line) in lines.take(rows).enumerate() {
        let f: Vec<&str> = line.split(',').collect();
        let num = |i: usize| -> f64 {
            f[i].parse()
                .unwrap_or_else(|_| panic!("{rel} row {}: bad number {:?}", r + 2, f[i]))
        };
        bars.high.push(num(h));
        bars.low.push(num(l));
        bars.close.push(num(c));
    }
    assert_eq!(
        bars.close.len(),
        rows,
        "{rel}: fewer rows than the golden file"
    );
    bars
}

/// Our output for a golden column name such as `bbands_10_1.5_2.5_upper`.
fn compute(name: &str, b: &Bars) -> Vec<f64> {
    let parts: Vec<&str> = name.split('_').collect();
    let int = |i: usize| -> usize { parts[i].parse().expect(name) };
    let real = |i: usize| -> f64 { parts[i].parse().expect(name) };
    let c = &b.close;
    match parts[0] {
        "sma" => sma(c, int(1)),
        "ema" => ema(c, int(1)),
        "wma" => wma(c, int(1)),
        "rsi" => rsi(c, int(1)),
        "atr" => atr(&b.high, &b.low, c, int(1)),
        "roc" => roc(c, int(1)),
        "stddev" => stddev(c, int(1), real(2)),
        "max" => highest(c, int(1)),
        "min" => lowest(c, int(1)),
        "bbands" => {
            let o = bbands(c, int(1), real(2), real(3));
            match parts[4] {
                "upper" => o.upper,
                "middle" => o.middle,
                "lower" => o.lower,
                other => panic!("{name}: unknown line {other}"),
            }
        }
        "macd" => {
            let o = macd(c, int(1), int(2), int(3));
            match parts[4] {
                "macd" => o.macd,
                "signal" => o.signal,
                "hist" => o.hist,
                other => panic!("{name}: unknown line {other}"),
            }
        }
        other => panic!("golden column {name}: unknown indicator {other}"),
    }
}

fn check(file: &str) {
    let g = parse_golden(file);
    let bars = load_bars(&g.input, g.rows);
    let mut failures = Vec::new();
    for (name, want) in g.names.iter().zip(&g.columns) {
        let got = compute(name, &bars);
        assert_eq!(got.len(), want.len(), "{file} {name}: length");
        let warm_want = want.iter().take_while(|v| v.is_nan()).count();
        let warm_got = got.iter().take_while(|v| v.is_nan()).count();
        let mut worst = 0.0_f64;
        for (i, (&a, &e)) in got.iter().zip(want).enumerate() {
            if a.is_nan() != e.is_nan() {
                failures.push(format!(
                    "{name} bar {i}: ours {a}, TA-Lib {e} (NaN positions differ)"
                ));
                continue;
            }
            if a.is_nan() || a == e {
                continue;
            }
            let rel = (a - e).abs() / a.abs().max(e.abs());
            worst = worst.max(rel);
            if rel > REL_TOL {
                failures.push(format!(
                    "{name} bar {i}: ours {a}, TA-Lib {e}, rel {rel:.3e}"
                ));
            }
        }
        assert_eq!(warm_got, warm_want, "{file} {name}: warm-up length");
        eprintln!("{file} {name:<26} warm-up {warm_got:>3}  max rel diff {worst:.2e}");
    }
    assert!(
        failures.is_empty(),
        "{file}: {} mismatches, first: {:#?}",
        failures.len(),
        &failures[..failures.len().min(10)]
    );
}

#[test]
fn test_matches_talib_on_aapl_daily_bars() {
    check("aapl_daily.csv");
}

#[test]
fn test_matches_talib_on_linkusdt_minute_bars() {
    check("linkusdt_1m.csv");
}
