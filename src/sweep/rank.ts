/**
 * Ranking of sweep results by one metric, universe-level or per symbol, kept columnar: a sweep
 * of 1,000 combinations over 505 symbols has half a million per-symbol rows, so rows are
 * materialised as {@link RankedRow} objects only for what is shown (top N, best per symbol).
 */
import type { GridExpansion } from "../engine/sweep.js";
import { compareMetric } from "./metrics.js";
import type { Direction, MetricRows, RankedRow, Ranking } from "../types/sweep.js";

/** Column index of `metric` in `rows`. @throws Error when the engine did not return that metric. */
export function metricColumn(rows: MetricRows, metric: string): number {
  const j = rows.names.indexOf(metric);
  if (j < 0) throw new Error(`--metric: the engine returned no ${JSON.stringify(metric)}; it returned: ${rows.names.join(", ")}`);
  return j;
}

/**
 * Ranks `rows` by `metric` in direction `dir`: better first, NaN last, ties by combination id
 * (deterministic). With `symbolIndex`, ranks within each symbol. No rows: an empty ranking.
 *
 * @throws Error when there are rows but no `metric` column.
 */
export function rankRows(rows: MetricRows, metric: string, dir: Direction): Ranking {
  if (rows.combo.length === 0) return { order: new Int32Array(0), rank: new Int32Array(0) };
  const j = metricColumn(rows, metric);
  const w = rows.names.length;
  const n = rows.combo.length;
  const g = rows.symbolIndex;
  const order = Int32Array.from({ length: n }, (_, i) => i);
  order.sort((a, b) => {
    if (g && g[a] !== g[b]) return g[a] - g[b];
    return compareMetric(rows.metrics[a * w + j], rows.metrics[b * w + j], dir) || rows.combo[a] - rows.combo[b];
  });
  const rank = new Int32Array(n);
  for (let k = 0; k < n; k++) {
    const newGroup = k === 0 || (g !== undefined && g[order[k]] !== g[order[k - 1]]);
    rank[k] = newGroup ? 1 : rank[k - 1] + 1;
  }
  return { order, rank };
}

/** Parameter values of combination `combo` by dot path. */
export function comboParams(grid: Pick<GridExpansion, "paths" | "values">, combo: number): Record<string, number> {
  const p = grid.paths.length;
  return Object.fromEntries(grid.paths.map((path, j) => [path, grid.values[combo * p + j]]));
}

/** Metrics of row `i` by name; NaN (undefined statistic) becomes null, as in the JSON files. */
export function rowMetrics(rows: MetricRows, i: number): Record<string, number | null> {
  const w = rows.names.length;
  return Object.fromEntries(rows.names.map((name, j) => {
    const v = rows.metrics[i * w + j];
    return [name, Number.isNaN(v) ? null : v];
  }));
}

/** The ranked row at rank position `k` of `ranking`. `symbols` names the symbol indices. */
export function rankedRow(rows: MetricRows, ranking: Ranking, k: number, grid: Pick<GridExpansion, "paths" | "values">, symbols?: string[]): RankedRow {
  const i = ranking.order[k];
  const row: RankedRow = { rank: ranking.rank[k], combo: rows.combo[i], params: comboParams(grid, rows.combo[i]), metrics: rowMetrics(rows, i) };
  if (rows.symbolIndex && symbols) row.symbol = symbols[rows.symbolIndex[i]];
  return row;
}

/** The first `n` rows of a ranking (universe-level: the top n combinations). */
export function topRows(rows: MetricRows, ranking: Ranking, n: number, grid: Pick<GridExpansion, "paths" | "values">, symbols?: string[]): RankedRow[] {
  const out: RankedRow[] = [];
  for (let k = 0; k < Math.min(n, ranking.order.length); k++) out.push(rankedRow(rows, ranking, k, grid, symbols));
  return out;
}

/** Per-symbol ranking: each symbol's best combination (rank 1 rows), in symbol order. */
export function bestPerSymbol(rows: MetricRows, ranking: Ranking, grid: Pick<GridExpansion, "paths" | "values">, symbols: string[]): RankedRow[] {
  const out: RankedRow[] = [];
  for (let k = 0; k < ranking.order.length; k++) if (ranking.rank[k] === 1) out.push(rankedRow(rows, ranking, k, grid, symbols));
  return out;
}
