/**
 * The backtest engine as the TypeScript side uses it: strategy validation and the run object
 * (`BacktestRun`: one `push`/`pushFocused` per batch of symbols, one `finish` for the whole run
 * result, computed in Rust: native/src/binding_run.rs, binding_run_result.rs; shapes in the
 * generated native/index.d.cts). Re-exported under the names src/backtest uses, so a contract
 * change shows up as a type error here.
 */
import type {
  BindingBacktestConfig,
  BindingBarBatch,
  BindingCandidates,
  BindingFocusSummary,
  BindingPushSummary,
  BindingRunFocus,
  BindingRunOptions,
  BindingRunResult,
  BindingStats,
  BindingStrategyInfo,
  BindingVerify,
} from "../../native/index.cjs";
import { native } from "./native.js";

/** Engine settings of a run (costs, fills, threads); sizing and risk come from the strategy. */
export type EngineConfig = BindingBacktestConfig;
/** A columnar batch of bars as the engine borrows it (per-symbol offsets, ts UTC ns, OHLCV). */
export type EngineBars = BindingBarBatch;
/** Candidate bars of a batch for focused replay, with the window half-width. */
export type EngineCandidates = BindingCandidates;
/** Per-symbol coverage of a focused batch. */
export type EngineFocusSummary = BindingFocusSummary;
/** Focused replay's check against the plain path (with `verify`). */
export type EngineVerify = BindingVerify;
/** What `pushFocused` resolves to: per-symbol focus figures and the verify check. */
export type EngineRunFocus = BindingRunFocus;
/** What `push` resolves to: the batch's symbol and trade counts. */
export type EnginePushSummary = BindingPushSummary;
/** Options of a run: `keepOhlc` (open/high/low per bar), `chartCurves` (per-symbol buy & hold and drawdown), `threads`. */
export type EngineRunOptions = BindingRunOptions;
/**
 * The whole run result, computed once in Rust: per-symbol outcomes and statistics, trade and
 * curve columns (times i64 UTC ns), the universe's statistics and curves (docs/run-result.md).
 */
export type EngineRunResult = BindingRunResult;
/** Every statistic of a run, snake_case keys, fractions, `null` where undefined (statsSchema() names them). */
export type EngineStats = BindingStats;
/** What `validateStrategy` tells about a spec (name, lead-in of a focused slice, ...). */
export type StrategyInfo = BindingStrategyInfo;

/** Validates a strategy spec (JSON text). @throws Error naming the bad field. */
export function validateStrategy(specJson: string): StrategyInfo {
  return native.validateStrategy(specJson);
}

/**
 * A backtest gathered batch by batch in the engine: one `push` (full replay) or `pushFocused`
 * (focused replay) per batch, each one N-API call running off the JS thread, then one `finish`
 * for the whole result.
 */
export class EngineRun {
  private readonly run: InstanceType<typeof native.BacktestRun>;

  /** @throws Error naming a bad spec or setting. */
  constructor(specJson: string, config: EngineConfig, options: EngineRunOptions = {}) {
    this.run = new native.BacktestRun(specJson, config, options);
  }

  /** Backtests every symbol of `bars` (borrowed zero-copy) and adds them to the run. */
  push(bars: EngineBars): Promise<EnginePushSummary> {
    return this.run.push(bars);
  }

  /** Focused replay of `bars` around `candidates` (with `verify`, the plain path too), added to the run. */
  pushFocused(bars: EngineBars, candidates: EngineCandidates, verify?: boolean): Promise<EngineRunFocus> {
    return this.run.pushFocused(bars, candidates, verify);
  }

  /** The whole run result; call once, after every push resolved. @throws Error naming a failed batch. */
  finish(): Promise<EngineRunResult> {
    return this.run.finish();
  }
}
