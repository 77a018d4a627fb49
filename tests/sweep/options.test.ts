/** Sweep option checks: the messages name the flag and what was expected. */
import { describe, expect, it } from "vitest";

import { statDefs } from "../../src/engine/schema.js";
import { checkSweepMetrics, metricDirection, rankableMetrics } from "../../src/sweep/metrics.js";
import { resolveSweepOptions } from "../../src/sweep/options.js";

const base = { data: "d", strategy: "s", grid: "g" };

describe("sweep options", () => {
  it("defaults to sharpe, maximised", () => {
    const o = resolveSweepOptions(base);
    expect(o.metric).toBe("sharpe");
    expect(o.direction).toBe("max");
  });

  it("ranks drawdown and volatility downwards, returns upwards", () => {
    expect(metricDirection("max_drawdown")).toBe("min");
    expect(metricDirection("volatility")).toBe("min");
    expect(metricDirection("total_return")).toBe("max");
  });

  it("an unknown metric lists the valid ones", () => {
    expect(() => resolveSweepOptions({ ...base, metric: "sharp" })).toThrow(/--metric: unknown metric "sharp"; valid: .*sharpe/);
    expect(rankableMetrics()).toContain("calmar");
    expect(() => metricDirection("n_bars")).toThrow(/--metric: unknown metric "n_bars"/); // no better direction
  });

  it("takes rankable metrics and directions from the engine's statistics schema", () => {
    const defs = statDefs();
    expect(rankableMetrics()).toEqual(defs.filter((d) => d.better !== "none").map((d) => d.name).sort());
    for (const d of defs.filter((x) => x.better !== "none")) expect(metricDirection(d.name)).toBe(d.better === "higher" ? "max" : "min");
    expect(rankableMetrics()).not.toContain("buy_and_hold_return");
    expect(() => checkSweepMetrics(["sharpe", "not_a_stat"])).toThrow(/"not_a_stat" are not in the engine's statistics schema/);
  });

  it("checks the engine settings with the engine's message", () => {
    expect(() => resolveSweepOptions({ ...base, commission: 0.5 })).toThrow("--commission: expected a fraction in [0, 0.5), e.g. 0.002 for 0.2%, got 0.5");
    expect(() => resolveSweepOptions({ ...base, threads: 0 })).toThrow("--threads: expected a positive integer, got 0");
    expect(resolveSweepOptions(base)).toMatchObject({ cash: 10_000, commission: 0, fill: "next_open", ambiguity: "stop_first" });
    expect(resolveSweepOptions(base)).not.toHaveProperty("window");
  });

  it("checks walk-forward flags only with --walk-forward", () => {
    expect(() => resolveSweepOptions({ ...base, walkForward: "rolling", wfOos: 1 })).toThrow(/--wf-oos: expected a fraction in \(0, 1\)/);
    expect(() => resolveSweepOptions({ ...base, walkForward: "anchored", wfSplits: 0 })).toThrow(/--wf-splits: expected a whole number/);
    expect(resolveSweepOptions({ ...base, wfOos: 1 }).wfOos).toBe(1);
  });

  it("--heatmap needs two different parameters", () => {
    expect(() => resolveSweepOptions({ ...base, heatmap: ["a", "a"] })).toThrow(/--heatmap: expected two different parameter paths/);
  });
});
