/**
 * The live engine as the session sees it: the napi `LiveEngine` class (native/,
 * docs/live.md "Engine API") or any object with the same methods (tests use a recording
 * double that checks the contract).
 */
import type { BindingBacktestConfig, BindingLiveBars, BindingLiveEvents, BindingRunResult } from "../../native/index.cjs";
import { native } from "./native.js";

/** One burst of bars, columnar, rows in arrival order (symbols may interleave). */
export type LiveBars = BindingLiveBars;
/** Decisions caused by one burst, columnar, in causal order (views: read them before the next call). */
export type LiveEvents = BindingLiveEvents;
/** `finishRun()`: the report so far as a whole run result (`BacktestRun.finish()`'s shape). */
export type LiveResult = BindingRunResult;

/** What the session needs from an engine. */
export interface LiveEngineLike {
  /** One call per receive burst. Throws (nothing applied) when a bar breaks the per-symbol ts order. */
  pushBars(bars: LiveBars): LiveEvents;
  /** Full state as a string; `fromState` of it continues exactly where this left off. */
  saveState(): string;
  /**
   * Moves the history accumulated since the last call (bar times, closes, equity, closed
   * trades) out of the engine as one chunk (a JSON line; "" when nothing is new), so
   * `saveState()` stays bounded. Decisions are unaffected.
   */
  takeHistory(): string;
  /** Takes back one `takeHistory` chunk (all of them, oldest first, before `finishRun`). Throws on a chunk out of sequence. */
  restoreHistory(chunk: string): void;
  /** Per-symbol last applied ts (UTC ns), i64::MIN where none; len = universe. */
  lastTs(): BigInt64Array;
  /**
   * The report so far as a run result (open positions closed at the last close as
   * `end_of_data` trades, statistics and curves computed in Rust); a snapshot (the engine
   * stays usable). Throws while history taken by `takeHistory` is not restored.
   */
  finishRun(): LiveResult;
}

/** Builds engines: fresh, or from a saved state. */
export interface LiveEngineFactory {
  /** @throws Error on a bad spec or setting, an empty universe or a duplicate symbol. */
  create(specJson: string, config: BindingBacktestConfig, symbols: string[]): LiveEngineLike;
  /** @throws Error naming what is wrong with a corrupt or foreign state. */
  fromState(state: string): LiveEngineLike;
  /** Names of `LiveEvents.kind` codes. */
  eventKinds(): string[];
}

/**
 * The napi `LiveEngine` class itself, for programs that drive the engine without a ZeroMQ
 * session (docs/live.md "Engine API"): `new LiveEngine(specJson, config, symbols)`,
 * `pushBars`, `lastTs`, `finishRun`, `saveState`, `LiveEngine.fromState`, `LiveEngine.eventKinds`.
 */
export const LiveEngine = native.LiveEngine;
/** An instance of {@link LiveEngine}. */
export type LiveEngine = InstanceType<typeof native.LiveEngine>;
/** Engine settings (`cash` per symbol, costs, fill, ambiguity). */
export type LiveEngineConfig = BindingBacktestConfig;

/** The native engine. */
export function nativeEngineFactory(): LiveEngineFactory {
  const cls = native.LiveEngine;
  return {
    create: (spec, config, symbols) => new cls(spec, config, symbols),
    fromState: (state) => cls.fromState(state),
    eventKinds: () => cls.eventKinds(),
  };
}
