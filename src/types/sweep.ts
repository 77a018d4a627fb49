/**
 * Public shapes of a parameter sweep (`barstream sweep`): its options and what it produces,
 * shared by the sweep command, its output files and the HTML report. Metrics use the stats crate's snake_case names
 * (`sharpe`, `total_return`, ...): fractions, not percent; NaN/null where undefined.
 */
import type { SkipCounts, SkippedRow } from "../data/types.js";
import type { BacktestOptions } from "./backtest.js";

/** One parameter's values on a heatmap axis, ascending. */
export interface HeatmapAxis {
  /** Dot path into the strategy spec, e.g. `indicators.fast.period`. */
  param: string;
  values: number[];
}

/**
 * A metric over two grid parameters (`heatmap.json`). `z[yi][xi]` is the metric of the best
 * combination (by `reduce` over every other parameter) with `x.values[xi]` and `y.values[yi]`,
 * or null where no combination ran (constraint, sampling, or an interrupted sweep).
 */
export interface Heatmap {
  metric: string;
  /** Universe-level (`"universe"`) or one symbol's heatmap. */
  scope: string;
  x: HeatmapAxis;
  y: HeatmapAxis;
  z: (number | null)[][];
  /** How the other parameters were reduced: the best value by the metric's direction. */
  reduce: "max" | "min";
  /** Combination id behind each cell (same layout as `z`), null where none ran. */
  combo: (number | null)[][];
}

/** One ranked combination (`ranked.csv` row): universe-level unless `symbol` is set. */
export interface RankedRow {
  /** 1 = best by the chosen metric. */
  rank: number;
  /** Combination id: its index in the expanded grid. */
  combo: number;
  symbol?: string;
  /** Parameter values by dot path. */
  params: Record<string, number>;
  /** Statistics by stats-crate name. */
  metrics: Record<string, number | null>;
}

/** Walk-forward split scheme: a fixed-length in-sample window that slides, or one that grows from the start. */
export type WalkForwardMode = "rolling" | "anchored";

/** Everything `runSweep` accepts (cost, fill and data options as `runBacktest`). */
export interface SweepOptions
  extends Pick<
    BacktestOptions,
    "symbols" | "start" | "end" | "cash" | "commission" | "commissionFixed" | "slippage" | "fill" | "ambiguity" | "closeAtEnd" | "badRows" | "timeUnit" | "threads" | "progress" | "table" | "timeframe"
  > {
  /** Bars: CSV/Parquet file, folder of per-symbol files, hive Parquet dataset or SQLite file. */
  data: string;
  /** Strategy spec (JSON file): the base every combination is substituted into. */
  strategy: string;
  /** Grid file (JSON: params, constraints, sample; see docs/sweep.md). */
  grid: string;
  /** Ranking metric (stats-crate name). @default "sharpe" */
  metric?: string;
  /** Rows shown in the terminal table and in the JSON summary's `top`. @default 10 */
  top?: number;
  /** Two parameter paths for the heatmap (x, y). Default: the first two grid parameters. */
  heatmap?: [string, string];
  /** Walk-forward instead of one sweep over the whole range. */
  walkForward?: WalkForwardMode;
  /** Walk-forward folds. @default 5 */
  wfSplits?: number;
  /** Walk-forward out-of-sample share of each fold's window, fraction in (0, 1). @default 0.2 */
  wfOos?: number;
  /** Most bars the whole selection may hold (every symbol goes to the engine at once). @default MAX_SWEEP_BARS */
  maxBars?: number;
  /** Working-memory bound of one engine range (universe accumulators, strategies, the range's rows), MiB. @default engine's (64) */
  memoryBudgetMb?: number;
  /** Rows kept per ranking (universe-level, and per symbol): the ranked tables hold at most this many. Must be >= `top`. @default 1000 */
  keep?: number;
  /** Folder to stream every row into (all_universe.csv, all_per_symbol.csv) as the engine's ranges finish. */
  allResults?: string;
  /**
   * Called with a function that cancels the running engine job (and any walk-forward folds
   * still to come); the result then has `complete: false`. Used for Ctrl-C.
   */
  onCancellable?: (cancel: () => void) => void;
}

/** Options with defaults applied. */
export type ResolvedSweepOptions = Omit<SweepOptions, "onCancellable"> &
  Required<Pick<SweepOptions, "maxBars" | "cash" | "commission" | "commissionFixed" | "slippage" | "fill" | "ambiguity" | "closeAtEnd" | "badRows" | "progress" | "metric" | "top" | "keep" | "wfSplits" | "wfOos">> & {
    /** Direction of `metric`. */
    direction: Direction;
  };

/** Ranking direction of a metric: `max` = larger is better. */
export type Direction = "max" | "min";

/** Metric rows as the engine returns them (universe: no `symbolIndex`). */
export interface MetricRows {
  /** Combination id per row, len r. */
  combo: Int32Array;
  /** Symbol index per row (into the sweep's symbols), len r; absent for universe rows. */
  symbolIndex?: Int32Array;
  /** r x names.length, row-major. */
  metrics: Float64Array;
  /** Column names of `metrics` (stats-crate snake_case). */
  names: string[];
}

/** A ranking of {@link MetricRows}. */
export interface Ranking {
  /** Row indices in rank order; per-symbol rows are grouped by symbol index, ascending. */
  order: Int32Array;
  /** rank[k]: rank (1 = best) of row order[k] within its group (the universe or its symbol). */
  rank: Int32Array;
}

/** One fold's outcome (walk_forward.json). Times are ISO-8601 UTC. */
export interface FoldReport {
  fold: number;
  in_sample: { from: string; to: string; bars: number };
  out_of_sample: { from: string; to: string; bars: number };
  /** Combinations run in-sample. */
  combos: number;
  /** The IS-best combination (universe-level, by the metric): its id in the IS grid and its values. */
  chosen: { combo: number; params: Record<string, number> };
  /** The chosen combination's IS metric. */
  in_sample_metric: number | null;
  /** The chosen combination's OOS universe statistics. */
  out_of_sample_metrics: Record<string, number | null>;
  /** The chosen combination's OOS statistics per symbol. */
  out_of_sample_per_symbol: { symbol: string; metrics: Record<string, number | null> }[];
}

/** The walk-forward report. */
export interface WalkForwardReport {
  mode: WalkForwardMode;
  splits: number;
  oos_fraction: number;
  metric: string;
  /** False when interrupted: `folds` holds the folds that finished. */
  complete: boolean;
  folds: FoldReport[];
  /** Over the finished folds' OOS universe results (each fold restarts at the initial cash). */
  aggregate: WalkForwardAggregate;
}

/** OOS aggregate over folds. */
export interface WalkForwardAggregate {
  folds: number;
  /** Product of (1 + fold OOS total_return) - 1: the record of reinvesting from fold to fold. */
  total_return_compounded: number | null;
  /** Mean of the folds' OOS metric (folds where it is undefined left out), and of their IS metric. */
  oos_metric_mean: number | null;
  is_metric_mean: number | null;
  /** Sum of OOS trades. */
  n_trades: number;
  /** Deepest OOS drawdown of any fold. */
  max_drawdown_worst: number | null;
}

/** Engine figures of a sweep (summed over the runs of a walk-forward). */
export interface SweepEngineFigures {
  /** Distinct indicator series computed vs requested by all combinations, summed over symbols. */
  indicators_computed: number;
  indicators_requested: number;
  /** Combinations x evaluated bars replayed. */
  bar_evaluations: number;
  /** Engine wall time, ms. */
  compute_ms: number;
  /** bar_evaluations / compute time. */
  bar_evaluations_per_s: number;
}

/** Everything a sweep returns. */
export interface SweepResult {
  /** False when cancelled: the rows hold the work that finished. */
  complete: boolean;
  strategy: { name: string; file: string };
  grid: { file: string; paths: string[]; combos: number; full_grid_size: number; values: Float64Array };
  settings: Omit<ResolvedSweepOptions, "progress" | "direction" | "strategy" | "grid" | "data">;
  /** What was read: `skipped` counts the rows `--skip-bad-rows` dropped per rule, `skipped_rows` locates each (file order). */
  data: { path: string; symbols: string[]; bars: number; rows_read: number; skipped: SkipCounts; skipped_rows: SkippedRow[]; files: number };
  metric: string;
  direction: Direction;
  /** The best `keep` universe rows (of the combinations finished for every symbol) and their ranking; empty with walk-forward. */
  universe: MetricRows;
  universeRanking: Ranking;
  /** Each symbol's best `keep` rows (of its finished combinations) ranked within the symbol; empty with walk-forward. */
  perSymbol: MetricRows;
  perSymbolRanking: Ranking;
  heatmap?: Heatmap;
  /** The universe-level best combination and its spec JSON (what a plain `backtest` of it runs); absent with walk-forward or when no combination finished. */
  best?: { combo: number; spec: string };
  walkForward?: WalkForwardReport;
  /** Rows the engine finished (the ranked tables keep only the best `keep` of them): combinations finished for every symbol, and (combination, symbol) pairs. Zero with walk-forward. */
  finished: { combos: number; pairs: number };
  /** The `--all-results` files holding every finished row, when streamed. */
  allResults?: { universe_csv: string; per_symbol_csv: string };
  engine: SweepEngineFigures;
  /** Wall time per stage, ms. */
  timing_ms: { load: number; sweep: number; total: number };
}
