/**
 * Bounded sweeps (issue 17 case 15): the engine runs the grid in ranges and only the best
 * `--keep` rows per ranking are kept. On grids small enough to keep everything, the kept rows
 * must equal the first N rows of the full, unbounded run ranked at once (universe-level and per
 * symbol, ties broken by combination id), and the heatmap must equal the one built from every
 * row. The bounded heap itself is checked against a full sort on seeded random rows with many
 * ties and NaNs.
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";

import pl from "nodejs-polars";
import { describe, expect, it } from "vitest";

import { openDataset } from "../../src/index.js";
import { engineConfig, resolveBacktestOptions } from "../../src/backtest/options.js";
import { native } from "../../src/engine/native.js";
import { buildHeatmap } from "../../src/sweep/heatmap.js";
import { rankRows } from "../../src/sweep/rank.js";
import { runSweep } from "../../src/sweep/run.js";
import { TopN } from "../../src/sweep/topn.js";
import type { Direction, MetricRows } from "../../src/types/sweep.js";
import { cli, EXAMPLES, RAW } from "../helpers.js";

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

describe("barstream sweep --keep / --all-results", () => {
  const GOOG = resolve(RAW, "backtesting_py", "GOOG.csv");
  const base = ["sweep", "--data", GOOG, "--strategy", "examples/strategies/sma_cross.json", "--grid", "examples/grids/sma_cross.json", "--commission", "0.002"];

  it("ranked.* hold the best --keep rows; --all-results streams all 47 rows, whose best 5 are ranked.csv", async () => {
    const out = mkdtempSync(join(tmpdir(), "barstream-keep-"));
    const r = await cli([...base, "--keep", "5", "--top", "3", "--all-results", "--out", out, "--json"]);
    expect(r.code, r.stderr).toBe(0);
    const summary = JSON.parse(readFileSync(join(out, "summary.json"), "utf8"));
    expect(summary.combos_finished).toBe(47);
    expect(summary.settings.keep).toBe(5);
    const ranked = pl.readCSV(join(out, "ranked.csv"));
    expect(ranked.height).toBe(5);
    expect(pl.readParquet(join(out, "per_symbol.parquet")).height).toBe(5);
    const all = pl.readCSV(join(out, "all_universe.csv"));
    expect(all.height).toBe(47);
    expect(all.columns.slice(0, 3)).toEqual(["combo", "indicators.fast.period", "indicators.slow.period"]);
    expect((all.getColumn("combo").toArray() as number[]).sort((a, b) => a - b)).toEqual(Array.from({ length: 47 }, (_, i) => i));
    const best = all.sort(["sharpe", "combo"], [true, false]).head(5);
    expect(best.getColumn("combo").toArray()).toEqual(ranked.getColumn("combo").toArray());
    expect(best.getColumn("sharpe").toArray()).toEqual(ranked.getColumn("sharpe").toArray());
    const per = pl.readCSV(join(out, "all_per_symbol.csv"));
    expect(per.height).toBe(47);
    expect(new Set(per.getColumn("symbol").toArray())).toEqual(new Set(["GOOG"]));
    expect(readdirSync(out).filter((f) => f.endsWith(".partial"))).toEqual([]);
    // A later run into the same folder without --all-results does not leave the old rows beside its summary.
    const again = await cli([...base, "--keep", "5", "--top", "3", "--out", out, "--json"]);
    expect(again.code, again.stderr).toBe(0);
    expect(existsSync(join(out, "all_universe.csv")) || existsSync(join(out, "all_per_symbol.csv"))).toBe(false);
  });

  it("usage errors exit 2: --keep below --top, --all-results without --out", async () => {
    const low = await cli([...base, "--keep", "2", "--top", "3"]);
    expect(low.code).toBe(2);
    expect(low.stderr).toMatch(/--keep: expected a whole number of rows in \[--top \(3\), 10000000\], got 2/);
    const noOut = await cli([...base, "--all-results"]);
    expect(noOut.code).toBe(2);
    expect(noOut.stderr).toMatch(/all-results -> out/);
  });
});
