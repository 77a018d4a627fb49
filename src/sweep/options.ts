/**
 * Options of a parameter sweep, shared by the CLI flags (src/commands/sweep.ts) and the
 * programmatic API (runSweep). Defaults live here and only here.
 */
import { type BacktestOptions, BACKTEST_DEFAULTS, checkCostOptions } from "../backtest/options.js";
import { checkOption } from "../util/check.js";
import { metricDirection, type Direction } from "./metrics.js";

/** Walk-forward split scheme: a fixed-length in-sample window that slides, or one that grows from the start. */
export type WalkForwardMode = "rolling" | "anchored";

/** Everything `runSweep` accepts (cost, fill and data options as `runBacktest`). */
export interface SweepOptions
  extends Pick<
    BacktestOptions,
    "symbols" | "start" | "end" | "cash" | "commission" | "commissionFixed" | "slippage" | "fill" | "ambiguity" | "badRows" | "threads" | "progress"
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
  /** Working-memory bound of the engine's universe accumulators, MiB. @default engine's (512) */
  memoryBudgetMb?: number;
  /**
   * Called with a function that cancels the running engine job (and any walk-forward folds
   * still to come); the result then has `complete: false`. Used for Ctrl-C.
   */
  onCancellable?: (cancel: () => void) => void;
}

/** Options with defaults applied. */
export type ResolvedSweepOptions = Omit<SweepOptions, "onCancellable"> &
  Required<Pick<SweepOptions, "maxBars" | "cash" | "commission" | "commissionFixed" | "slippage" | "fill" | "ambiguity" | "badRows" | "progress" | "metric" | "top" | "wfSplits" | "wfOos">> & {
    /** Direction of `metric`. */
    direction: Direction;
  };

/** Default values (documented in `--help` and docs/sweep.md). */
export const SWEEP_DEFAULTS = {
  cash: BACKTEST_DEFAULTS.cash,
  commission: BACKTEST_DEFAULTS.commission,
  commissionFixed: BACKTEST_DEFAULTS.commissionFixed,
  slippage: BACKTEST_DEFAULTS.slippage,
  fill: BACKTEST_DEFAULTS.fill,
  ambiguity: BACKTEST_DEFAULTS.ambiguity,
  badRows: BACKTEST_DEFAULTS.badRows,
  progress: true,
  metric: "sharpe",
  top: 10,
  wfSplits: 5,
  wfOos: 0.2,
  maxBars: 20_000_000,
} as const;

/**
 * Bars one sweep call may hold: all symbols go to the engine in one call (the universe statistics
 * of a combination need every symbol's curve), so the whole dataset sits in memory at once
 * (48 bytes a bar plus the engine's per-symbol work).
 */
export const MAX_SWEEP_BARS = SWEEP_DEFAULTS.maxBars;

/**
 * Applies defaults and checks ranges.
 * @throws Error naming the option and what was expected (unknown metric: the list of valid ones).
 */
export function resolveSweepOptions(opts: SweepOptions): ResolvedSweepOptions {
  const { onCancellable: _c, ...rest } = opts;
  const given = Object.fromEntries(Object.entries(rest).filter(([, v]) => v !== undefined));
  const r = { ...SWEEP_DEFAULTS, ...given } as ResolvedSweepOptions;
  r.direction = metricDirection(r.metric);
  checkCostOptions(r);
  checkOption("max-bars", Number.isInteger(r.maxBars) && r.maxBars > 0, "a positive whole number of bars", r.maxBars);
  checkOption("top", Number.isInteger(r.top) && r.top > 0, "a positive integer", r.top);
  if (r.threads !== undefined) checkOption("threads", Number.isInteger(r.threads) && r.threads > 0, "a positive integer", r.threads);
  if (r.memoryBudgetMb !== undefined) {
    checkOption("memory-budget", Number.isFinite(r.memoryBudgetMb) && r.memoryBudgetMb > 0, "a positive number of MiB", r.memoryBudgetMb);
  }
  if (r.heatmap !== undefined) {
    checkOption("heatmap", r.heatmap.length === 2 && r.heatmap[0] !== r.heatmap[1], "two different parameter paths X,Y", r.heatmap);
  }
  if (r.walkForward !== undefined) {
    checkOption("walk-forward", r.walkForward === "rolling" || r.walkForward === "anchored", "rolling or anchored", r.walkForward);
    checkOption("wf-splits", Number.isInteger(r.wfSplits) && r.wfSplits >= 1 && r.wfSplits <= 1000, "a whole number of folds in [1, 1000]", r.wfSplits);
    checkOption("wf-oos", r.wfOos > 0 && r.wfOos < 1, "a fraction in (0, 1), e.g. 0.2", r.wfOos);
  }
  return r;
}
