//! Checkpoints of the live engine on real data: stopping after any number of bars,
//! saving, restoring from the string and pushing the rest gives exactly the events,
//! trades, equity and statistics of the uninterrupted run; damaged, edited or
//! foreign-version states are refused with a clear message.

use crate::common;

use barstream_engine::{Commission, LiveEngine, LiveEvents, ReplayConfig};
use common::universe::{assert_same, crypto, example_specs, push_all, sp500, Rng, Universe};

fn config() -> ReplayConfig {
    ReplayConfig {
        commission: Commission {
            fraction: 0.001,
            fixed: 1.0,
        },
        slippage: 0.0005,
        ..ReplayConfig::default()
    }
}

/// Bitwise equality of event columns (NaN-aware).
fn same_events(a: &LiveEvents, b: &LiveEvents) -> bool {
    let bits = |v: &[f64]| v.iter().map(|x| x.to_bits()).collect::<Vec<_>>();
    a.kind == b.kind
        && a.symbol == b.symbol
        && a.ts == b.ts
        && a.side == b.side
        && a.code == b.code
        && bits(&a.price) == bits(&b.price)
        && bits(&a.qty) == bits(&b.qty)
        && bits(&a.pnl) == bits(&b.pnl)
}

/// For each cut point (`cuts(n)`, n = rows): run, save, restore, run the rest ==
/// uninterrupted. Returns (cuts with a pending order, cuts with an open position).
fn check_resume(
    u: &Universe,
    spec: &str,
    seed: u64,
    cuts: fn(usize) -> Vec<usize>,
) -> (usize, usize) {
    let mut rng = Rng(seed);
    let order = u.arrival_order(&mut rng);
    let mut whole = LiveEngine::new(spec, config(), u.names.clone()).unwrap();
    let want_events = push_all(&mut whole, u, &order, 300, &mut rng);
    let want = whole.finish().unwrap();
    let n = order.len();
    let (mut pending, mut open) = (0, 0);
    for cut in cuts(n) {
        let mut a = LiveEngine::new(spec, config(), u.names.clone()).unwrap();
        let mut events = push_all(&mut a, u, &order[..cut], 300, &mut rng);
        let state = a.save_state().unwrap();
        pending += state.contains(r#""pending":{"#) as usize
            | state.contains(r#""pending":"Exit""#) as usize;
        open += state.contains(r#""position":{"#) as usize;
        let mut b = LiveEngine::from_state(&state).unwrap_or_else(|e| panic!("cut {cut}: {e}"));
        assert_eq!(
            b.save_state().unwrap(),
            state,
            "cut {cut}: save is not stable"
        );
        assert_eq!(b.last_ts(), a.last_ts());
        events.append(push_all(&mut b, u, &order[cut..], 300, &mut rng));
        let ctx = format!("cut {cut} of {n}");
        assert!(same_events(&events, &want_events), "{ctx}: events");
        assert_same(&b.finish().unwrap(), &want, &ctx);
    }
    (pending, open)
}

#[test]
fn resuming_from_a_checkpoint_equals_the_uninterrupted_run() {
    let (mut pending, mut open) = (0, 0);
    // Many cuts on the daily universe; a few on the (4x larger) minute one.
    let many: fn(usize) -> Vec<usize> = |n| vec![0, 1, 2, 37, 500, n / 3, n / 2, n - 1, n];
    let few: fn(usize) -> Vec<usize> = |n| vec![1, n / 3, n - 1];
    let (daily, minutes) = (sp500(), crypto());
    for (k, spec) in example_specs().iter().enumerate() {
        for (j, (u, cuts)) in [(&daily, many), (&minutes, few)].into_iter().enumerate() {
            let (p, o) = check_resume(u, spec, 0x5747_0000 + (k * 2 + j) as u64, cuts);
            pending += p;
            open += o;
        }
    }
    // The cuts must catch engines mid-trade, or resuming proves little.
    assert!(pending >= 3 && open >= 10, "pending {pending}, open {open}");
}

#[test]
fn damaged_edited_or_foreign_states_are_refused() {
    let u = sp500();
    let spec = &example_specs()[0];
    let mut e = LiveEngine::new(spec, config(), u.names.clone()).unwrap();
    let order = u.arrival_order(&mut Rng(3));
    push_all(&mut e, &u, &order[..5000], 500, &mut Rng(4));
    let state = e.save_state().unwrap();
    assert!(state.starts_with(r#"{"format":"barstream-live-state","version":4,"checksum":""#));

    let err = |s: &str| LiveEngine::from_state(s).err().unwrap();
    assert!(err(&state[..state.len() / 2])
        .starts_with("not a barstream live state (expected a JSON object"));
    assert!(err("[1, 2]").starts_with("not a barstream live state"));
    assert_eq!(
        err(&state.replacen("barstream-live-state", "other-state", 1)),
        "not a barstream live state: format is 'other-state', expected 'barstream-live-state'"
    );
    assert_eq!(
        err(&state.replacen(r#""version":4"#, r#""version":1"#, 1)),
        "state version 1 cannot be read by this build, which reads version 4"
    );
    // One cash figure edited: still valid JSON of the right shape, refused by checksum.
    let at = state.find(r#""cash":"#).unwrap() + 7;
    let mut edited = state.clone();
    edited.insert(at, '1');
    assert!(
        err(&edited).starts_with("state checksum mismatch (stored "),
        "{}",
        err(&edited)
    );
    // A field of the wrong type names its JSON path.
    let bad = state.replacen(r#""bars":"#, r#""bars":"x","was":"#, 1);
    assert!(
        err(&bad).starts_with("state is corrupt at engine.states[0]."),
        "{}",
        err(&bad)
    );
}

/// Pushes `order` in pieces, taking the history after each piece into `log`, saving and
/// restoring the engine from its state at every third piece (a checkpoint and a restart).
fn push_taking_history(
    mut e: LiveEngine,
    u: &Universe,
    order: &[(u32, usize)],
    pieces: usize,
    log: &mut Vec<String>,
    rng: &mut Rng,
) -> (LiveEngine, Vec<usize>) {
    let mut sizes = Vec::new();
    let step = order.len().div_ceil(pieces);
    for (k, part) in order.chunks(step).enumerate() {
        push_all(&mut e, u, part, 300, rng);
        let chunk = e.take_history().unwrap();
        if !chunk.is_empty() {
            log.push(chunk);
        }
        assert_eq!(e.take_history().unwrap(), "", "nothing new after a take");
        let state = e.save_state().unwrap();
        sizes.push(state.len());
        if k % 3 == 2 {
            e = LiveEngine::from_state(&state).unwrap();
        }
    }
    (e, sizes)
}

#[test]
fn history_taken_at_checkpoints_and_restored_gives_the_uninterrupted_report() {
    let u = sp500();
    for (k, spec) in example_specs().iter().enumerate() {
        let mut rng = Rng(0x4849_5354 + k as u64);
        let order = u.arrival_order(&mut rng);
        let mut whole = LiveEngine::new(spec, config(), u.names.clone()).unwrap();
        push_all(&mut whole, &u, &order, 300, &mut rng);
        let want = whole.finish().unwrap();

        let mut log = Vec::new();
        let fresh = LiveEngine::new(spec, config(), u.names.clone()).unwrap();
        let (mut e, sizes) = push_taking_history(fresh, &u, &order, 12, &mut log, &mut rng);
        let err = e.finish().unwrap_err();
        assert!(
            err.contains("are in the history log, not in the engine"),
            "{err}"
        );
        // The state no longer grows with the bars: after 1/12 and after all of them its
        // size differs only by the positions open and orders pending (within 25%),
        // while the state that keeps the history is many times larger.
        let (lo, hi) = (sizes.iter().min().unwrap(), sizes.iter().max().unwrap());
        assert!(
            *hi * 4 < *lo * 5,
            "state sizes {sizes:?} grow with the bars"
        );
        assert!(whole.save_state().unwrap().len() > 10 * hi);
        for chunk in &log {
            e.restore_history(chunk).unwrap();
        }
        assert_same(&e.finish().unwrap(), &want, &format!("spec {k}"));
    }
}

#[test]
fn a_history_log_with_a_chunk_missing_repeated_or_foreign_is_refused() {
    let u = sp500();
    let spec = &example_specs()[0];
    let mut rng = Rng(7);
    let order = u.arrival_order(&mut rng);
    let mut log = Vec::new();
    let fresh = LiveEngine::new(spec, config(), u.names.clone()).unwrap();
    let (e, _) = push_taking_history(fresh, &u, &order[..20_000], 4, &mut log, &mut rng);
    assert_eq!(log.len(), 4);
    let restore = |chunks: &[&String]| {
        let mut e = e.clone();
        chunks
            .iter()
            .try_for_each(|c| e.restore_history(c))
            .and_then(|_| e.finish().map(|_| ()))
    };
    assert!(restore(&log.iter().collect::<Vec<_>>()).is_ok());
    let missing = restore(&[&log[0], &log[2], &log[3]]).unwrap_err();
    assert!(
        missing.contains("a chunk is missing, repeated or out of order"),
        "{missing}"
    );
    let repeated = restore(&[&log[0], &log[0]]).unwrap_err();
    assert!(
        repeated.contains("a chunk is missing, repeated"),
        "{repeated}"
    );
    let short = restore(&[&log[0], &log[1], &log[2]]).unwrap_err();
    assert!(short.contains("restore them first"), "{short}");
    // A log of a longer run of the same universe goes past the bars this state moved out.
    let mut longer = Vec::new();
    let fresh = LiveEngine::new(spec, config(), u.names.clone()).unwrap();
    push_taking_history(fresh, &u, &order[..30_000], 1, &mut longer, &mut rng);
    let foreign = restore(&[&longer[0]]).unwrap_err();
    assert!(foreign.contains("the log is not this state's"), "{foreign}");
    assert!(restore(&[&"{\"format\":1}".to_string()])
        .unwrap_err()
        .starts_with("not a history chunk: at format:"));
}
