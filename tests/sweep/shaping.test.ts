/**
 * Ranking, heatmap and files on real results: the metric rows come from plain backtests of
 * GOOG.csv (one runBacktest per combination), so these tests need no sweep engine.
 */
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";

import pl from "nodejs-polars";
import { beforeAll, describe, expect, it } from "vitest";

import type { MetricRows, SweepResult } from "../../src/types/sweep.js";
import { rankedFrame, writeSweepFiles } from "../../src/sweep/files.js";
import { buildHeatmap } from "../../src/sweep/heatmap.js";
import { sweepJson } from "../../src/sweep/json.js";
import { bestPerSymbol, rankRows, topRows } from "../../src/sweep/rank.js";
import { EXAMPLES, RAW } from "../helpers.js";
import { plainBacktest } from "./plain.js";

const GOOG = resolve(RAW, "backtesting_py", "GOOG.csv");
const STRATEGY = resolve(EXAMPLES, "strategies", "sma_cross.json");
const paths = ["indicators.fast.period", "indicators.slow.period"];
// A 3 x 3 grid with fast < slow, in combo order (last parameter fastest): 8 combinations.
const combos = [[5, 20], [5, 40], [5, 60], [10, 20], [10, 40], [10, 60], [20, 40], [20, 60]];
const grid = { paths, values: Float64Array.from(combos.flat()), combos: combos.length };

let names: string[];
let universe: MetricRows;
let stats: Record<string, unknown>[];

beforeAll(async () => {
  stats = [];
  for (const [f, s] of combos) {
    const r = await plainBacktest(STRATEGY, { [paths[0]]: f, [paths[1]]: s }, { data: GOOG, commission: 0.002 });
    stats.push(r.universe);
  }
  names = Object.keys(stats[0]).filter((k) => typeof stats[0][k] === "number" || stats[0][k] === null);
  universe = {
    combo: Int32Array.from(combos.keys()),
    metrics: Float64Array.from(stats.flatMap((s) => names.map((n) => (s[n] === null ? NaN : (s[n] as number))))),
    names,
  };
});

describe("ranking", () => {
  it("orders by the metric in its direction, ties by combo id, NaN last", () => {
    for (const [metric, dir] of [["sharpe", "max"], ["max_drawdown", "min"]] as const) {
      const ranking = rankRows(universe, metric, dir);
      const v = Array.from(ranking.order, (i) => stats[i][metric] as number | null);
      const expected = [...v].sort((a, b) => (a === null ? 1 : b === null ? -1 : dir === "max" ? b - a : a - b));
      expect(v).toEqual(expected);
      expect(Array.from(ranking.rank)).toEqual(combos.map((_, k) => k + 1));
    }
  });

  it("ranks per symbol within each symbol", () => {
    const rows: MetricRows = { ...universe, combo: Int32Array.from([...combos.keys(), ...combos.keys()]), symbolIndex: Int32Array.from([...combos.map(() => 1), ...combos.map(() => 0)]), metrics: Float64Array.from([...universe.metrics, ...universe.metrics]) };
    const ranking = rankRows(rows, "sharpe", "max");
    const best = bestPerSymbol(rows, ranking, grid, ["A", "B"]);
    expect(best.map((r) => [r.symbol, r.rank])).toEqual([["A", 1], ["B", 1]]);
    expect(best[0].combo).toBe(topRows(universe, rankRows(universe, "sharpe", "max"), 1, grid)[0].combo);
  });
});

describe("heatmap", () => {
  it("has the grid's axes and, per cell, the ranked row with those two values", () => {
    const ranking = rankRows(universe, "sharpe", "max");
    const h = buildHeatmap(grid, universe, ranking, "sharpe", "max", paths[0], paths[1]);
    expect(h.x.values).toEqual([5, 10, 20]);
    expect(h.y.values).toEqual([20, 40, 60]);
    const ranked = topRows(universe, ranking, combos.length, grid);
    for (const [yi, y] of h.y.values.entries()) {
      for (const [xi, x] of h.x.values.entries()) {
        const row = ranked.find((r) => r.params[paths[0]] === x && r.params[paths[1]] === y);
        expect(h.combo[yi][xi]).toBe(row?.combo ?? null);
        expect(h.z[yi][xi]).toBe(row ? row.metrics.sharpe : null);
      }
    }
    expect(h.z[0][2]).toBeNull(); // fast 20, slow 20: excluded by fast < slow
  });

  it("refuses a heatmap parameter that is not in the grid", () => {
    const ranking = rankRows(universe, "sharpe", "max");
    expect(() => buildHeatmap(grid, universe, ranking, "sharpe", "max", "risk.stop_loss", paths[1])).toThrow(/--heatmap: "risk.stop_loss" is not a grid parameter/);
  });
});

describe("files", () => {
  it("ranked.csv and ranked.parquet hold the same numbers as the ranking", async () => {
    const ranking = rankRows(universe, "sharpe", "max");
    const empty: MetricRows = { combo: new Int32Array(0), symbolIndex: new Int32Array(0), metrics: new Float64Array(0), names };
    const r = {
      complete: true, strategy: { name: "sma_cross", file: STRATEGY }, grid: { ...grid, file: "g.json", full_grid_size: 9 },
      settings: {}, data: { path: GOOG, symbols: ["GOOG"], bars: 2148, rows_read: 2148, skipped: {}, skipped_rows: [], files: 1 },
      metric: "sharpe", direction: "max", universe, universeRanking: ranking, perSymbol: empty, perSymbolRanking: rankRows(empty, "sharpe", "max"),
      heatmap: buildHeatmap(grid, universe, ranking, "sharpe", "max", paths[0], paths[1]), finished: { combos: universe.combo.length, pairs: 0 },
      engine: { indicators_computed: 0, indicators_requested: 0, bar_evaluations: 0, compute_ms: 0, bar_evaluations_per_s: 0 },
      timing_ms: { load: 0, sweep: 0, total: 0 },
    } as unknown as SweepResult;
    const dir = mkdtempSync(join(tmpdir(), "barstream-sweep-files-"));
    const files = await writeSweepFiles(r, dir, 3);
    const csv = pl.readCSV(files.ranked_csv);
    const pq = pl.readParquet(files.ranked_parquet);
    const frame = rankedFrame(universe, ranking, r.grid);
    expect(csv.columns).toEqual(["rank", "combo", ...paths, ...names]);
    expect(pq.columns).toEqual(csv.columns);
    for (const c of csv.columns) {
      const want = Array.from(frame.getColumn(c).toArray() as number[]);
      expect(Array.from(pq.getColumn(c).toArray() as number[])).toEqual(want);
      expect((csv.getColumn(c).toArray() as number[]).map(Number)).toEqual(want.map(Number));
    }
    expect(csv.getColumn("combo").toArray()).toEqual(Array.from(ranking.order));
    const summary = JSON.parse(readFileSync(files.summary_json, "utf8"));
    expect(summary).toEqual(JSON.parse(JSON.stringify(sweepJson(r, 3))));
    expect(summary.best.combo).toBe(ranking.order[0]);
    expect(JSON.parse(readFileSync(files.heatmap_json, "utf8"))).toEqual(JSON.parse(JSON.stringify(r.heatmap)));
  });
});
