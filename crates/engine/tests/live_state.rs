//! Checkpoints of the live engine on real data: stopping after any number of bars,
//! saving, restoring from the string and pushing the rest gives exactly the events,
//! trades, equity and statistics of the uninterrupted run; damaged, edited or
//! foreign-version states are refused with a clear message.

mod common;

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
    let want = whole.finish();
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
        assert_same(&b.finish(), &want, &ctx);
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
    assert!(state.starts_with(r#"{"format":"barstream-live-state","version":3,"checksum":""#));

    let err = |s: &str| LiveEngine::from_state(s).err().unwrap();
    assert!(err(&state[..state.len() / 2])
        .starts_with("not a barstream live state (expected a JSON object"));
    assert!(err("[1, 2]").starts_with("not a barstream live state"));
    assert_eq!(
        err(&state.replacen("barstream-live-state", "other-state", 1)),
        "not a barstream live state: format is 'other-state', expected 'barstream-live-state'"
    );
    assert_eq!(
        err(&state.replacen(r#""version":3"#, r#""version":1"#, 1)),
        "state version 1 cannot be read by this build, which reads version 3"
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
