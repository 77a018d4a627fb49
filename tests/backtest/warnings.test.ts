/**
 * A run that rejects every order, or selects no bar, says so (issue 14): a warning on stderr with
 * the reason and the count, and the same in `--json`'s `warnings`; a healthy run has none.
 * Real data: GOOG daily (backtesting.py's sample) and S&P 500 symbols.
 */
import { resolve } from "node:path";

import { describe, expect, it } from "vitest";

import { runBacktest } from "../../src/backtest/run.js";
import { cli, EXAMPLES, RAW } from "../helpers.js";

const GOOG = resolve(RAW, "backtesting_py/GOOG.csv");
const SMA = resolve(EXAMPLES, "strategies/sma_cross.json");

describe("warnings for empty or hollow runs", () => {
  it("every order rejected: cash 50 buys no whole GOOG share (94 orders, 0 trades)", async () => {
    const r = await cli(["backtest", "--data", GOOG, "--strategy", SMA, "--cash", "50", "--json"]);
    expect(r.code, r.stderr).toBe(0);
    const j = JSON.parse(r.stdout);
    expect(j.universe.trades).toBe(0);
    const rejected = j.universe.rejected_orders as number;
    expect(rejected).toBe(94); // every entry signal of SMA(10, 20) on GOOG, none filled
    expect(j.warnings).toEqual([{ code: "all_orders_rejected", count: rejected, message: expect.stringContaining("sizing gave zero units: cash 50.00 per symbol") }]);
    expect(r.stderr).toContain(`warning: all ${rejected} orders were rejected, 0 trades: sizing gave zero units`);
  });

  it("no bars in the date range: names the range, in the table run too", async () => {
    const r = await cli(["backtest", "--data", GOOG, "--strategy", SMA, "--start", "2020-01-01"]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain("warning: no bars between 2020-01-01 and the data's end: 1 symbol selected, none has a bar");
    const j = JSON.parse((await cli(["backtest", "--data", GOOG, "--strategy", SMA, "--start", "2020-01-01", "--json"])).stdout);
    expect(j.warnings.map((w: { code: string; count: number }) => [w.code, w.count])).toEqual([["no_bars", 1]]);
  });

  it("a healthy run has no warning", async () => {
    const r = await cli(["backtest", "--data", GOOG, "--strategy", SMA, "--json"]);
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout).warnings).toEqual([]);
    expect(r.stderr).not.toContain("warning:");
  });

  it("some symbols: those with every order rejected are named, with their rejected count from the engine", async () => {
    const res = await runBacktest({ data: resolve(RAW, "sp500_5yr"), symbols: ["AAPL", "GOOG", "F"], strategy: SMA, cash: 300, badRows: "skip", progress: false });
    const goog = res.symbols.find((s) => s.symbol === "GOOG")!;
    expect(goog.trades).toBe(0); // GOOG traded above 300 in 2013-2018
    expect(goog.rejected_orders).toBeGreaterThan(0);
    expect(res.universe.trades).toBeGreaterThan(0);
    expect(res.warnings).toEqual([{ code: "symbols_all_rejected", count: goog.rejected_orders, message: expect.stringMatching(/^1 symbol had every order rejected \(\d+ orders, 0 trades\): GOOG; /) }]);
  });

  it("some symbols without a bar in the range are counted and named", async () => {
    // FTV was listed in mid-2016: nothing before.
    const res = await runBacktest({ data: resolve(RAW, "sp500_5yr"), symbols: ["AAPL", "FTV"], strategy: SMA, end: "2015-12-31", badRows: "skip", progress: false });
    expect(res.symbols.find((s) => s.symbol === "FTV")!.bars).toBe(0);
    expect(res.warnings?.map((w) => [w.code, w.count])).toEqual([["symbols_without_bars", 1]]);
    expect(res.warnings?.[0].message).toContain("FTV");
  });
});
