//! The replay step's events on real data (AAPL daily, the busy `sma_cross_risk` example
//! with every risk exit): collecting events changes no decision, and the events tell
//! the same story as the trades the batch replay returns.

use crate::common;

use barstream_engine::replay::events::{NoEvents, ENTRY_CODE};
use barstream_engine::{
    replay, run::config_for, Commission, Event, EventKind, FillTiming, ReplayConfig, ReplayOutput,
    ReplayState, SignalsRef,
};
use barstream_strategy::{BarsRef, Signals, Strategy};

fn spec() -> String {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../examples/strategies/sma_cross_risk.json"
    );
    std::fs::read_to_string(path).unwrap()
}

/// Steps a fresh replay over every bar with `sink`, returning the finished output.
fn step_all<S: barstream_engine::EventSink>(
    data: &common::Loaded,
    sig: &Signals,
    atr: &[f64],
    cfg: &ReplayConfig,
    sink: &mut S,
) -> ReplayOutput {
    let mut state = ReplayState::new(*cfg, 0);
    let (bars, sig) = (data.bars(), SignalsRef::from(sig));
    for (t, &a) in atr.iter().enumerate() {
        state.step(bars.ohlc(t), sig.at(t), a, sink);
    }
    state.finish(Some(bars.ohlc(bars.len() - 1)))
}

#[test]
fn events_match_the_trades_of_the_batch_replay_on_aapl() {
    let data = common::read_daily(&common::raw("sp500_5yr/AAPL_data.csv"));
    let strategy = Strategy::from_json(&spec()).unwrap();
    for fill in [FillTiming::NextOpen, FillTiming::SameClose] {
        let base = ReplayConfig {
            commission: Commission {
                fraction: 0.001,
                fixed: 1.0,
            },
            slippage: 0.0005,
            fill,
            ..ReplayConfig::default()
        };
        let cfg = config_for(&strategy, &base);
        let view = BarsRef {
            open: &data.open,
            high: &data.high,
            low: &data.low,
            close: &data.close,
            volume: &data.volume,
        };
        let sig = strategy.signals(&view);
        let atr = barstream_indicators::atr(&data.high, &data.low, &data.close, 14);
        let batch = replay(data.bars(), SignalsRef::from(&sig), &atr, &cfg);
        let mut events: Vec<Event> = Vec::new();
        let with_events = step_all(&data, &sig, &atr, &cfg, &mut events);
        assert_eq!(with_events, batch, "{fill:?}: events changed a decision");
        assert_eq!(step_all(&data, &sig, &atr, &cfg, &mut NoEvents), batch);
        assert!(
            batch.trades.len() > 20,
            "busy probe: {}",
            batch.trades.len()
        );

        let of = |k: EventKind| events.iter().filter(move |e| e.kind == k);
        // Every fired rule is one signal event.
        let fired: usize = [
            &sig.entry_long,
            &sig.exit_long,
            &sig.entry_short,
            &sig.exit_short,
        ]
        .iter()
        .map(|c| c.iter().filter(|&&x| x).count())
        .sum();
        assert_eq!(of(EventKind::Signal).count(), fired);
        // Closed trades = the batch trades (the open position is apart, in `open`).
        let closed: Vec<&Event> = of(EventKind::TradeClosed).collect();
        let real: Vec<_> = batch.trades.iter().collect();
        assert_eq!(closed.len(), real.len());
        for (e, t) in closed.iter().zip(&real) {
            assert_eq!(
                (e.bar, e.side, e.price, e.qty, e.pnl, e.code),
                (
                    t.exit_bar,
                    t.side.code(),
                    t.exit_price,
                    t.qty,
                    t.pnl,
                    t.exit_reason.code()
                )
            );
        }
        // Entry fills = every trade's entry, in order.
        let entries: Vec<&Event> = of(EventKind::Fill)
            .filter(|e| e.code == ENTRY_CODE)
            .collect();
        assert_eq!(entries.len(), batch.trades.len());
        for (e, t) in entries.iter().zip(&batch.trades) {
            assert_eq!(
                (e.bar, e.side, e.price, e.qty),
                (t.entry_bar, t.side.code(), t.entry_price, t.qty)
            );
        }
        // Each fill is followed by the position it leaves.
        for w in events.windows(4) {
            if w[0].kind == EventKind::Fill && w[0].code == ENTRY_CODE {
                assert_eq!(w[1].kind, EventKind::Position);
                assert_eq!((w[1].side, w[1].qty), (w[0].side, w[0].qty));
            } else if w[0].kind == EventKind::Fill {
                assert_eq!(
                    (w[1].kind, w[2].kind, w[2].side, w[2].qty),
                    (EventKind::TradeClosed, EventKind::Position, 0, 0.0)
                );
            }
        }
        // Events are in causal (bar) order; an order fills at the next open (NextOpen)
        // or at its own close (SameClose), with the whole-unit sizing never rejecting here.
        assert!(events.windows(2).all(|w| w[0].bar <= w[1].bar));
        assert_eq!(batch.rejected_orders, 0);
        let last = data.close.len() - 1;
        for (i, o) in events.iter().enumerate() {
            if o.kind != EventKind::Order || o.bar == last {
                continue;
            }
            let at = if fill == FillTiming::NextOpen {
                o.bar + 1
            } else {
                o.bar
            };
            let fill_ev = events[i + 1..]
                .iter()
                .find(|e| e.kind == EventKind::Fill)
                .unwrap();
            assert_eq!(fill_ev.bar, at, "order at bar {} ({fill:?})", o.bar);
        }
    }
}
