/**
 * Which statistics a sweep can rank by, and in which direction. Names are the stats crate's
 * (crates/stats: `Stats` and `TradeStats`, snake_case); directions follow the definitions there.
 */
import type { Direction } from "../types/sweep.js";

/** Metrics where larger is better. */
const MAX_BETTER = [
  "sharpe", "sortino", "calmar", "total_return", "cagr", "equity_final", "equity_peak",
  "win_rate", "profit_factor", "profit_factor_returns", "expectancy", "avg_trade_pnl",
  "avg_trade_return", "best_trade", "worst_trade", "sqn", "kelly", "n_trades", "exposure",
] as const;

/** Metrics where smaller is better (risk and drawdown measures). */
const MIN_BETTER = ["max_drawdown", "max_drawdown_duration_ns", "max_drawdown_duration_bars", "volatility"] as const;

/** Every rankable metric name, sorted (for error messages and `--help`). */
export const RANKABLE_METRICS: readonly string[] = [...MAX_BETTER, ...MIN_BETTER].sort();

/**
 * The direction of `metric`.
 * @throws Error `--metric: unknown metric "x"; valid: ...` for a name that cannot be ranked.
 */
export function metricDirection(metric: string): Direction {
  if ((MAX_BETTER as readonly string[]).includes(metric)) return "max";
  if ((MIN_BETTER as readonly string[]).includes(metric)) return "min";
  throw new Error(`--metric: unknown metric ${JSON.stringify(metric)}; valid: ${RANKABLE_METRICS.join(", ")}`);
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
