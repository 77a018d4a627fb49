//! Checkpoints of the live engine: the whole state as one JSON string.
//!
//! Layout: `{"format":"barstream-live-state","version":1,"checksum":"<16 hex>","engine":{..}}`
//! where `engine` holds the spec text, the run settings, the universe and, per symbol,
//! the incremental indicators and rule memory, the replay state (cash, position, pending
//! order, trades closed so far, equity), the ATR and the bar times and closes; the
//! last four only since the last [`LiveEngine::take_history`] (`hist_start` counts the
//! bars moved out), so a caller that takes the history at each checkpoint keeps the
//! state bounded.
//! Floats are written so that they read back bit for bit, NaN and infinities included
//! (`barstream_model::serde_f64`), so a restored engine continues exactly as the
//! uninterrupted one.
//!
//! `checksum` is FNV-1a 64 (Fowler, Noll, Vo) over the compact JSON of `engine` as this
//! module writes it. On reading, `engine` is parsed and written again (serialization is
//! deterministic: no maps, exact floats) and the checksums must agree, so a state that
//! was edited or damaged in any field is refused before it is used. It is a guard
//! against accidents, not a signature.
//!
//! [`STATE_VERSION`] must be raised whenever a serialized type changes shape.

use barstream_strategy::Strategy;
use serde::{Deserialize, Serialize};

use super::symbol::SymbolLive;
use super::LiveEngine;
use crate::config::ReplayConfig;
use crate::run::config_for;

/// `format` of a checkpoint.
pub const STATE_FORMAT: &str = "barstream-live-state";

/// Version of the checkpoint layout this build reads and writes. 2: SMA/WMA/VAR keep an
/// anchor counter (`outputs`) for focused replay's bit-exact slices. 3: a position's risk
/// levels keep the stop in force (`fixed_screen`, `trail_factor`, `stop_in_force`).
/// 4: per symbol `hist_start`, the bars whose history was moved out by
/// [`LiveEngine::take_history`] (the state holds only the bars since).
pub const STATE_VERSION: u32 = 4;

/// The engine part of a checkpoint, borrowed for writing.
#[derive(Serialize)]
struct EngineRef<'a> {
    spec: &'a str,
    config: &'a ReplayConfig,
    symbols: &'a [String],
    states: &'a [SymbolLive],
}

/// The engine part of a checkpoint, owned for reading (same fields as [`EngineRef`]).
#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct EngineOwned {
    spec: String,
    config: ReplayConfig,
    symbols: Vec<String>,
    states: Vec<SymbolLive>,
}

/// What is read first, before trusting the rest.
#[derive(Deserialize)]
struct Header {
    format: String,
    version: u32,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Envelope {
    #[allow(dead_code, reason = "checked by Header")]
    format: String,
    #[allow(dead_code, reason = "checked by Header")]
    version: u32,
    checksum: String,
    engine: EngineOwned,
}

/// FNV-1a, 64-bit (offset basis 0xcbf29ce484222325, prime 0x100000001b3).
fn fnv1a64(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |h, &b| {
        (h ^ u64::from(b)).wrapping_mul(0x0000_0100_0000_01b3)
    })
}

/// Writes `engine` as a checkpoint string.
///
/// # Errors
/// Only if serde_json fails, which the state's types do not allow; reported, not hidden.
pub(super) fn save(engine: &LiveEngine) -> Result<String, String> {
    let body = serde_json::to_string(&EngineRef {
        spec: &engine.spec,
        config: &engine.base,
        symbols: &engine.symbols,
        states: &engine.states,
    })
    .map_err(|e| format!("cannot write the state: {e}"))?;
    Ok(format!(
        r#"{{"format":"{STATE_FORMAT}","version":{STATE_VERSION},"checksum":"{:016x}","engine":{body}}}"#,
        fnv1a64(body.as_bytes())
    ))
}

/// Rebuilds an engine from a checkpoint string.
///
/// # Errors
/// A message saying what is wrong: not JSON or not a barstream state, another version,
/// a field that does not parse (with its JSON path), a checksum mismatch (edited or
/// damaged), a spec or setting this build rejects, or per-symbol state that does not
/// match the strategy (indicators, rule memory, settings, history lengths).
pub(super) fn load(text: &str) -> Result<LiveEngine, String> {
    let header: Header = serde_json::from_str(text).map_err(|e| {
        format!("not a barstream live state (expected a JSON object with format, version, checksum, engine): {e}")
    })?;
    if header.format != STATE_FORMAT {
        return Err(format!(
            "not a barstream live state: format is '{}', expected '{STATE_FORMAT}'",
            header.format
        ));
    }
    if header.version != STATE_VERSION {
        return Err(format!(
            "state version {} cannot be read by this build, which reads version {STATE_VERSION}",
            header.version
        ));
    }
    let de = &mut serde_json::Deserializer::from_str(text);
    let env: Envelope = serde_path_to_error::deserialize(de)
        .map_err(|e| format!("state is corrupt at {}: {}", e.path(), e.inner()))?;
    let body = serde_json::to_string(&env.engine)
        .map_err(|e| format!("cannot re-encode the state: {e}"))?;
    let sum = format!("{:016x}", fnv1a64(body.as_bytes()));
    if sum != env.checksum {
        return Err(format!(
            "state checksum mismatch (stored {}, content gives {sum}): the state was edited or damaged",
            env.checksum
        ));
    }
    rebuild(env.engine)
}

/// Checks the parsed state against its own spec and settings and assembles the engine.
fn rebuild(e: EngineOwned) -> Result<LiveEngine, String> {
    let mut engine = LiveEngine::new(&e.spec, e.config, e.symbols)
        .map_err(|msg| format!("state holds a spec or setting this build rejects: {msg}"))?;
    if e.states.len() != engine.symbols.len() {
        return Err(format!(
            "state has {} symbol states for {} symbols",
            e.states.len(),
            engine.symbols.len()
        ));
    }
    let cfg = config_for(&engine.strategy, &engine.base);
    for (name, s) in engine.symbols.iter().zip(&e.states) {
        check_symbol(s, &engine.strategy, &cfg).map_err(|msg| format!("state of {name}: {msg}"))?;
    }
    engine.states = e.states;
    Ok(engine)
}

/// One symbol's state is consistent with the strategy and with itself.
fn check_symbol(s: &SymbolLive, strategy: &Strategy, cfg: &ReplayConfig) -> Result<(), String> {
    s.stream.check_fits(strategy)?;
    if s.replay.config() != cfg {
        return Err("replay settings differ from the spec's and the engine's settings".into());
    }
    let want_atr = cfg.risk.atr_stop.map(|(p, _)| p);
    if s.atr.as_ref().map(|a| a.period) != want_atr {
        return Err(format!(
            "ATR state {:?} does not match the ATR stop period {want_atr:?}",
            s.atr.as_ref().map(|a| a.period)
        ));
    }
    let n = s.ts.len();
    let counts = [
        s.close.len(),
        s.replay.equity().len(),
        s.replay.bars() - s.hist_start.min(s.replay.bars()),
        (s.stream.bars() as usize).saturating_sub(s.hist_start),
    ];
    if counts.iter().any(|&c| c != n) || s.hist_start > s.replay.bars() {
        return Err(format!(
            "bar counts disagree (ts {n} after {} moved out, close/equity/replay/stream {counts:?})",
            s.hist_start
        ));
    }
    let last_ok = match s.ts.last() {
        Some(&t) => s.last_ts == t,
        None => (s.last_ts == i64::MIN) == (s.hist_start == 0),
    };
    if s.ts.windows(2).any(|w| w[0] >= w[1]) || !last_ok {
        return Err(
            "bar times are not strictly increasing or last_ts is not the last bar's".into(),
        );
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    const SPEC: &str = r#"{"name": "t", "indicators": {"f": {"kind": "sma", "period": 2}},
        "entry_long": "close > f", "risk": {"atr_stop": {"period": 3, "multiple": 2}}}"#;

    #[test]
    fn fnv1a64_matches_the_published_test_vectors() {
        // From the FNV reference test suite (isthe.com/chongo/tech/comp/fnv).
        assert_eq!(fnv1a64(b""), 0xcbf2_9ce4_8422_2325);
        assert_eq!(fnv1a64(b"a"), 0xaf63_dc4c_8601_ec8c);
        assert_eq!(fnv1a64(b"foobar"), 0x8594_4171_f739_67e8);
    }

    /// A checkpoint whose engine part was altered by `edit` and re-sealed with a valid
    /// checksum, so only the consistency checks can catch it.
    fn resealed(edit: impl Fn(&mut EngineOwned)) -> String {
        let engine =
            LiveEngine::new(SPEC, ReplayConfig::default(), vec!["A".into(), "B".into()]).unwrap();
        let env: Envelope = serde_json::from_str(&save(&engine).unwrap()).unwrap();
        let mut e = env.engine;
        edit(&mut e);
        let body = serde_json::to_string(&e).unwrap();
        format!(
            r#"{{"format":"{STATE_FORMAT}","version":{STATE_VERSION},"checksum":"{:016x}","engine":{body}}}"#,
            fnv1a64(body.as_bytes())
        )
    }

    #[test]
    fn a_resealed_but_inconsistent_state_is_refused_with_the_reason() {
        assert!(load(&resealed(|_| {})).is_ok());
        let err = |edit: fn(&mut EngineOwned)| load(&resealed(edit)).err().unwrap();
        assert_eq!(
            err(|e| e.spec = e.spec.replace("\"period\": 2", "\"period\": 5")),
            "state of A: indicator state does not match the strategy: state has 1 columns: SMA(2), strategy needs 1 columns: SMA(5)"
        );
        assert_eq!(
            err(|e| e.config.initial_cash = 5.0),
            "state of A: replay settings differ from the spec's and the engine's settings"
        );
        assert_eq!(
            err(|e| {
                e.states.pop();
            }),
            "state has 1 symbol states for 2 symbols"
        );
        assert_eq!(
            err(|e| e.states[1].ts.push(5)),
            "state of B: bar counts disagree (ts 1 after 0 moved out, close/equity/replay/stream [0, 0, 0, 0])"
        );
        assert_eq!(
            err(|e| e.states[0].atr = None),
            "state of A: ATR state None does not match the ATR stop period Some(3)"
        );
        assert_eq!(
            err(|e| e.spec = "{".into()),
            "state holds a spec or setting this build rejects: EOF while parsing an object at line 1 column 1"
        );
    }
}
