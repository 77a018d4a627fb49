/**
 * Options of a backtest run, shared by the CLI flags (src/commands/backtest.ts) and the
 * programmatic API (runBacktest). Defaults live here and only here.
 */
import type { BadRowPolicy } from "../data/types.js";
import { checkOption } from "../util/check.js";

/** Everything `runBacktest` accepts. */
export interface BacktestOptions {
  /** Bars: a CSV/Parquet file, a folder of per-symbol files or a hive Parquet dataset. Default: bundled synthetic sample. */
  data?: string;
  /** Strategy spec (JSON file). Default: the bundled SMA-cross example with risk exits. */
  strategy?: string;
  /** Only these symbols. */
  symbols?: string[];
  /** First bar, ISO date/datetime, inclusive, UTC. */
  start?: string;
  /** Last bar, ISO date/datetime, inclusive, UTC. */
  end?: string;
  /** Starting cash per symbol, currency. @default 10000 */
  cash?: number;
  /** Commission per fill, fraction of notional (0.002 = 0.2%). @default 0 */
  commission?: number;
  /** Fixed commission per order, currency. @default 0 */
  commissionFixed?: number;
  /** Adverse slippage per market fill, fraction of price (0.0005 = 5 bp). @default 0 */
  slippage?: number;
  /** `next_open` (default, no look-ahead) or `same_close` (opt-in). */
  fill?: "next_open" | "same_close";
  /** Stop vs target inside one bar. @default "stop_first" */
  ambiguity?: "stop_first" | "target_first";
  /** Bad rows: throw (`error`, default) or drop and count (`skip`). */
  badRows?: BadRowPolicy;
  /** Symbols per N-API call; bounds memory. @default 64 */
  batchSize?: number;
  /** Worker threads inside a batch. @default all cores */
  threads?: number;
  /** Show a progress bar on a terminal. @default true */
  progress?: boolean;
  /**
   * Candidates file (JSON Lines from `barstream scan`): switches to focused replay, which
   * simulates only windows around the candidates (docs/focused-replay.md).
   */
  candidates?: string;
  /** Focused replay: bars on EACH side of a candidate (its window is 2 * window + 1 bars). @default 20 */
  window?: number;
  /** Focused replay: also run the plain path (full replay), compare bit for bit, report the speedup. @default false */
  verify?: boolean;
  /**
   * Also keep each bar's open/high/low in `result.equity[i].ohlc` (the HTML report's candles).
   * Off by default: it adds 24 bytes per bar to the result. @default false
   */
  ohlc?: boolean;
}

/** The cost and fill settings of a run (a subset of {@link BacktestOptions}). */
export type CostOptions = Pick<BacktestOptions, "cash" | "commission" | "commissionFixed" | "slippage" | "fill" | "ambiguity">;

/**
 * The engine's settings object (`BindingBacktestConfig`) from resolved options: costs, fill,
 * ambiguity and threads (sizing and risk come from the strategy).
 */
export function engineConfig(o: Required<CostOptions> & { threads?: number }) {
  return { cash: o.cash, commission: o.commission, commissionFixed: o.commissionFixed, slippage: o.slippage, fill: o.fill, ambiguity: o.ambiguity, threads: o.threads };
}

/**
 * Checks the ranges of resolved cost settings.
 * @throws Error naming the flag and the expected range.
 */
export function checkCostOptions(r: Required<CostOptions>): void {
  checkOption("cash", Number.isFinite(r.cash) && r.cash > 0, "a positive number", r.cash);
  checkOption("commission", r.commission >= 0 && r.commission < 0.5, "a fraction in [0, 0.5), e.g. 0.002 for 0.2%", r.commission);
  checkOption("commission-fixed", r.commissionFixed >= 0, "a non-negative amount", r.commissionFixed);
  checkOption("slippage", r.slippage >= 0 && r.slippage < 0.5, "a fraction in [0, 0.5), e.g. 0.0005 for 5 bp", r.slippage);
  checkOption("fill", r.fill === "next_open" || r.fill === "same_close", "next_open or same_close", r.fill);
  checkOption("ambiguity", r.ambiguity === "stop_first" || r.ambiguity === "target_first", "stop_first or target_first", r.ambiguity);
}

/** Options with every default applied. */
export type ResolvedBacktestOptions = Required<Omit<BacktestOptions, "symbols" | "start" | "end" | "threads" | "candidates" | "ohlc">> &
  Pick<BacktestOptions, "symbols" | "start" | "end" | "threads" | "candidates" | "ohlc">;

/** Default values (documented in README and `--help`). */
export const BACKTEST_DEFAULTS = {
  cash: 10_000,
  commission: 0,
  commissionFixed: 0,
  slippage: 0,
  fill: "next_open",
  ambiguity: "stop_first",
  badRows: "error",
  batchSize: 64,
  progress: true,
  window: 20,
  verify: false,
} as const;

/**
 * Applies defaults and checks ranges.
 * @throws Error naming the option and the expected range.
 */
export function resolveBacktestOptions(
  opts: BacktestOptions,
  defaults: { data: string; strategy: string },
): ResolvedBacktestOptions {
  const r: ResolvedBacktestOptions = {
    ...BACKTEST_DEFAULTS,
    ...Object.fromEntries(Object.entries(opts).filter(([, v]) => v !== undefined)),
    data: opts.data ?? defaults.data,
    strategy: opts.strategy ?? defaults.strategy,
  } as ResolvedBacktestOptions;
  const check = checkOption;
  checkCostOptions(r);
  check("batch-size", Number.isInteger(r.batchSize) && r.batchSize > 0, "a positive integer", r.batchSize);
  if (r.threads !== undefined) check("threads", Number.isInteger(r.threads) && r.threads > 0, "a positive integer", r.threads);
  check("window", Number.isInteger(r.window) && r.window >= 0 && r.window <= 1_000_000, "a whole number of bars in [0, 1000000]", r.window);
  check("verify", !r.verify || r.candidates !== undefined, "--candidates with it (it checks focused replay)", r.verify);
  return r;
}
