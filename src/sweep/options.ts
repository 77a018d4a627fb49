/**
 * Options of a parameter sweep, shared by the CLI flags (src/commands/sweep.ts) and the
 * programmatic API (runSweep). The engine's settings take their defaults and checks from the
 * engine's schema (src/engine/schema.ts); the sweep's own defaults live here and only here.
 * The option types are in src/types/sweep.ts.
 */
import { BACKTEST_DEFAULTS, checkCostOptions } from "../backtest/options.js";
import { engineDefaults } from "../engine/schema.js";
import { checkOption } from "../util/check.js";
import { metricDirection } from "./metrics.js";
import type { ResolvedSweepOptions, SweepOptions } from "../types/sweep.js";

/** Defaults of the sweep's own options (documented in `--help` and docs/sweep.md). */
export const SWEEP_DEFAULTS = {
  badRows: BACKTEST_DEFAULTS.badRows,
  progress: true,
  metric: "sharpe",
  top: 10,
  keep: 1000,
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
  const { window: _w, ...costs } = engineDefaults();
  const r = { ...costs, ...SWEEP_DEFAULTS, ...given } as ResolvedSweepOptions;
  r.direction = metricDirection(r.metric);
  checkCostOptions(r);
  checkOption("max-bars", Number.isInteger(r.maxBars) && r.maxBars > 0, "a positive whole number of bars", r.maxBars);
  checkOption("top", Number.isInteger(r.top) && r.top > 0, "a positive integer", r.top);
  checkOption("keep", Number.isInteger(r.keep) && r.keep >= r.top && r.keep <= 10_000_000, `a whole number of rows in [--top (${r.top}), 10000000]`, r.keep);
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
