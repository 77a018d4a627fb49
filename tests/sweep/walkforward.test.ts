/**
 * Walk-forward fold boundaries on a real timeline (GOOG.csv, 2,148 daily bars). Expected
 * lengths are worked by hand from the formula in docs/sweep.md.
 */
import { resolve } from "node:path";

import { describe, expect, it } from "vitest";

import { openDataset } from "../../src/index.js";
import { aggregateFolds, timeline, walkForwardFolds } from "../../src/sweep/walkforward.js";
import type { FoldReport } from "../../src/types/sweep.js";
import { RAW } from "../helpers.js";

async function googTimeline() {
  const ds = await openDataset(resolve(RAW, "backtesting_py", "GOOG.csv"));
  return timeline((await ds.load()).batch.ts);
}

describe("walk-forward folds", () => {
  it("tiles the end of the range with contiguous OOS windows; rolling IS has a fixed length", async () => {
    const tl = await googTimeline();
    expect(tl.length).toBe(2148);
    // L = floor(0.2 * 2148 / (0.8 + 5 * 0.2)) = floor(238.67) = 238; I = 2148 - 5 * 238 = 958.
    const folds = walkForwardFolds(tl, "rolling", 5, 0.2);
    expect(folds.map((f) => f.oosBars)).toEqual([[958, 1196], [1196, 1434], [1434, 1672], [1672, 1910], [1910, 2148]]);
    expect(folds.map((f) => f.isBars)).toEqual([[0, 958], [238, 1196], [476, 1434], [714, 1672], [952, 1910]]);
    for (const f of folds) {
      expect(f.isTo < f.oosFrom).toBe(true);
      expect(f.isFrom).toBe(tl[f.isBars[0]]);
      expect(f.isTo).toBe(tl[f.isBars[1] - 1]);
      expect(f.oosFrom).toBe(tl[f.oosBars[0]]);
      expect(f.oosTo).toBe(tl[f.oosBars[1] - 1]);
    }
    expect(folds[4].oosTo).toBe(tl[tl.length - 1]);
  });

  it("anchored folds start every in-sample window at the first bar and share the OOS windows", async () => {
    const tl = await googTimeline();
    const rolling = walkForwardFolds(tl, "rolling", 4, 0.25);
    const anchored = walkForwardFolds(tl, "anchored", 4, 0.25);
    // L = floor(0.25 * 2148 / (0.75 + 1)) = 306; I = 2148 - 4 * 306 = 924.
    expect(anchored.map((f) => f.isBars)).toEqual([[0, 924], [0, 1230], [0, 1536], [0, 1842]]);
    expect(anchored.map((f) => f.oosBars)).toEqual(rolling.map((f) => f.oosBars));
    expect(anchored.every((f) => f.isFrom === tl[0])).toBe(true);
  });

  it("refuses folds the data cannot hold, naming the flags", async () => {
    const tl = (await googTimeline()).slice(0, 10);
    expect(() => walkForwardFolds(tl, "rolling", 20, 0.2)).toThrow(/--wf-splits 20 with --wf-oos 0.2: the data's 10 distinct bar times/);
  });

  it("timeline merges the bar times of several symbols into one sorted, unique list", () => {
    const ts = BigInt64Array.from([5n, 1n, 3n, 1n, 2n, 5n, 4n]);
    expect(Array.from(timeline(ts))).toEqual([1n, 2n, 3n, 4n, 5n]);
  });

  it("aggregates OOS folds: compounded return, means with undefined metrics left out, worst drawdown", () => {
    const fold = (tr: number, sharpe: number | null, dd: number, isM: number, n: number) =>
      ({ out_of_sample_metrics: { total_return: tr, sharpe, max_drawdown: dd, n_trades: n }, in_sample_metric: isM }) as unknown as FoldReport;
    const a = aggregateFolds([fold(0.1, 1, 0.05, 2, 3), fold(-0.05, null, 0.2, 1, 4)], "sharpe");
    expect(a.total_return_compounded).toBeCloseTo(1.1 * 0.95 - 1, 15);
    expect(a.oos_metric_mean).toBe(1);
    expect(a.is_metric_mean).toBe(1.5);
    expect(a.n_trades).toBe(7);
    expect(a.max_drawdown_worst).toBe(0.2);
  });
});
