/**
 * Parity: a sample of combinations, always including the best and the worst, equals a plain
 * `runBacktest` of the substituted spec (tests/sweep/plain.ts) bit for bit, per symbol and
 * universe-level (universe `sqn`: within the engine's documented 1e-10 relative), on real data: GOOG.csv (the backtesting.py sample) and four S&P 500 symbols.
 */
import { resolve } from "node:path";

import { describe, expect, it } from "vitest";

import { runSweep } from "../../src/sweep/run.js";
import type { SweepResult } from "../../src/types/sweep.js";
import { comboParams, rankedRow, rowMetrics, topRows } from "../../src/sweep/rank.js";
import { EXAMPLES, RAW } from "../helpers.js";
import { plainBacktest } from "./plain.js";

const GOOG = resolve(RAW, "backtesting_py", "GOOG.csv");
const SP500 = resolve(RAW, "sp500_5yr");
const SMA = resolve(EXAMPLES, "strategies", "sma_cross.json");
const SMA_RISK = resolve(EXAMPLES, "strategies", "sma_cross_risk.json");

const asNum = (v: unknown) => (v === null || v === undefined ? NaN : (v as number));

/** Combination ids to check: best, worst and `k` more spread over the ranking. */
function sample(r: SweepResult, k: number): number[] {
  const order = r.universeRanking.order;
  const ids = new Set([r.universe.combo[order[0]], r.universe.combo[order[order.length - 1]]]);
  for (let i = 1; i <= k; i++) ids.add(r.universe.combo[order[Math.floor((i * order.length) / (k + 1))]]);
  return [...ids];
}

async function checkParity(r: SweepResult, strategy: string, opts: Parameters<typeof plainBacktest>[2], k: number) {
  const names = r.universe.names;
  expect(r.complete).toBe(true);
  expect(r.universe.combo.length).toBe(r.grid.combos);
  expect(r.perSymbol.combo.length).toBe(r.grid.combos * r.data.symbols.length);
  for (const combo of sample(r, k)) {
    const params = comboParams(r.grid, combo);
    const plain = await plainBacktest(strategy, params, opts);
    const ui = r.universe.combo.indexOf(combo);
    const uni = rowMetrics(r.universe, ui);
    for (const n of names) {
      const [got, want] = [asNum(uni[n]), asNum(plain.universe[n])];
      // The one documented tolerance (crates/stats/src/trade_stream.rs): the sweep streams the
      // universe's trade statistics, and sqn's sample std from shifted sums is within 1e-10
      // relative of the two-pass value; every other metric is bit-equal.
      if (n === "sqn" && Number.isFinite(want)) expect(Math.abs(got - want)).toBeLessThanOrEqual(1e-10 * Math.abs(want));
      else expect([combo, n, got]).toEqual([combo, n, want]);
    }
    for (let i = 0; i < r.perSymbol.combo.length; i++) {
      if (r.perSymbol.combo[i] !== combo) continue;
      const sym = r.data.symbols[r.perSymbol.symbolIndex![i]];
      const m = rowMetrics(r.perSymbol, i);
      const p = plain.perSymbol.get(sym)!;
      for (const n of names) expect([combo, sym, n, asNum(m[n])]).toEqual([combo, sym, n, asNum(p[n])]);
    }
  }
}

describe("sweep parity with plain backtests", () => {
  it("GOOG, full SMA-cross grid with a constraint: best, worst and 6 more combinations", async () => {
    const r = await runSweep({ data: GOOG, strategy: SMA, grid: resolve(EXAMPLES, "grids", "sma_cross.json"), commission: 0.002, progress: false });
    // fast 5..50 step 5 (10 values) x slow [20,30,50,100,150,200] with fast < slow, counted by hand: 3 + 5 + 9 + 10 + 10 + 10 = 47.
    expect(r.grid.full_grid_size).toBe(60);
    expect(r.grid.combos).toBe(47);
    await checkParity(r, SMA, { data: GOOG, commission: 0.002 }, 6);
  });

  it("four S&P 500 symbols, sampled risk grid (stop loss / take profit paths created): per symbol and universe", async () => {
    const symbols = ["AAPL", "JPM", "MSFT", "XOM"];
    const opts = { data: SP500, symbols, commission: 0.001, slippage: 0.0005, badRows: "skip" as const };
    const r = await runSweep({ ...opts, strategy: SMA_RISK, grid: resolve(EXAMPLES, "grids", "sma_cross_risk.json"), progress: false, metric: "total_return" });
    expect(r.grid.combos).toBe(200);
    expect(r.data.symbols).toEqual(symbols);
    await checkParity(r, SMA_RISK, opts, 4);

    // Heatmap over fast x slow: each cell is the best of the ranked rows with those two values.
    const h = r.heatmap!;
    expect([h.x.param, h.y.param]).toEqual(["indicators.fast.period", "indicators.slow.period"]);
    const ranked = topRows(r.universe, r.universeRanking, r.universe.combo.length, r.grid);
    for (const [yi, y] of h.y.values.entries()) {
      for (const [xi, x] of h.x.values.entries()) {
        const best = ranked.find((row) => row.params[h.x.param] === x && row.params[h.y.param] === y);
        expect([x, y, h.combo[yi][xi]]).toEqual([x, y, best?.combo ?? null]);
        expect(h.z[yi][xi]).toBe(best ? best.metrics.total_return : null);
      }
    }
    expect(rankedRow(r.universe, r.universeRanking, 0, r.grid).rank).toBe(1);
  });
});
