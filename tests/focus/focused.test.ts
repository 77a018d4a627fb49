/**
 * Focused replay end to end (loader -> N-API -> engine -> report): on all 505 S&P 500
 * symbols and on 1-minute crypto, futures, FX and BTC-perp bars, with the example
 * strategies and several window sizes, the engine's plain-path check (`verify`) finds the
 * focused result identical to the full replay restricted to the windows; coverage is
 * reported and below 100% where the strategy allows; with windows over every bar it equals
 * the ordinary backtest.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";

import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { type BacktestResult, runBacktest } from "../../src/index.js";
import { EXAMPLES, RAW } from "../helpers.js";
import { writeBreakouts } from "./helpers.js";

const dir = mkdtempSync(join(tmpdir(), "barstream-focus-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const strategy = (name: string) => resolve(EXAMPLES, `strategies/${name}.json`);

function expectIdentical(r: BacktestResult): void {
  const f = r.focus;
  expect(f, "focus section").toBeDefined();
  expect(f?.verify?.identical, f?.verify?.mismatch).toBe(true);
  expect(f?.verify?.focused_ms).toBeGreaterThan(0);
  expect(f?.verify?.plain_ms).toBeGreaterThan(0);
  // Coverage adds up from the per-symbol figures.
  const sim = f?.symbols.reduce((a, s) => a + s.bars_simulated, 0);
  expect(sim).toBe(f?.bars_simulated);
  expect(f?.bars).toBe(r.data.rows_kept);
}

describe("focused replay on the S&P 500 set", () => {
  const data = resolve(RAW, "sp500_5yr");
  const file = join(dir, "sp500.jsonl");
  beforeAll(async () => {
    await writeBreakouts(data, file, 60, 4);
  });

  for (const [name, window] of [["sma_cross", 20], ["sma_cross_risk", 5], ["rsi_trend_risk", 60]] as const) {
    it(`${name}, window ${window}: identical to the plain path on all 505 symbols`, async () => {
      const r = await runBacktest({ data, strategy: strategy(name), badRows: "skip", candidates: file, window, verify: true, commission: 0.001, slippage: 0.0005, progress: false });
      expect(r.symbols.length).toBe(505);
      expectIdentical(r);
      expect(r.focus?.candidates.used).toBe(r.focus?.lines);
      expect(r.trades.length).toBeGreaterThan(name === "rsi_trend_risk" ? 0 : 500);
    });
  }
});

describe("focused replay on 1-minute bars", () => {
  for (const folder of ["crypto_1m_binance", "intraday_nautilus"]) {
    const data = resolve(RAW, folder);
    const file = join(dir, `${folder}.jsonl`);
    beforeAll(async () => {
      await writeBreakouts(data, file, 240, 25);
    });
    for (const [name, window, fill] of [["sma_cross", 5, "next_open"], ["sma_cross_risk", 20, "same_close"], ["rsi_trend_risk", 60, "next_open"]] as const) {
      it(`${folder}, ${name}, window ${window}, ${fill}: identical to the plain path`, async () => {
        const r = await runBacktest({ data, strategy: strategy(name), candidates: file, window, fill, verify: true, progress: false });
        expectIdentical(r);
        if (name === "sma_cross") {
          // No recursive indicator: lead-in is the warm-up plus the anchor alignment.
          expect(r.focus?.coverage).toBeLessThan(0.5);
          expect(r.trades.length).toBeGreaterThan(20);
        }
      });
    }
  }
});

describe("windows over every bar", () => {
  it("give the ordinary backtest's trades, equity and statistics", async () => {
    const data = resolve(RAW, "crypto_1m_binance");
    const file = join(dir, "every.jsonl");
    // A breakout every 40 bars or so, window 400: every bar is in a window.
    await writeBreakouts(data, file, 5, 1);
    const opts = { data, strategy: strategy("sma_cross_risk"), commission: 0.001, progress: false } as const;
    const [full, focused] = [await runBacktest(opts), await runBacktest({ ...opts, candidates: file, window: 400 })];
    expect(focused.focus?.window_bars).toBe(focused.focus?.bars);
    expect(focused.trades).toEqual(full.trades);
    expect(focused.symbols.map((s) => s.stats)).toEqual(full.symbols.map((s) => s.stats));
    focused.equity.forEach((e, i) => expect(e.equity).toEqual(full.equity[i].equity));
    expect(focused.universe.stats).toEqual(full.universe.stats);
  });
});
