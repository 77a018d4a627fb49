/**
 * Parity with backtesting.py 0.6.6 on its own GOOG.csv: the README SmaCross example
 * (SMA 10/20, buy on crossover, sell on crossunder, exclusive orders, commission 0.2%,
 * cash 10,000). Golden: tests/golden/backtesting_py/sma_cross_goog.json, produced by
 * make_sma_cross_goog.py (versions inside the file).
 */
import { readFileSync } from "node:fs";
import { resolve } from "node:path";

import { describe, expect, it } from "vitest";

import { runBacktest } from "../../src/index.js";
import { EXAMPLES, RAW, ROOT } from "../helpers.js";
import type { GoldenTrade } from "../golden/backtesting_py/golden.js";

const golden = JSON.parse(readFileSync(resolve(ROOT, "tests/golden/backtesting_py/sma_cross_goog.json"), "utf8")) as {
  trades: GoldenTrade[];
  open_trades_at_end: GoldenTrade[];
  final_equity: number;
};

describe("backtesting.py SmaCross on GOOG.csv", async () => {
  const result = await runBacktest({
    data: resolve(RAW, "backtesting_py/GOOG.csv"),
    strategy: resolve(EXAMPLES, "strategies/sma_cross.json"),
    cash: 10_000,
    commission: 0.002,
    progress: false,
  });
  // backtesting.py leaves the last trade open (finalize_trades=False); so does ours by
  // default (--close-at-end none): listed apart in open_trades, valued at the last close.
  const closed = result.trades;
  const open = result.open_trades;

  it("has the same number of closed trades and the same open trade", () => {
    expect(closed.length).toBe(golden.trades.length);
    expect(open.length).toBe(golden.open_trades_at_end.length);
    expect(open[0].entry_bar).toBe(golden.open_trades_at_end[0].entry_bar);
    expect(open[0].qty).toBe(Math.abs(golden.open_trades_at_end[0].size));
    expect(open[0].exit_reason).toBe("open");
  });

  it("has the same entry and exit bars, sides, sizes and prices for every trade", () => {
    closed.forEach((t, i) => {
      const g = golden.trades[i];
      expect({ i, side: t.side, entry: t.entry_bar, exit: t.exit_bar, qty: t.qty, ep: t.entry_price, xp: t.exit_price }).toEqual({
        i, side: g.side, entry: g.entry_bar, exit: g.exit_bar, qty: Math.abs(g.size), ep: g.entry_price, xp: g.exit_price,
      });
    });
  });

  it("has the same P&L and commission per trade to the cent", () => {
    closed.forEach((t, i) => {
      expect(Math.abs(t.pnl - golden.trades[i].pnl)).toBeLessThan(0.005);
      expect(Math.abs(t.commission - golden.trades[i].commission)).toBeLessThan(0.005);
    });
  });

  it("ends with the same final equity within $0.01", () => {
    const final = result.symbols[0].stats.equity_final as number;
    expect(Math.abs(final - golden.final_equity)).toBeLessThan(0.01);
  });
});
