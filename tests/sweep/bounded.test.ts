/**
 * Bounded sweeps (issue 17 case 15): the engine runs the grid in ranges and only the best
 * `--keep` rows per ranking are kept. On grids small enough to keep everything, the kept rows
 * must equal the first N rows of the full, unbounded run ranked at once (universe-level and per
 * symbol, ties broken by combination id), and the heatmap must equal the one built from every
 * row. The bounded heap itself is checked against a full sort on seeded random rows with many
 * ties and NaNs.
 */
import { readFileSync } from "node:fs";
import { resolve } from "node:path";

import { describe, expect, it } from "vitest";

import { openDataset } from "../../src/index.js";
import { engineConfig, resolveBacktestOptions } from "../../src/backtest/options.js";
import { native } from "../../src/engine/native.js";
import { buildHeatmap } from "../../src/sweep/heatmap.js";
import { rankRows } from "../../src/sweep/rank.js";
import { runSweep } from "../../src/sweep/run.js";
import { TopN } from "../../src/sweep/topn.js";
import type { Direction, MetricRows } from "../../src/types/sweep.js";
import { EXAMPLES, RAW } from "../helpers.js";

const SP500 = resolve(RAW, "sp500_5yr");
const SMA = resolve(EXAMPLES, "strategies", "sma_cross.json");
const SYMBOLS = ["AAPL", "APTV", "DXC", "XOM"];
/** 39 x 19 = 741 combinations: a 1 MiB budget cuts them into a dozen ranges over 4 symbols. */
const GRID_JSON = JSON.stringify({ params: { "indicators.fast.period": { from: 2, to: 40, step: 1 }, "indicators.slow.period": { from: 20, to: 200, step: 10 } } });

/** The first `keep` rows of each group of a full ranking, as (combo, symbol, metrics) tuples. */
function topOfFull(rows: MetricRows, metric: string, dir: Direction, keep: number): [number, number, number[]][] {
  const ranking = rankRows(rows, metric, dir);
  const w = rows.names.length;
  const out: [number, number, number[]][] = [];
  for (let k = 0; k < ranking.order.length; k++) {
    if (ranking.rank[k] > keep) continue;
    const i = ranking.order[k];
    out.push([rows.combo[i], rows.symbolIndex?.[i] ?? -1, Array.from(rows.metrics.subarray(i * w, (i + 1) * w))]);
  }
  return out;
}

function tuples(rows: MetricRows, order: Int32Array): [number, number, number[]][] {
  const w = rows.names.length;
  return Array.from(order, (i) => [rows.combo[i], rows.symbolIndex?.[i] ?? -1, Array.from(rows.metrics.subarray(i * w, (i + 1) * w))]);
}

describe("bounded sweep: ranges + top-N equal the full run", async () => {
  const opts = { data: SP500, symbols: SYMBOLS, badRows: "skip" as const };
  const { batch } = await (await openDataset(SP500, opts)).load();
  const config = engineConfig(resolveBacktestOptions(opts, { data: SP500, strategy: SMA }));
  const full = await new native.SweepJob(batch, readFileSync(SMA, "utf8"), GRID_JSON, { ...config, memoryBudgetMb: 4096 }).run();
  const names = full.metricNames;
  const universe: MetricRows = { ...full.universe, names };
  const perSymbol: MetricRows = { ...full.perSymbol, names };
  const { mkdtempSync, writeFileSync } = await import("node:fs");
  const { tmpdir } = await import("node:os");
  const grid = resolve(mkdtempSync(resolve(tmpdir(), "barstream-bounded-")), "grid.json");
  writeFileSync(grid, GRID_JSON);

  it("the engine cuts the grid into several ranges at 1 MiB, one at the default budget", () => {
    const small = new native.SweepJob(batch, readFileSync(SMA, "utf8"), GRID_JSON, { ...config, memoryBudgetMb: 1 });
    expect(small.combosPerRange).toBeGreaterThan(1);
    expect(Math.ceil(741 / small.combosPerRange)).toBeGreaterThanOrEqual(8);
    expect(universe.combo.length).toBe(741);
  });

  for (const [metric, dir, keep] of [["sharpe", "max", 7], ["n_trades", "max", 25], ["max_drawdown", "min", 741]] as const) {
    it(`--metric ${metric} --keep ${keep}: universe and per-symbol rows equal the full ranking's first ${keep}`, async () => {
      const r = await runSweep({ data: SP500, symbols: SYMBOLS, badRows: "skip", strategy: SMA, grid, metric, keep, top: Math.min(keep, 10), memoryBudgetMb: 1, progress: false });
      expect(r.complete).toBe(true);
      expect(r.finished).toEqual({ combos: 741, pairs: 741 * SYMBOLS.length });
      expect(tuples(r.universe, r.universeRanking.order)).toEqual(topOfFull(universe, metric, dir, keep));
      expect(tuples(r.perSymbol, r.perSymbolRanking.order)).toEqual(topOfFull(perSymbol, metric, dir, keep));
      const heat = buildHeatmap(r.grid, universe, rankRows(universe, metric, dir), metric, dir, "indicators.fast.period", "indicators.slow.period");
      expect(r.heatmap).toEqual(heat);
    });
  }
});

describe("TopN", () => {
  it("keeps the first N of a full sort on seeded random rows with ties and NaN", () => {
    let seed = 17;
    const rand = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    for (let t = 0; t < 200; t++) {
      const n = 1 + Math.floor(rand() * 300);
      const keep = 1 + Math.floor(rand() * 40);
      const dir: Direction = rand() < 0.5 ? "max" : "min";
      const metrics = Float64Array.from({ length: n * 2 }, (_, i) => (i % 2 ? i : rand() < 0.2 ? NaN : Math.floor(rand() * 8)));
      // Combination ids in random order, as ranges and symbols deliver them.
      const combo = Int32Array.from({ length: n }, (_, i) => i);
      for (let i = n - 1; i > 0; i--) {
        const j = Math.floor(rand() * (i + 1));
        [combo[i], combo[j]] = [combo[j], combo[i]];
      }
      const rows: MetricRows = { combo, metrics, names: ["m", "x"] };
      const top = new TopN(keep, 2, 0, dir);
      for (let i = 0; i < n; i++) top.offer(combo[i], metrics, i * 2);
      const got = top.sorted();
      const want = topOfFull(rows, "m", dir, keep);
      expect(Array.from(got.combo)).toEqual(want.map((w) => w[0]));
      expect(Array.from(got.metrics)).toEqual(want.flatMap((w) => w[2]));
    }
  });
});
