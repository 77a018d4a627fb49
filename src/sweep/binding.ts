/**
 * The sweep engine as the TypeScript side sees it (N-API contract in the sweep brief:
 * `expandGrid` and `SweepJob` from native/src/binding_sweep.rs). The generated loader types are
 * used when the addon has them; these interfaces state the shapes the rest of src/sweep relies on.
 */
import { native, type Native } from "../native.js";

/** `expandGrid`'s result: the combinations of a grid, in combo-id order. */
export interface GridExpansion {
  /** Parameter dot paths, grid-file order. */
  paths: string[];
  /** combos x paths, row-major: combo c's value of paths[j] is values[c * paths.length + j]. */
  values: Float64Array;
  combos: number;
  /** Combinations before constraints and sampling. */
  fullGridSize: number;
}

/** Engine settings of a sweep: the backtest settings plus the evaluation window. */
export interface SweepEngineConfig extends Native.BindingBacktestConfig {
  /** Bars with ts < evalFromTs are warm-up only (indicators see them, no orders, stats start after). UTC ns. */
  evalFromTs?: bigint;
  /** Bars with ts > evalToTs are ignored entirely. UTC ns, inclusive. */
  evalToTs?: bigint;
  /** Upper bound on working memory for per-combination universe accumulators, MiB. */
  memoryBudgetMb?: number;
}

/** What a sweep run resolves to (rows of finished work; see the contract for each field). */
export interface EngineSweepResult {
  cancelled: boolean;
  /** Stats-crate snake_case names of the columns of `metrics`. */
  metricNames: string[];
  /** One row per finished (combo, symbol). */
  perSymbol: { combo: Int32Array; symbolIndex: Int32Array; metrics: Float64Array };
  /** One row per combo finished for every symbol: universe aggregate stats. */
  universe: { combo: Int32Array; metrics: Float64Array };
  indicatorsComputed: number;
  indicatorsRequested: number;
  /** combos x evaluated bars replayed. */
  barEvaluations: number;
  /** Engine wall time, ms. */
  computeMs: number;
}

/** A running sweep (`SweepJob`). */
export interface EngineSweepJob {
  readonly combos: number;
  readonly paths: string[];
  readonly values: Float64Array;
  /** symbols x combos. */
  readonly units: number;
  run(): Promise<EngineSweepResult>;
  /** Units finished so far. */
  progress(): number;
  cancel(): void;
}

/** The two sweep entry points of the addon. */
export interface SweepEngine {
  expandGrid(specJson: string, gridJson: string): GridExpansion;
  newJob(bars: Native.BindingBarBatch, specJson: string, gridJson: string, config: SweepEngineConfig): EngineSweepJob;
}

/**
 * The addon's sweep entry points.
 * @throws Error when the loaded addon was built without them (rebuild with `npm run build`).
 */
export function sweepEngine(): SweepEngine {
  const n = native as unknown as {
    expandGrid?: SweepEngine["expandGrid"];
    SweepJob?: new (bars: Native.BindingBarBatch, spec: string, grid: string, config: SweepEngineConfig) => EngineSweepJob;
  };
  const { expandGrid, SweepJob } = n;
  if (typeof expandGrid !== "function" || typeof SweepJob !== "function") {
    throw new Error("the native engine has no sweep support (expandGrid/SweepJob missing): run 'npm run build'");
  }
  return { expandGrid, newJob: (bars, spec, grid, config) => new SweepJob(bars, spec, grid, config) };
}
