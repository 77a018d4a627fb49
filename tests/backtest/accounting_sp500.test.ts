/**
 * Accounting through the whole stack (CSV loader -> N-API -> engine): on every symbol of
 * the S&P 500 set, the sum of trade P&L after costs equals final equity minus initial
 * cash, to the cent. Bad rows of the raw files are skipped and counted.
 */
import { resolve } from "node:path";

import { describe, expect, it } from "vitest";

import { runBacktest } from "../../src/index.js";
import { EXAMPLES, RAW } from "../helpers.js";

describe("accounting on the S&P 500 set", async () => {
  const cash = 50_000;
  const result = await runBacktest({
    data: resolve(RAW, "sp500_5yr"),
    strategy: resolve(EXAMPLES, "strategies/sma_cross_risk.json"),
    cash,
    commission: 0.001,
    commissionFixed: 1,
    slippage: 0.0005,
    badRows: "skip",
    progress: false,
  });

  it("runs all 505 symbols and reports the skipped rows per rule", () => {
    expect(result.symbols.length).toBe(505);
    const skipped = Object.values(result.data.skipped).reduce((a, b) => a + b, 0);
    // SOURCES.md: 11 rows with an empty OHLC field and 12 inconsistent rows.
    expect(skipped).toBeGreaterThanOrEqual(23);
    expect(result.trades.length).toBeGreaterThan(1000);
  });

  it("sums trade P&L to the equity change on every symbol, to the cent", () => {
    const pnl = new Map<string, number>();
    // Closed trades plus the positions still open at the end (unrealised at the last close).
    for (const t of [...result.trades, ...result.open_trades]) pnl.set(t.symbol, (pnl.get(t.symbol) ?? 0) + t.pnl);
    for (const s of result.symbols) {
      const change = (s.stats.equity_final as number) - cash;
      expect(Math.abs((pnl.get(s.symbol) ?? 0) - change), s.symbol).toBeLessThan(0.005);
    }
  });

  it("sums the universe equity to the symbols' final equity", () => {
    const total = result.symbols.reduce((a, s) => a + (s.stats.equity_final as number), 0);
    expect(Math.abs((result.universe.stats.equity_final as number) - total)).toBeLessThan(0.01);
  });
});
