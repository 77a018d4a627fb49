/** The heatmap of a metric over two grid parameters (shape: {@link Heatmap} in ./types.ts). */
import type { GridExpansion } from "../engine/sweep.js";
import { compareMetric } from "./metrics.js";
import type { Direction, Heatmap, MetricRows, Ranking } from "../types/sweep.js";

/**
 * Most cells a heatmap may have (|x values| x |y values|): its builder holds 12 bytes a cell and
 * heatmap.json about 30, so this bounds both (~12 MB and ~30 MB).
 */
export const HEATMAP_MAX_CELLS = 1_000_000;

type Grid = Pick<GridExpansion, "paths" | "values" | "combos">;

/**
 * The heatmap of one metric over parameters `x` and `y`, filled row by row as the sweep's ranges
 * finish: each cell keeps the best combination with its two values (better by `direction`, NaN
 * last, ties by the lower combination id: the order of {@link rankRows}), so the result equals
 * the heatmap of all rows ranked at once. Memory: the cells, whatever the number of rows.
 */
export class HeatmapBuilder {
  private readonly xs: number[];
  private readonly ys: number[];
  private readonly xi: Map<number, number>;
  private readonly yi: Map<number, number>;
  private readonly jx: number;
  private readonly jy: number;
  private readonly value: Float64Array;
  private readonly best: Int32Array;

  /**
   * Axes hold every value the grid has for x and y, ascending, so an interrupted or sampled
   * sweep keeps the full axes.
   *
   * @throws Error naming the parameter when x or y is not a grid parameter, or the number of
   *   cells when it exceeds {@link HEATMAP_MAX_CELLS}.
   */
  constructor(private readonly grid: Grid, readonly metric: string, readonly direction: Direction, readonly x: string, readonly y: string, readonly scope = "universe") {
    const p = grid.paths.length;
    const col = (path: string) => {
      const j = grid.paths.indexOf(path);
      if (j < 0) throw new Error(`--heatmap: ${JSON.stringify(path)} is not a grid parameter; grid parameters: ${grid.paths.join(", ")}`);
      return j;
    };
    this.jx = col(x);
    this.jy = col(y);
    const axis = (j: number) => {
      const vs = new Set<number>();
      for (let c = 0; c < grid.combos; c++) vs.add(grid.values[c * p + j]);
      return [...vs].sort((a, b) => a - b);
    };
    this.xs = axis(this.jx);
    this.ys = axis(this.jy);
    const cells = this.xs.length * this.ys.length;
    if (cells > HEATMAP_MAX_CELLS) {
      throw new Error(`--heatmap ${x},${y}: ${this.xs.length} x ${this.ys.length} = ${cells.toLocaleString("en-US")} cells, more than ${HEATMAP_MAX_CELLS.toLocaleString("en-US")}; choose parameters with fewer values`);
    }
    this.xi = new Map(this.xs.map((v, i) => [v, i]));
    this.yi = new Map(this.ys.map((v, i) => [v, i]));
    this.value = new Float64Array(cells).fill(NaN);
    this.best = new Int32Array(cells).fill(-1);
  }

  /** Offers combination `combo` with metric value `v` (NaN: undefined). */
  add(combo: number, v: number): void {
    const p = this.grid.paths.length;
    const cell = this.yi.get(this.grid.values[combo * p + this.jy])! * this.xs.length + this.xi.get(this.grid.values[combo * p + this.jx])!;
    const cur = this.best[cell];
    if (cur < 0 || (compareMetric(v, this.value[cell], this.direction) || combo - cur) < 0) {
      this.best[cell] = combo;
      this.value[cell] = v;
    }
  }

  /** Offers every row of `rows` (column `metric`). */
  addRows(rows: Pick<MetricRows, "combo" | "metrics" | "names">): void {
    const m = rows.names.indexOf(this.metric);
    const w = rows.names.length;
    for (let i = 0; i < rows.combo.length; i++) this.add(rows.combo[i], rows.metrics[i * w + m]);
  }

  /** The heatmap so far: null where no combination was offered. */
  heatmap(): Heatmap {
    const nx = this.xs.length;
    const cell = <T>(f: (k: number) => T) => this.ys.map((_, yi) => this.xs.map((_, xi) => f(yi * nx + xi)));
    const z = cell((k) => (this.best[k] < 0 || Number.isNaN(this.value[k]) ? null : this.value[k]));
    const combo = cell((k) => (this.best[k] < 0 ? null : this.best[k]));
    return { metric: this.metric, scope: this.scope, x: { param: this.x, values: this.xs }, y: { param: this.y, values: this.ys }, z, reduce: this.direction, combo };
  }
}

/**
 * Builds the heatmap of `metric` over parameters `x` and `y` from ranked rows: each cell holds
 * the best combination with those two values (best over every other parameter, by `direction`),
 * null where no combination ran. Axes hold every value the grid has for x and y, ascending.
 *
 * @throws Error naming the parameter when x or y is not a grid parameter (see {@link HeatmapBuilder}).
 */
export function buildHeatmap(
  grid: Grid,
  rows: MetricRows,
  ranking: Ranking,
  metric: string,
  direction: Direction,
  x: string,
  y: string,
  scope = "universe",
): Heatmap {
  const b = new HeatmapBuilder(grid, metric, direction, x, y, scope);
  const m = rows.names.indexOf(metric);
  const w = rows.names.length;
  for (let k = 0; k < ranking.order.length; k++) {
    const i = ranking.order[k];
    b.add(rows.combo[i], rows.metrics[i * w + m]);
  }
  return b.heatmap();
}
