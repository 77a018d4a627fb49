/**
 * Shapes a parameter sweep produces (`barstream sweep`), shared by the sweep command, its
 * output files and the HTML report. Metrics use the stats crate's snake_case names
 * (`sharpe`, `total_return`, ...): fractions, not percent; NaN/null where undefined.
 */

/** One parameter's values on a heatmap axis, ascending. */
export interface HeatmapAxis {
  /** Dot path into the strategy spec, e.g. `indicators.fast.period`. */
  param: string;
  values: number[];
}

/**
 * A metric over two grid parameters (`heatmap.json`). `z[yi][xi]` is the metric of the best
 * combination (by `reduce` over every other parameter) with `x.values[xi]` and `y.values[yi]`,
 * or null where no combination ran (constraint, sampling, or an interrupted sweep).
 */
export interface Heatmap {
  metric: string;
  /** Universe-level (`"universe"`) or one symbol's heatmap. */
  scope: string;
  x: HeatmapAxis;
  y: HeatmapAxis;
  z: (number | null)[][];
  /** How the other parameters were reduced: the best value by the metric's direction. */
  reduce: "max" | "min";
  /** Combination id behind each cell (same layout as `z`), null where none ran. */
  combo: (number | null)[][];
}

/** One ranked combination (`ranked.csv` row): universe-level unless `symbol` is set. */
export interface RankedRow {
  /** 1 = best by the chosen metric. */
  rank: number;
  /** Combination id: its index in the expanded grid. */
  combo: number;
  symbol?: string;
  /** Parameter values by dot path. */
  params: Record<string, number>;
  /** Statistics by stats-crate name. */
  metrics: Record<string, number | null>;
}
