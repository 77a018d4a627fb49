//! `LiveEngine`: the stateful live engine as a JS class (converts only; the engine is
//! `barstream_engine::LiveEngine`). Contract: `docs/live.md`, section "Engine API".

use barstream_engine::{
    BarBurst, Bars, EventKind, LiveEngine, LiveEvents, ReplayConfig, SymbolResult,
};
use napi::bindgen_prelude::{
    ArrayBuffer, BigInt64Array, BigInt64ArraySlice, Float64Array, Float64ArraySlice, Int32Array,
    Int8Array, Int8ArraySlice, JsObjectValue, Object, ObjectRef, Uint32Array, Uint32ArraySlice,
    Uint8Array, Uint8ArraySlice,
};
use napi::Env;
use napi_derive::napi;

use crate::binding_config::BindingBacktestConfig;
use crate::binding_result::{to_binding, BindingSymbolSummary, BindingTrades};

/// One burst of bars in arrival order, all len m; borrowed for the call, not copied
/// (slices, so no napi reference is created per column: it matters at 1 bar per call).
#[napi(object, object_to_js = false)]
pub struct BindingLiveBars<'a> {
    /// Symbol id per row (index into the engine's `symbols`).
    pub symbol: Uint32ArraySlice<'a>,
    /// Bar open time, i64 UTC nanoseconds.
    pub ts: BigInt64ArraySlice<'a>,
    /// Open price.
    pub open: Float64ArraySlice<'a>,
    /// High price.
    pub high: Float64ArraySlice<'a>,
    /// Low price.
    pub low: Float64ArraySlice<'a>,
    /// Close price.
    pub close: Float64ArraySlice<'a>,
    /// Volume (units).
    pub volume: Float64ArraySlice<'a>,
}

/// What a burst caused, columnar, all len e, in causal order. See `docs/live.md`.
/// (The type of `pushBars`' result; the object itself is built by `events_object`.)
#[napi(object)]
#[cfg_attr(
    not(test),
    expect(
        dead_code,
        reason = "declares the TS type of pushBars' result; events_object builds the object"
    )
)]
pub struct BindingLiveEvents {
    /// Index into `LiveEngine.eventKinds()`: signal, order, fill, position, trade_closed.
    pub kind: Uint8Array,
    /// Symbol id.
    pub symbol: Uint32Array,
    /// Open time of the bar in which the event happened, i64 UTC ns.
    pub ts: BigInt64Array,
    /// signal: +1 long rule / -1 short rule; order: side to enter, 0 exit; fill: +1 buy,
    /// -1 sell; position: side after the fill (0 flat); trade_closed: the trade's side.
    pub side: Int8Array,
    /// Fill price (slippage included); bar close for signal/order; NaN if none.
    pub price: Float64Array,
    /// Units (position: units held after the fill); NaN if none.
    pub qty: Float64Array,
    /// trade_closed: net P&L, currency; else NaN.
    pub pnl: Float64Array,
    /// signal: 0 entry_long, 1 exit_long, 2 entry_short, 3 exit_short; order, fill,
    /// position, trade_closed: exit reason code (index into `exitReasons`), 255 = entry.
    pub code: Uint8Array,
}

/// `finish()`: the shape of `backtestBatch`'s result plus the bars' times and closes.
#[napi(object)]
pub struct BindingLiveResult {
    /// One summary per symbol, in id order.
    pub summaries: Vec<BindingSymbolSummary>,
    /// Every closed trade.
    pub trades: BindingTrades,
    /// Positions open after the last bar pushed, valued at its close (exit reason `open`).
    pub open_trades: BindingTrades,
    /// Equity after each bar, rows as `ts`, currency.
    pub equity: Float64Array,
    /// Names for `trades.exitReason` and event exit-reason codes.
    pub exit_reasons: Vec<String>,
    /// len k+1: symbol i owns rows `offsets[i]..offsets[i+1]` of ts/close/equity.
    pub offsets: Int32Array,
    /// Open time of every bar processed, per symbol then time, i64 UTC ns.
    pub ts: BigInt64Array,
    /// Close of every bar processed, rows as `ts`.
    pub close: Float64Array,
}

/// The events as a JS object of the `BindingLiveEvents` shape. All eight columns are
/// views into ONE ArrayBuffer (creating a buffer costs about a microsecond, the engine's
/// work for a small burst far less), laid out 8-byte types first so every view is
/// aligned: ts, price, qty, pnl (8 bytes each), symbol (4), kind, side, code (1).
fn events_object(env: &Env, ev: LiveEvents) -> napi::Result<Object<'_>> {
    let e = ev.len();
    if e == 0 {
        return empty_events(env);
    }
    let mut bytes: Vec<u8> = Vec::with_capacity(39 * e);
    ev.ts
        .iter()
        .for_each(|x| bytes.extend_from_slice(&x.to_ne_bytes()));
    for col in [&ev.price, &ev.qty, &ev.pnl] {
        col.iter()
            .for_each(|x| bytes.extend_from_slice(&x.to_ne_bytes()));
    }
    ev.symbol
        .iter()
        .for_each(|x| bytes.extend_from_slice(&x.to_ne_bytes()));
    bytes.extend_from_slice(&ev.kind);
    ev.side
        .iter()
        .for_each(|x| bytes.extend_from_slice(&x.to_ne_bytes()));
    bytes.extend_from_slice(&ev.code);
    let buf = ArrayBuffer::from_data(env, bytes)?;
    let mut obj = Object::new(env)?;
    obj.set("ts", BigInt64ArraySlice::from_arraybuffer(&buf, 0, e)?)?;
    obj.set(
        "price",
        Float64ArraySlice::from_arraybuffer(&buf, 8 * e, e)?,
    )?;
    obj.set("qty", Float64ArraySlice::from_arraybuffer(&buf, 16 * e, e)?)?;
    obj.set("pnl", Float64ArraySlice::from_arraybuffer(&buf, 24 * e, e)?)?;
    obj.set(
        "symbol",
        Uint32ArraySlice::from_arraybuffer(&buf, 32 * e, e)?,
    )?;
    obj.set("kind", Uint8ArraySlice::from_arraybuffer(&buf, 36 * e, e)?)?;
    obj.set("side", Int8ArraySlice::from_arraybuffer(&buf, 37 * e, e)?)?;
    obj.set("code", Uint8ArraySlice::from_arraybuffer(&buf, 38 * e, e)?)?;
    Ok(obj)
}

/// The frozen empty events object of one JS environment (napi instance data), returned
/// by every push that causes nothing: building eight empty typed arrays and an object
/// per call would cost more than the engine's work for a one-bar burst.
struct EmptyEvents(ObjectRef<false>);

fn empty_events(env: &Env) -> napi::Result<Object<'_>> {
    // An error means another binding owns the instance-data slot: build, don't cache.
    let cache = match env.get_instance_data::<EmptyEvents>() {
        Ok(Some(cached)) => return cached.0.get_value(env),
        Ok(None) => true,
        Err(_) => false,
    };
    let mut obj = Object::new(env)?;
    obj.set("kind", Uint8Array::new(vec![]))?;
    obj.set("symbol", Uint32Array::new(vec![]))?;
    obj.set("ts", BigInt64Array::new(vec![]))?;
    obj.set("side", Int8Array::new(vec![]))?;
    obj.set("price", Float64Array::new(vec![]))?;
    obj.set("qty", Float64Array::new(vec![]))?;
    obj.set("pnl", Float64Array::new(vec![]))?;
    obj.set("code", Uint8Array::new(vec![]))?;
    obj.freeze()?;
    if cache {
        env.set_instance_data(EmptyEvents(obj.create_ref::<false>()?), (), |_| {})?;
    }
    Ok(obj)
}

fn err(context: &str, msg: String) -> napi::Error {
    napi::Error::from_reason(format!("LiveEngine.{context}: {msg}"))
}

/// A strategy running live over a fixed universe; see `docs/live.md`.
#[napi(js_name = "LiveEngine")]
pub struct BindingLiveEngine {
    inner: LiveEngine,
}

#[napi]
impl BindingLiveEngine {
    /// `specJson`: strategy spec text (as for `backtestBatch`); `config`: the same
    /// settings object as `backtestBatch` (`threads` is ignored); `symbols`: the
    /// universe, index = symbol id in `pushBars`. Throws on a bad spec, setting, an
    /// empty universe or a duplicate symbol.
    #[napi(constructor, catch_unwind)]
    pub fn new(
        spec_json: String,
        config: BindingBacktestConfig,
        symbols: Vec<String>,
    ) -> napi::Result<Self> {
        let base = ReplayConfig::try_from(&config).map_err(|e| err("constructor", e))?;
        let inner =
            LiveEngine::new(&spec_json, base, symbols).map_err(|e| err("constructor", e))?;
        Ok(BindingLiveEngine { inner })
    }

    /// Rebuilds an engine from a `saveState()` string (spec, settings and universe are
    /// inside it). Throws naming what is wrong: not a barstream state, another state
    /// version, a field that does not parse (with its JSON path), a checksum mismatch
    /// (edited or damaged), or state inconsistent with its own spec.
    #[napi(factory, catch_unwind)]
    pub fn from_state(state: String) -> napi::Result<Self> {
        let inner = LiveEngine::from_state(&state).map_err(|e| err("fromState", e))?;
        Ok(BindingLiveEngine { inner })
    }

    /// The whole engine state as a JSON string (format, version, checksum; spec,
    /// settings, universe; per symbol: cash, position, pending order, indicator and
    /// rule state, trades so far, bar times, closes and equity). Restoring it with
    /// `fromState` and pushing the remaining bars gives exactly the results of an
    /// uninterrupted run. The caller writes it to disk atomically.
    #[napi(catch_unwind)]
    pub fn save_state(&self) -> napi::Result<String> {
        self.inner.save_state().map_err(|e| err("saveState", e))
    }

    /// Moves the bar times, closes, equity and trades accumulated since the last call
    /// out of the engine as one history chunk (a JSON line; "" when nothing is new), so
    /// `saveState()` stays bounded. Append each chunk to a log; give them all back with
    /// `restoreHistory` before `finish`/`finishRun`.
    #[napi(catch_unwind)]
    pub fn take_history(&mut self) -> napi::Result<String> {
        self.inner.take_history().map_err(|e| err("takeHistory", e))
    }

    /// Takes back one `takeHistory` chunk; call it for every chunk, oldest first. Throws
    /// naming the symbol and bars on a chunk that is not this run's next one (missing,
    /// repeated, reordered or foreign) or does not parse.
    #[napi(catch_unwind)]
    pub fn restore_history(&mut self, chunk: String) -> napi::Result<()> {
        self.inner
            .restore_history(&chunk)
            .map_err(|e| err("restoreHistory", e))
    }

    /// Processes one burst (one call per receive burst, never per bar) and returns the
    /// events it caused. Throws, applying nothing, on an unknown symbol id, a ts not
    /// after the symbol's previous bar, a non-finite value or ragged columns.
    /// A burst that causes nothing returns one shared, frozen empty events object.
    #[napi(catch_unwind, ts_return_type = "BindingLiveEvents")]
    pub fn push_bars<'env>(
        &mut self,
        env: &'env Env,
        bars: BindingLiveBars<'_>,
    ) -> napi::Result<Object<'env>> {
        let burst = BarBurst {
            symbol: &bars.symbol,
            bars: Bars {
                ts: &bars.ts,
                open: &bars.open,
                high: &bars.high,
                low: &bars.low,
                close: &bars.close,
                volume: &bars.volume,
            },
        };
        let ev = self.inner.push(&burst).map_err(|e| err("pushBars", e))?;
        events_object(env, ev)
    }

    /// Per symbol id, the open time of its last processed bar (i64 UTC ns),
    /// -9223372036854775808n (i64::MIN) where none yet.
    #[napi(catch_unwind)]
    pub fn last_ts(&self) -> BigInt64Array {
        BigInt64Array::with_data_copied(self.inner.last_ts())
    }

    /// The universe: symbol names by id.
    #[napi(catch_unwind)]
    pub fn symbols(&self) -> Vec<String> {
        self.inner.symbols().to_vec()
    }

    /// Names of `BindingLiveEvents.kind` codes.
    #[napi(catch_unwind)]
    pub fn event_kinds() -> Vec<String> {
        EventKind::NAMES.iter().map(|s| s.to_string()).collect()
    }

    /// The report so far as a whole run result (`BacktestRun.finish()`'s shape: per-symbol
    /// outcomes and typed statistics, trade and curve columns, universe statistics and
    /// curves; curves without open/high/low). A snapshot, like `finish`.
    #[napi(catch_unwind)]
    pub fn finish_run(&self) -> napi::Result<crate::binding_run_result::BindingRunResult> {
        crate::binding_run::live_run_result(&self.inner)
    }

    /// The report so far, as `backtestBatch` would give on the bars pushed (open
    /// positions valued at the last close in `openTrades`), plus `offsets`,
    /// `ts`, `close`. A snapshot: the engine stays usable and is not changed.
    #[napi(catch_unwind)]
    pub fn finish(&self) -> napi::Result<BindingLiveResult> {
        let results: Vec<SymbolResult> = self.inner.finish().map_err(|e| err("finish", e))?;
        let k = results.len();
        let mut offsets = Vec::with_capacity(k + 1);
        let (mut ts, mut close) = (Vec::new(), Vec::new());
        offsets.push(0);
        for i in 0..k {
            ts.extend_from_slice(self.inner.bar_ts(i));
            close.extend_from_slice(self.inner.bar_close(i));
            let rows = i32::try_from(ts.len())
                .map_err(|_| err("finish", format!("{} bars exceed i32 offsets", ts.len())))?;
            offsets.push(rows);
        }
        let b = to_binding(self.inner.symbols(), results)?;
        Ok(BindingLiveResult {
            summaries: b.summaries,
            trades: b.trades,
            open_trades: b.open_trades,
            equity: b.equity,
            exit_reasons: b.exit_reasons,
            offsets: Int32Array::new(offsets),
            ts: BigInt64Array::new(ts),
            close: Float64Array::new(close),
        })
    }
}
