//! The crate's integration tests, linked into one test binary (`cargo test -p barstream-engine
//! --test integration`): one file per topic beside this one, each a module here. One binary
//! instead of one per file: the engine's generic code is compiled and linked once, not once per
//! file (issue 14: the test build dominated `npm test` on a fresh clone).
//!
//! `Cargo.toml` sets `autotests = false`, so a new `tests/*.rs` file runs only once it is
//! declared below; [`every_test_file_is_declared`] fails otherwise.

mod common;

mod accounting;
mod batch_errors;
mod focused_parity;
mod live_parity;
mod live_state;
mod no_lookahead;
mod replay_events;
mod risk_exits;
mod risk_fast_path;
mod run_outcome;
mod take_profit_range;

/// A `tests/*.rs` file not declared as a module in its crate's `tests/integration.rs` would
/// silently never run (`autotests = false`): checked here for every crate that has one.
#[test]
fn every_test_file_is_declared() {
    let crates = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let mut missing = Vec::new();
    for krate in std::fs::read_dir(&crates).expect("read crates/") {
        let tests = krate.expect("crates/ entry").path().join("tests");
        let Ok(main) = std::fs::read_to_string(tests.join("integration.rs")) else {
            continue;
        };
        for entry in std::fs::read_dir(&tests).expect("read tests/") {
            let path = entry.expect("tests/ entry").path();
            let stem = path
                .file_stem()
                .and_then(|s| s.to_str())
                .unwrap_or_default();
            let declared = main.contains(&format!("\nmod {stem};\n"));
            if path.extension().is_some_and(|e| e == "rs") && stem != "integration" && !declared {
                missing.push(path.display().to_string());
            }
        }
    }
    assert!(
        missing.is_empty(),
        "not declared in tests/integration.rs, never run: {missing:?}"
    );
}
