/** runSweep's errors name what is wrong and where (the API; the CLI's exit codes are in cli.test.ts). */
import { resolve } from "node:path";

import { describe, expect, it } from "vitest";

import { runSweep } from "../../src/sweep/run.js";
import { EXAMPLES, RAW } from "../helpers.js";

const GOOG = resolve(RAW, "backtesting_py", "GOOG.csv");
const base = { data: GOOG, strategy: resolve(EXAMPLES, "strategies", "sma_cross.json"), grid: resolve(EXAMPLES, "grids", "sma_cross.json"), progress: false };

describe("runSweep errors", () => {
  it("a selection above maxBars names the size, the limit and the way out", async () => {
    await expect(runSweep({ ...base, maxBars: 1000 })).rejects.toThrow(/2,148 bars; a sweep holds every symbol in one engine call .* limited to 1,000 bars: narrow it with --symbols or --start\/--end/);
  });

  it("a missing grid file names the file", async () => {
    await expect(runSweep({ ...base, grid: "nope.json" })).rejects.toThrow(/grid file nope\.json: cannot read \(ENOENT\)/);
  });

  it("too little data for the walk-forward folds names the flags", async () => {
    await expect(runSweep({ ...base, end: "2004-09-30", walkForward: "rolling", wfSplits: 30 })).rejects.toThrow(/--wf-splits 30 with --wf-oos 0.2/);
  });
});
