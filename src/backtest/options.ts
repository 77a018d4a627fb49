/**
 * Options of a backtest run, shared by the CLI flags (src/commands/backtest.ts) and the
 * programmatic API (runBacktest). The engine's settings (cash, costs, fill, ambiguity, threads,
 * window) take their defaults and checks from the engine's schema (src/engine/schema.ts); the
 * rest of the defaults live here and only here. The option types (`BacktestOptions`,
 * `CostOptions`, `ResolvedBacktestOptions`) are in src/types/backtest.ts.
 */
import { engineDefaults, validateEngineSettings } from "../engine/schema.js";
import type { BacktestOptions, CostOptions, ResolvedBacktestOptions } from "../types/backtest.js";
import { checkOption } from "../util/check.js";

/**
 * The engine's settings object (`BindingBacktestConfig`) from resolved options: costs, fill,
 * ambiguity, close-at-end and threads (sizing and risk come from the strategy).
 */
export function engineConfig(o: Required<CostOptions> & { threads?: number }) {
  return { cash: o.cash, commission: o.commission, commissionFixed: o.commissionFixed, slippage: o.slippage, fill: o.fill, ambiguity: o.ambiguity, closeAtEnd: o.closeAtEnd, threads: o.threads };
}

/**
 * Checks resolved cost settings (and threads, window when given) with the engine's rules.
 * @throws Error the engine's message, naming the flag and the expected range.
 */
export function checkCostOptions(r: Required<CostOptions> & { threads?: number; window?: number }): void {
  validateEngineSettings({ ...engineConfig(r), window: r.window });
}

/** Defaults of the options that are not engine settings (documented in README and `--help`). */
export const BACKTEST_DEFAULTS = {
  badRows: "error",
  batchSize: 64,
  progress: true,
  verify: false,
} as const;

/** Every default of a backtest: the engine's settings (its schema) and {@link BACKTEST_DEFAULTS}. */
export function backtestDefaults() {
  const { window, ...costs } = engineDefaults();
  const { verify, ...rest } = BACKTEST_DEFAULTS;
  return { ...costs, ...rest, window, verify }; // the key order of `settings` in the JSON output
}

/**
 * Applies defaults and checks ranges.
 * @throws Error naming the option and the expected range.
 */
export function resolveBacktestOptions(
  opts: BacktestOptions,
  defaults: { data: string; strategy: string },
): ResolvedBacktestOptions {
  const r: ResolvedBacktestOptions = {
    ...backtestDefaults(),
    ...Object.fromEntries(Object.entries(opts).filter(([, v]) => v !== undefined)),
    data: opts.data ?? defaults.data,
    strategy: opts.strategy ?? defaults.strategy,
  } as ResolvedBacktestOptions;
  checkCostOptions(r);
  checkOption("batch-size", Number.isInteger(r.batchSize) && r.batchSize > 0, "a positive integer", r.batchSize);
  checkOption("verify", !r.verify || r.candidates !== undefined, "--candidates with it (it checks focused replay)", r.verify);
  return r;
}
