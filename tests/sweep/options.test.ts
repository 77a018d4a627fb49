/** Sweep option checks: the messages name the flag and what was expected. */
import { describe, expect, it } from "vitest";

import { metricDirection, RANKABLE_METRICS } from "../../src/sweep/metrics.js";
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
    expect(RANKABLE_METRICS).toContain("calmar");
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
