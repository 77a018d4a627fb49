/**
 * The backtest engine as the TypeScript side uses it: strategy validation, one call per batch
 * of symbols (full or focused replay), and the universe aggregation (native/src/binding_backtest.rs,
 * binding_focus.rs, binding_result.rs; shapes in the generated native/index.d.cts). Re-exported
 * under the names src/backtest uses, so a contract change shows up as a type error here.
 */
import type {
  BindingBacktestConfig,
  BindingBarBatch,
  BindingBatchResult,
  BindingCandidates,
  BindingFocusedResult,
  BindingFocusSummary,
  BindingStrategyInfo,
  BindingUniverseCurves,
  BindingUniverseMember,
  BindingVerify,
} from "../../native/index.cjs";
import { native } from "./native.js";

/** Engine settings of a run (costs, fills, threads); sizing and risk come from the strategy. */
export type EngineConfig = BindingBacktestConfig;
/** A columnar batch of bars as the engine borrows it (per-symbol offsets, ts UTC ns, OHLCV). */
export type EngineBars = BindingBarBatch;
/** One batch's result: per-symbol summaries, columnar trades, the equity of every row. */
export type EngineBatchResult = BindingBatchResult;
/** Candidate bars of a batch for focused replay, with the window half-width. */
export type EngineCandidates = BindingCandidates;
/** `focusedBatch`'s result: the batch result, per-symbol focus figures, compact equity, the verify check. */
export type EngineFocusedResult = BindingFocusedResult;
/** Per-symbol coverage of a focused batch. */
export type EngineFocusSummary = BindingFocusSummary;
/** Focused replay's check against the plain path (with `verify`). */
export type EngineVerify = BindingVerify;
/** What `validateStrategy` tells about a spec (name, lead-in of a focused slice, ...). */
export type StrategyInfo = BindingStrategyInfo;
/** One symbol of a universe aggregation: ts (UTC ns), equity and close (currency), same length. */
export type UniverseMember = BindingUniverseMember;
/** The universe's summed equity and buy-and-hold curves: `ts` UTC ns, `equity`/`hold` currency. */
export type EngineUniverseCurves = BindingUniverseCurves;

/** Validates a strategy spec (JSON text). @throws Error naming the bad field. */
export function validateStrategy(specJson: string): StrategyInfo {
  return native.validateStrategy(specJson);
}

/** Backtests one batch of symbols, off the JS thread. @throws Error for a bad spec, setting or batch layout. */
export function backtestBatch(bars: EngineBars, specJson: string, config: EngineConfig): Promise<EngineBatchResult> {
  return native.backtestBatch(bars, specJson, config);
}

/** Focused replay of one batch around its candidate bars (and, with `verify`, the plain path too). */
export function focusedBatch(
  bars: EngineBars,
  specJson: string,
  config: EngineConfig,
  candidates: EngineCandidates,
  verify?: boolean,
): Promise<EngineFocusedResult> {
  return native.focusedBatch(bars, specJson, config, candidates, verify);
}

/** Statistics of the universe (each member trading its own `initialCash`; curves summed). Keys snake_case; fractions. */
export function universeStats(members: UniverseMember[], pnl: Float64Array, returnFrac: Float64Array, initialCash: number): Record<string, number | null> {
  return native.universeStats(members, pnl, returnFrac, initialCash);
}

/** The universe's summed equity and buy-and-hold curves over the union of the members' bar times. */
export function universeCurves(members: UniverseMember[], initialCash: number): EngineUniverseCurves {
  return native.universeCurves(members, initialCash);
}
