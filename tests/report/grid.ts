/**
 * A small real parameter sweep for the sweep-report tests: the SMA cross on GOOG (daily,
 * ../shared/data/raw/sp500_5yr) for fast in {5, 10, 20} x slow in {30, 50, 100}, each run by
 * `runBacktest`; the Heatmap (Sharpe) and RankedRow[] are built from those runs, as the sweep
 * command would (combo = index in the grid, slow outer).
 */
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";

import { type BacktestResult, runBacktest } from "../../src/index.js";
import type { Heatmap, RankedRow } from "../../src/types/sweep.js";
import { EXAMPLES, RAW } from "../helpers.js";

export async function smaGrid() {
  const dir = mkdtempSync(join(tmpdir(), "bs-sweep-"));
  const spec = JSON.parse(readFileSync(resolve(EXAMPLES, "strategies/sma_cross.json"), "utf8"));
  const fast = [5, 10, 20];
  const slow = [30, 50, 100];
  const runs: { combo: number; f: number; s: number; r: BacktestResult }[] = [];
  let combo = 0;
  for (const s of slow) {
    for (const f of fast) {
      spec.indicators.fast.period = f;
      spec.indicators.slow.period = s;
      const file = join(dir, `c${combo}.json`);
      writeFileSync(file, JSON.stringify(spec));
      runs.push({ combo, f, s, r: await runBacktest({ data: resolve(RAW, "sp500_5yr"), symbols: ["GOOG"], strategy: file, progress: false }) });
      combo++;
    }
  }
  const sharpe = (r: BacktestResult) => r.universe.stats.sharpe as number;
  const cell = (f: number, s: number) => runs.find((x) => x.f === f && x.s === s)!;
  const heatmap: Heatmap = {
    metric: "sharpe", scope: "universe", reduce: "max",
    x: { param: "indicators.fast.period", values: fast },
    y: { param: "indicators.slow.period", values: slow },
    z: slow.map((s) => fast.map((f) => sharpe(cell(f, s).r))),
    combo: slow.map((s) => fast.map((f) => cell(f, s).combo)),
  };
  const ranked: RankedRow[] = [...runs].sort((a, b) => sharpe(b.r) - sharpe(a.r)).map((x, i) => ({
    rank: i + 1, combo: x.combo,
    params: { "indicators.fast.period": x.f, "indicators.slow.period": x.s },
    metrics: { sharpe: sharpe(x.r), total_return: x.r.universe.stats.total_return as number, max_drawdown: x.r.universe.stats.max_drawdown as number },
  }));
  const best = runs.find((x) => x.combo === ranked[0].combo)!.r;
  return { heatmap, ranked, best, runs };
}
