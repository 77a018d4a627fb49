/**
 * Which statistics a sweep can rank by, and in which direction: the engine's statistics schema
 * decides (src/engine/schema.ts, `better` of each statistic). A statistic is rankable when it has
 * a better direction; the sweep engine reports every statistic of the schema, which
 * {@link checkSweepMetrics} checks on each sweep result.
 */
import { statDefs } from "../engine/schema.js";
import { UsageError } from "../util/check.js";
import type { Direction } from "../types/sweep.js";

/** Every rankable metric name (better is `higher` or `lower`), sorted (for error messages and `--help`). */
export function rankableMetrics(): string[] {
  return statDefs().filter((d) => d.better !== "none").map((d) => d.name).sort();
}

/** The rankable metrics where lower is better (drawdown, volatility), sorted. */
export function lowerIsBetterMetrics(): string[] {
  return statDefs().filter((d) => d.better === "lower").map((d) => d.name).sort();
}

/**
 * The direction of `metric`: `max` when higher is better, `min` when lower is.
 * @throws UsageError (exit 2) `--metric: unknown metric "x"; valid: ...` for a name that cannot be ranked.
 */
export function metricDirection(metric: string): Direction {
  const d = statDefs().find((x) => x.name === metric);
  if (d?.better === "higher") return "max";
  if (d?.better === "lower") return "min";
  throw new UsageError(`--metric: unknown metric ${JSON.stringify(metric)}; valid: ${rankableMetrics().join(", ")}`);
}

/**
 * Checks the metric names a sweep run reports (`metricNames`) against the statistics schema.
 * @throws Error naming every reported metric the schema does not define (the engine's sweep and
 *   stats tables disagree: a bug to fix in crates/, not in the data).
 */
export function checkSweepMetrics(names: readonly string[]): void {
  const known = new Set(statDefs().map((d) => d.name));
  const missing = names.filter((n) => !known.has(n));
  if (missing.length) {
    throw new Error(`sweep engine: metric(s) ${missing.map((m) => JSON.stringify(m)).join(", ")} are not in the engine's statistics schema (statsSchema()); their label, format and direction are unknown`);
  }
}

/**
 * Compares two metric values so that the better one sorts first: NaN (undefined metric, e.g. a
 * Sharpe ratio without trades) always sorts last. Returns < 0 when `a` is better.
 */
export function compareMetric(a: number, b: number, dir: Direction): number {
  const an = Number.isNaN(a);
  const bn = Number.isNaN(b);
  if (an || bn) return an === bn ? 0 : an ? 1 : -1;
  return dir === "max" ? b - a : a - b;
}
