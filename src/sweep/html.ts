/**
 * `sweep --html`: the sweep page (heatmap of two parameters, ranked combinations) with the best
 * combination's equity. That equity comes from a plain backtest of the best combination's spec,
 * and the sweep's number for it is checked against that backtest before anything is written.
 */
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";

import { runBacktest } from "../backtest/run.js";
import { statDefs } from "../engine/schema.js";
import type { SweepResult } from "../types/sweep.js";
import type { Stats } from "../types/backtest.js";
import { sweepPage, type SweepHtmlInput, writeHtml } from "../report/html/index.js";
import { topRows } from "./rank.js";

/**
 * Renders a sweep as a self-contained HTML page (Apache ECharts inlined; opens offline): heatmap,
 * ranked combinations, and the best combination's equity when its backtest is given.
 * Metrics are shown in the engine's schema formats; only the best equity chart is downsampled.
 *
 * @throws Error when the heatmap's `z`/`combo` do not match its axes (names the row), or when
 *   the ECharts bundle cannot be read.
 */
export async function renderSweepHtml(input: SweepHtmlInput): Promise<string> {
  return sweepPage({ ...input, schema: statDefs() });
}

/** Ranked combinations shown in the page's table (the CSV files hold all of them). */
export const HTML_RANKED_ROWS = 500;

/** Relative tolerance of the best row's check: the sweep documents SQN within 1e-10, the rest bit-equal. */
const CHECK_REL = 1e-10;

/**
 * Writes the sweep page of `r` to `file`.
 *
 * @throws Error when the sweep has no heatmap (fewer than two grid parameters, or walk-forward)
 *   or no finished combination; when the plain backtest of the best combination disagrees with
 *   the sweep's row on the ranking metric (names both values); or when the file cannot be written.
 */
export async function writeSweepHtml(r: SweepResult, file: string, progress: boolean): Promise<void> {
  if (!r.heatmap) throw new Error(`--html ${file}: the sweep page needs a heatmap: a grid with at least two parameters, and no --walk-forward`);
  if (!r.best) throw new Error(`--html ${file}: no combination finished for every symbol; nothing to report`);
  const ranked = topRows(r.universe, r.universeRanking, HTML_RANKED_ROWS, r.grid);
  const dir = await mkdtemp(join(tmpdir(), "barstream-sweep-"));
  try {
    const specFile = join(dir, "best_strategy.json");
    await writeFile(specFile, r.best.spec);
    const s = r.settings;
    const best = await runBacktest({
      data: r.data.path, strategy: specFile, symbols: s.symbols, start: s.start, end: s.end,
      cash: s.cash, commission: s.commission, commissionFixed: s.commissionFixed, slippage: s.slippage,
      fill: s.fill, ambiguity: s.ambiguity, closeAtEnd: s.closeAtEnd, badRows: s.badRows, timeUnit: s.timeUnit, table: s.table, timeframe: s.timeframe, threads: s.threads, progress, ohlc: true,
    });
    const want = ranked[0].metrics[r.metric];
    const got = best.universe.stats[r.metric as keyof Stats];
    const same = want === got || (typeof want === "number" && typeof got === "number" && Math.abs(want - got) <= CHECK_REL * Math.max(1, Math.abs(want)));
    if (!same) throw new Error(`--html ${file}: the best combination (#${r.best.combo}) has ${r.metric} ${want} in the sweep but ${got} in a plain backtest of its spec`);
    best.strategy.file = `${r.strategy.file} (sweep combination #${r.best.combo})`;
    await writeHtml(file, await renderSweepHtml({ title: `Sweep: ${r.strategy.name} by ${r.metric}`, heatmap: r.heatmap, ranked, best }));
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
