/**
 * Options of a backtest run, shared by the CLI flags (src/commands/backtest.ts) and the
 * programmatic API (runBacktest). Defaults live here and only here; the option types
 * (`BacktestOptions`, `CostOptions`, `ResolvedBacktestOptions`) are in src/types/backtest.ts.
 */
import type { BacktestOptions, CostOptions, ResolvedBacktestOptions } from "../types/backtest.js";
import { checkOption } from "../util/check.js";

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
