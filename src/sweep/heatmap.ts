/** The heatmap of a metric over two grid parameters (shape: {@link Heatmap} in ./types.ts). */
import type { GridExpansion } from "../engine/sweep.js";
import type { Direction, Heatmap, MetricRows, Ranking } from "../types/sweep.js";

/**
 * Builds the heatmap of `metric` over parameters `x` and `y` from ranked rows: each cell holds
 * the best combination with those two values (best over every other parameter, by `direction`),
 * null where no combination ran. Axes hold every value the grid has for x and y, ascending,
 * so an interrupted or sampled sweep keeps the full axes.
 *
 * @throws Error naming the parameter when x or y is not a grid parameter.
 */
export function buildHeatmap(
  grid: Pick<GridExpansion, "paths" | "values" | "combos">,
  rows: MetricRows,
  ranking: Ranking,
  metric: string,
  direction: Direction,
  x: string,
  y: string,
  scope = "universe",
): Heatmap {
  const p = grid.paths.length;
  const col = (path: string) => {
    const j = grid.paths.indexOf(path);
    if (j < 0) throw new Error(`--heatmap: ${JSON.stringify(path)} is not a grid parameter; grid parameters: ${grid.paths.join(", ")}`);
    return j;
  };
  const jx = col(x);
  const jy = col(y);
  const axis = (j: number) => {
    const vs = new Set<number>();
    for (let c = 0; c < grid.combos; c++) vs.add(grid.values[c * p + j]);
    return [...vs].sort((a, b) => a - b);
  };
  const xs = axis(jx);
  const ys = axis(jy);
  const xi = new Map(xs.map((v, i) => [v, i]));
  const yi = new Map(ys.map((v, i) => [v, i]));
  const z: (number | null)[][] = ys.map(() => xs.map(() => null));
  const combo: (number | null)[][] = ys.map(() => xs.map(() => null));
  const m = rows.names.indexOf(metric);
  const w = rows.names.length;
  // Rows come in rank order, so the first row that lands in a cell is that cell's best.
  for (let k = 0; k < ranking.order.length; k++) {
    const i = ranking.order[k];
    const c = rows.combo[i];
    const cx = xi.get(grid.values[c * p + jx])!;
    const cy = yi.get(grid.values[c * p + jy])!;
    if (combo[cy][cx] !== null) continue;
    const v = rows.metrics[i * w + m];
    combo[cy][cx] = c;
    z[cy][cx] = Number.isNaN(v) ? null : v;
  }
  return { metric, scope, x: { param: x, values: xs }, y: { param: y, values: ys }, z, reduce: direction, combo };
}
