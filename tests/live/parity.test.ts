/**
 * Parity, real processes: `feed` -> `live` over tcp loopback gives exactly the trades,
 * per-symbol statistics and equity of `backtest` on the same bars (golden source: the
 * backtest CLI on the same file, itself checked against backtesting.py in tests/backtest).
 */
import { describe, expect, it } from "vitest";

import { EXAMPLES } from "../helpers.js";
import { CRYPTO, GOOG } from "./fixtures.js";
import { expectSameResult, run, start, startFeed, type Report } from "./procs.js";

async function feedToLive(data: string, feedArgs: string[], liveArgs: string[]): Promise<Report> {
  const { feed, endpoint } = await startFeed(["--data", data, "--no-drop", ...feedArgs]);
  const live = start(["live", "--connect", endpoint, "--exit-on-eos", "--json", "--quiet", ...liveArgs]);
  const [lc, fc] = await Promise.all([live.exited, feed.exited]);
  expect(lc, live.stderr()).toBe(0);
  expect(fc, feed.stderr()).toBe(0);
  return JSON.parse(live.stdout()) as Report;
}

describe("feed -> live = backtest (real CLI processes)", () => {
  it("GOOG.csv, SMA cross with 0.2% commission, JSON payloads", async () => {
    const strategy = `${EXAMPLES}/strategies/sma_cross.json`;
    const live = await feedToLive(GOOG, ["--encoding", "json"], ["--strategy", strategy, "--commission", "0.002"]);
    const bt = JSON.parse((await run(["backtest", "--data", GOOG, "--strategy", strategy, "--commission", "0.002", "--json"])).stdout) as Report;
    expect(bt.trades.length).toBe(93); // backtesting.py's 93 closed trades (tests/backtest/parity_backtesting_py.test.ts)
    expect(bt.open_trades.length).toBe(1); // and its one trade open at the end
    expectSameResult(live, bt);
    expect(live.live).toMatchObject({ applied: 2148, rejected: {}, gaps: { count: 0 }, eos: true });
  });

  it("five 1-minute crypto files (201,600 bars), SMA cross with all five risk exits, costs, binary payloads", async () => {
    const strategy = `${EXAMPLES}/strategies/sma_cross_risk.json`;
    const costs = ["--commission", "0.001", "--slippage", "0.0002", "--cash", "5000"];
    const live = await feedToLive(CRYPTO, ["--encoding", "binary"], ["--strategy", strategy, ...costs]);
    const bt = JSON.parse((await run(["backtest", "--data", CRYPTO, "--strategy", strategy, ...costs, "--json"])).stdout) as Report;
    expect(bt.trades.length).toBeGreaterThan(1000);
    // reversals, ATR stops, time exits and the open positions at the end: the risk path is exercised
    expect([...new Set(bt.trades.map((t) => t.exit_reason))].sort()).toEqual(["atr_stop", "reverse", "time_exit"]);
    expect(bt.open_trades.length).toBeGreaterThan(0);
    expect(new Set(bt.open_trades.map((t) => t.exit_reason))).toEqual(new Set(["open"]));
    expectSameResult(live, bt);
    expect(live.live).toMatchObject({ applied: 201_600, rejected: {}, gaps: { count: 0 }, eos: true });
  });
});
