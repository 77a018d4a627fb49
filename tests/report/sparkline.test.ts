/** The terminal sparkline's sampling, on a real equity curve (GOOG, SMA cross, daily). */
import { resolve } from "node:path";

import { describe, expect, it } from "vitest";

import { runBacktest } from "../../src/index.js";
import { sampleLast, sparkline } from "../../src/report/sparkline.js";
import { EXAMPLES, RAW } from "../helpers.js";

describe("sparkline", () => {
  it("samples the level at the end of each equal run of bars, ending on the final equity", async () => {
    const r = await runBacktest({ data: resolve(RAW, "sp500_5yr"), symbols: ["GOOG"], strategy: resolve(EXAMPLES, "strategies/sma_cross.json"), progress: false });
    const eq = r.equity[0].equity;
    expect(eq.length).toBe(975);
    const s = sampleLast(eq, 48); // runs of ceil(975 / 48) = 21 bars
    expect(s.length).toBe(47);
    expect(s[0]).toBe(eq[20]);
    expect(s[1]).toBe(eq[41]);
    expect(s.at(-1)).toBe(r.symbols[0].stats.equity_final);
    const line = sparkline(eq);
    expect([...line].length).toBe(47);
    expect(line).toMatch(/^[▁▂▃▄▅▆▇█]+$/);
    // The lowest sampled level draws the lowest block, the highest the full block.
    expect([...line][s.indexOf(Math.min(...s))]).toBe("▁");
    expect([...line][s.indexOf(Math.max(...s))]).toBe("█");
  });

  it("is empty for an empty curve", () => {
    expect(sparkline(new Float64Array(0))).toBe("");
  });
});
