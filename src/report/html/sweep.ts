/**
 * `sweepPage`: a parameter sweep as one self-contained HTML page: a heatmap of the
 * metric over two parameters, the ranked combinations (sortable), and the best combination's
 * equity with buy-and-hold and drawdown when its backtest is given.
 */
import type { BacktestResult } from "../../types/backtest.js";
import type { StatDef } from "../../types/schema.js";
import type { Heatmap, RankedRow } from "../../types/sweep.js";
import { pageStats, universeCharts } from "./backtest.js";
import { generatedAt, jsonBlock, page } from "./page.js";
import { MAX_POINTS, symbolCharts } from "./series.js";

/** What the sweep page shows (`renderSweepHtml`'s input). */
export interface SweepHtmlInput {
  title: string;
  heatmap: Heatmap;
  /** Best first (as ranked); every row's metrics are shown as table columns. */
  ranked: RankedRow[];
  /** The best combination's backtest: its (universe or single-symbol) equity is charted. */
  best?: BacktestResult;
}

/** {@link SweepHtmlInput} plus the engine's statistics schema (labels, formats and directions of the metrics). */
export interface SweepPageInput extends SweepHtmlInput {
  schema: readonly StatDef[];
}

/**
 * Renders a sweep as a self-contained HTML page (Apache ECharts inlined; opens offline).
 * Metrics are shown in their schema format (percent with 2 decimals, plain numbers with 4, ...);
 * the heatmap's colours follow the metric's better direction; only the best equity chart is
 * downsampled.
 *
 * @throws Error when the heatmap's `z`/`combo` do not match its axes (names the row), a metric
 *   is missing from `schema`, or the ECharts bundle cannot be read.
 */
export async function sweepPage(input: SweepPageInput): Promise<string> {
  const { heatmap: h, ranked, best } = input;
  if (h.z.length !== h.y.values.length || h.combo.length !== h.y.values.length) {
    throw new Error(`renderSweepHtml: heatmap has ${h.z.length} z rows and ${h.combo.length} combo rows for ${h.y.values.length} ${h.y.param} values`);
  }
  h.z.forEach((row, yi) => {
    if (row.length !== h.x.values.length || h.combo[yi].length !== h.x.values.length) {
      throw new Error(`renderSweepHtml: heatmap row ${yi} (${h.y.param} = ${h.y.values[yi]}) has ${row.length} cells for ${h.x.values.length} ${h.x.param} values`);
    }
  });
  const metrics = [...new Set(ranked.flatMap((r) => Object.keys(r.metrics)))];
  const top = ranked[0];
  const bestBlock = best && top
    ? {
        label: `#${top.combo} ${Object.entries(top.params).map(([k, v]) => `${k} = ${v}`).join(", ")}`,
        charts: best.symbols.length > 1 ? universeCharts(best.universe.curves, MAX_POINTS) : symbolCharts(best.equity[0]),
      }
    : undefined;
  const stats = pageStats(input.schema, [...new Set([h.metric, ...metrics])]);
  const meta = { kind: "sweep", title: input.title, heatmap: h, ranked, metrics, stats, best: bestBlock, generated: generatedAt() };
  return page(input.title, [jsonBlock("bs-meta", meta)]);
}
