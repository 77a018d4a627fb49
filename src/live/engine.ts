/**
 * The live engine as the session sees it: the napi `LiveEngine` class (native/,
 * docs/live.md "Engine API") or any object with the same methods (tests use a recording
 * double). Types mirror the N-API contract so this layer compiles on its own.
 */
import type { BindingBacktestConfig, BindingBatchResult } from "../../native/index.cjs";
import { native } from "../native.js";

/** One burst of bars, columnar, rows in arrival order (symbols may interleave). */
export interface LiveBars {
  /** Symbol id (index into the engine's universe), len m. */
  symbol: Uint32Array;
  /** Bar open time, UTC ns, len m. */
  ts: BigInt64Array;
  open: Float64Array;
  high: Float64Array;
  low: Float64Array;
  close: Float64Array;
  volume: Float64Array;
}

/** Decisions caused by one burst, columnar, in causal order, len e. */
export interface LiveEvents {
  /** Index into `eventKinds()`. */
  kind: Uint8Array;
  symbol: Uint32Array;
  /** Time of the bar in which the event happened, UTC ns. */
  ts: BigInt64Array;
  /** +1 long, -1 short, 0 flat. */
  side: Int8Array;
  /** Fill price; bar close for signal/order; NaN if none. */
  price: Float64Array;
  /** Units; NaN if none. */
  qty: Float64Array;
  /** trade_closed: net P&L; else NaN. */
  pnl: Float64Array;
  /** signal code, or exit reason code (255 = entry). */
  code: Uint8Array;
}

/** `finish()`: the backtest's batch result plus every processed bar's ts and close. */
export interface LiveResult extends BindingBatchResult {
  /** Rows of symbol i in ts/close/equity: offsets[i]..offsets[i+1], len k+1. */
  offsets: Int32Array;
  /** UTC ns per processed bar, per symbol then time. */
  ts: BigInt64Array;
  close: Float64Array;
}

/** What the session needs from an engine. */
export interface LiveEngineLike {
  /** One call per receive burst. Throws (nothing applied) when a bar breaks the per-symbol ts order. */
  pushBars(bars: LiveBars): LiveEvents;
  /** Full state as a string; `fromState` of it continues exactly where this left off. */
  saveState(): string;
  /** Per-symbol last applied ts (UTC ns), i64::MIN where none; len = universe. */
  lastTs(): BigInt64Array;
  /** Closes the books like the backtest's end of data and returns the report data. */
  finish(): LiveResult;
}

/** Builds engines: fresh, or from a saved state. */
export interface LiveEngineFactory {
  create(specJson: string, config: BindingBacktestConfig, symbols: string[]): LiveEngineLike;
  fromState(state: string): LiveEngineLike;
  /** Names of `LiveEvents.kind` codes. */
  eventKinds(): string[];
}

interface NativeLiveEngineClass {
  new (specJson: string, config: BindingBacktestConfig, symbols: string[]): LiveEngineLike;
  fromState(state: string): LiveEngineLike;
  eventKinds(): string[];
}

/**
 * The native engine.
 * @throws Error when the addon was built without `LiveEngine`.
 */
export function nativeEngineFactory(): LiveEngineFactory {
  const cls = (native as unknown as { LiveEngine?: NativeLiveEngineClass }).LiveEngine;
  if (!cls) throw new Error("this build of the native addon has no LiveEngine; run 'npm run build'");
  return {
    create: (spec, config, symbols) => new cls(spec, config, symbols),
    fromState: (state) => cls.fromState(state),
    eventKinds: () => cls.eventKinds(),
  };
}
