/**
 * Walk-forward end to end on GOOG.csv: fold boundaries as computed, the in-sample choice equal
 * to the best of plain backtests over the in-sample range (anchored folds have no warm-up
 * before their start, so a plain backtest ending at the fold's last IS bar is the same run),
 * the OOS statistics spanning exactly the OOS bars, and no look-ahead: altering every bar after
 * a fold's OOS end changes nothing in that fold or the ones before.
 */
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";

import { describe, expect, it } from "vitest";

import { runSweep } from "../../src/sweep/run.js";
import { openDataset } from "../../src/index.js";
import { timeline, walkForwardFolds } from "../../src/sweep/walkforward.js";
import { EXAMPLES, RAW } from "../helpers.js";
import { plainBacktest } from "./plain.js";

const GOOG = resolve(RAW, "backtesting_py", "GOOG.csv");
const SMA = resolve(EXAMPLES, "strategies", "sma_cross.json");
const GRID = resolve(EXAMPLES, "grids", "sma_cross.json");

describe("walk-forward", () => {
  it("anchored: folds as computed, IS choice = best plain backtest up to the IS end, OOS stats over the OOS bars", async () => {
    const r = await runSweep({ data: GOOG, strategy: SMA, grid: GRID, commission: 0.002, walkForward: "anchored", wfSplits: 3, wfOos: 0.25, progress: false });
    const wf = r.walkForward!;
    expect(wf.complete).toBe(true);
    const tl = timeline((await (await openDataset(GOOG)).load()).batch.ts);
    const folds = walkForwardFolds(tl, "anchored", 3, 0.25);
    expect(wf.folds.map((f) => [f.in_sample.bars, f.out_of_sample.bars])).toEqual(folds.map((f) => [f.isBars[1] - f.isBars[0], f.oosBars[1] - f.oosBars[0]]));
    for (const f of wf.folds) expect(f.out_of_sample_metrics.n_bars).toBe(f.out_of_sample.bars);

    for (const k of [0, 2]) {
      const f = wf.folds[k];
      let best = { sharpe: -Infinity, params: {} as Record<string, number> };
      for (let c = 0; c < r.grid.combos; c++) {
        const params = { "indicators.fast.period": r.grid.values[2 * c], "indicators.slow.period": r.grid.values[2 * c + 1] };
        const plain = await plainBacktest(SMA, params, { data: GOOG, commission: 0.002, end: f.in_sample.to });
        const s = (plain.universe.sharpe as number | null) ?? NaN;
        if (s > best.sharpe) best = { sharpe: s, params };
      }
      expect(f.chosen.params).toEqual(best.params);
      expect(f.in_sample_metric).toBe(best.sharpe);
    }
  });

  it("no look-ahead: bars altered after fold 2's OOS end leave folds 1-2 unchanged (and do change fold 4)", async () => {
    const opts = { strategy: SMA, grid: GRID, commission: 0.002, walkForward: "rolling" as const, wfSplits: 4, wfOos: 0.2, progress: false };
    const a = (await runSweep({ ...opts, data: GOOG })).walkForward!;
    const cut = a.folds[1].out_of_sample.to.slice(0, 10);
    const lines = readFileSync(GOOG, "utf8").trimEnd().split("\n");
    let seed = 12345;
    const rnd = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    const altered = lines.map((l, i) => {
      if (i === 0 || l.split(",")[0] <= cut) return l;
      const [d, o, h, lo, c, v] = l.split(",");
      const f = 0.7 + 0.6 * rnd(); // one factor per row keeps low <= open, close <= high
      return [d, +o * f, +h * f, +lo * f, +c * f, v].join(",");
    });
    const dir = mkdtempSync(join(tmpdir(), "barstream-wf-"));
    const file = join(dir, "GOOG.csv");
    writeFileSync(file, `${altered.join("\n")}\n`);
    const b = (await runSweep({ ...opts, data: file })).walkForward!;
    expect(b.folds.slice(0, 2)).toEqual(a.folds.slice(0, 2));
    expect(b.folds[3].out_of_sample_metrics).not.toEqual(a.folds[3].out_of_sample_metrics);
  });
});
