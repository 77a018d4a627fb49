/**
 * The HTML reports as produced (no browser here; tests/report/browser.test.ts opens them):
 * self-contained, exact numbers in the data blocks, display series that decode back to the
 * run's bars, a sweep page from real backtests of an SMA grid on GOOG, and the CLI flag.
 */
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";

import { describe, expect, it, vi } from "vitest";

import { renderBacktestHtml, renderSweepHtml, runBacktest } from "../../src/index.js";
import { unpack, unpackTime } from "../../src/report/html/codec.js";
import { toMs } from "../../src/report/html/series.js";
import type { Heatmap } from "../../src/types/sweep.js";
import { cli, EXAMPLES, RAW } from "../helpers.js";
import { smaGrid } from "./grid.js";

const SP500 = resolve(RAW, "sp500_5yr");
const SMA = resolve(EXAMPLES, "strategies/sma_cross.json");

/** The JSON block `id` of a page. */
function block(html: string, id: string): any { // eslint-disable-line @typescript-eslint/no-explicit-any
  const m = html.match(new RegExp(`<script type="application/json" id="${id}">(.*?)</script>`, "s"));
  if (!m) throw new Error(`no block ${id}`);
  return JSON.parse(m[1]);
}

describe("renderBacktestHtml", () => {
  it("is one self-contained page whose data blocks hold the exact result and decodable charts", async () => {
    const symbols = ["AAPL", "AMZN", "GOOG", "MSFT", "XOM"];
    const r = await runBacktest({ data: SP500, symbols, strategy: SMA, progress: false, ohlc: true });
    const html = await renderBacktestHtml(r);
    // Nothing to fetch: the markup (script bodies aside) has no src/href at all. The browser test
    // also checks that opening the page requests nothing but the file itself.
    const markup = html.replace(/(<script[^>]*>)[\s\S]*?<\/script>/g, "$1</script>");
    expect(markup.match(/\s(src|href)=/gi)).toBeNull();
    expect(markup.match(/<script[^>]*>/g)?.length).toBe(3 + r.symbols.length); // meta, one per symbol, echarts, the page script
    expect(html).toContain("Apache License"); // ECharts inlined with its licence header

    const meta = block(html, "bs-meta");
    expect(meta.kind).toBe("backtest");
    expect(meta.trades.pnl).toEqual(r.trades.map((t) => t.pnl));
    expect(meta.trades.entry_price).toEqual(r.trades.map((t) => t.entry_price));
    expect(meta.symbols.map((s: { symbol: string }) => s.symbol)).toEqual(symbols);
    expect(meta.universe.stats.sharpe).toBe(r.universe.stats.sharpe);

    // Daily bars fit the point cap: every bar is sent, and decodes back to the run's bars.
    r.equity.forEach((e, i) => {
      const p = block(html, `bs-sym-${i}`);
      expect(p.note).toBe("");
      expect(unpackTime(p.t)).toEqual(Array.from(toMs(e.ts)));
      // Prices within the codec's display tolerance (1e-9 relative; most are exact).
      const near = (got: number[], want: Float64Array) => got.forEach((v, k) => expect(Math.abs(v - want[k])).toBeLessThanOrEqual(1e-9 * want[k]));
      near(unpack(p.candles.c), e.close);
      near(unpack(p.candles.h), e.ohlc!.high);
      const eq = unpack(p.equity.v);
      eq.forEach((v, k) => expect(Math.abs(v - e.equity[k])).toBeLessThanOrEqual(0.005 + 1e-9));
    });
    // The universe's buy & hold ends where the engine's statistic says.
    const u = meta.universeCharts;
    const hold = unpack(u.hold.v);
    const start = r.universe.initial_cash;
    expect(hold.at(-1)! / start - 1).toBeCloseTo(r.universe.stats.buy_and_hold_return as number, 6);
    expect(unpack(u.equity.v).at(-1)).toBeCloseTo(r.universe.stats.equity_final as number, 2);
  });

  it("downsamples a 1-minute series for display and says so, leaving trades exact", async () => {
    const r = await runBacktest({ data: resolve(RAW, "crypto_1m_binance/ALGOUSDT-1m-2023-02.csv"), strategy: SMA, progress: false, ohlc: true });
    const html = await renderBacktestHtml(r);
    const p = block(html, "bs-sym-0");
    expect(p.bars).toBe(40_320);
    expect(p.candles.v === undefined && p.candles.o.v.length).toBeLessThanOrEqual(3000);
    expect(p.candles.bucket).toBe(14);
    expect(p.note).toMatch(/40,320 bars shown as 2,880 candles of 14 bars/);
    expect(p.equity.v.v.length).toBe(3000);
    const meta = block(html, "bs-meta");
    expect(meta.trades.pnl.length).toBe(r.trades.length);
    expect(meta.trades.exit_price).toEqual(r.trades.map((t) => t.exit_price));
  });
});

describe("renderSweepHtml", () => {
  it("shows a heatmap and ranked table built from real backtests of an SMA grid on GOOG", async () => {
    const { heatmap, ranked, best, runs } = await smaGrid();
    // The grid really varies the result (otherwise the heatmap shows nothing).
    expect(new Set(runs.map((x) => x.r.universe.stats.sharpe)).size).toBe(9);

    const html = await renderSweepHtml({ title: "SMA grid on GOOG", heatmap, ranked, best });
    const meta = block(html, "bs-meta");
    expect(meta.kind).toBe("sweep");
    expect(meta.heatmap).toEqual(heatmap);
    expect(meta.ranked).toEqual(ranked);
    expect(meta.metrics).toEqual(["sharpe", "total_return", "max_drawdown"]);
    expect(meta.best.label).toBe(`#${ranked[0].combo} indicators.fast.period = ${ranked[0].params["indicators.fast.period"]}, indicators.slow.period = ${ranked[0].params["indicators.slow.period"]}`);
    expect(unpack(meta.best.charts.equity.v).at(-1)).toBeCloseTo(best.symbols[0].stats.equity_final as number, 2);
  });

  it("names the row of a heatmap whose cells do not match its axes", async () => {
    const heatmap: Heatmap = {
      metric: "sharpe", scope: "universe", reduce: "max",
      x: { param: "a", values: [1, 2] }, y: { param: "b", values: [3] }, z: [[0.5]], combo: [[0]],
    };
    await expect(renderSweepHtml({ title: "bad", heatmap, ranked: [] })).rejects.toThrow(/row 0 \(b = 3\) has 1 cells for 2 a values/);
  });
});

describe("backtest --html", () => {
  it("writes the page and prints equity sparklines ending at the final equity", async () => {
    const out = join(mkdtempSync(join(tmpdir(), "bs-html-")), "report.html");
    const res = await cli(["backtest", "--data", SP500, "--symbols", "AAPL,MSFT", "--strategy", SMA, "--html", out]);
    expect(res.stderr).toContain(`wrote ${out}`);
    expect(res.code).toBe(0);
    const html = readFileSync(out, "utf8");
    const meta = block(html, "bs-meta");
    expect(block(html, "bs-sym-0").candles).toBeDefined(); // --html keeps open/high/low
    const final = (meta.universe.stats.equity_final as number).toLocaleString("en-US", { minimumFractionDigits: 2, maximumFractionDigits: 2 });
    expect(res.stdout).toMatch(new RegExp(`Equity curve\\s+│ [▁▂▃▄▅▆▇█]{20,48} 20,000.00 -> ${final}`));
  });
});

describe("generatedAt", () => {
  it("is SOURCE_DATE_EPOCH when set (reproducible pages), now otherwise; rejects a malformed value", async () => {
    const { generatedAt } = await import("../../src/report/html/page.js");
    expect(generatedAt({ SOURCE_DATE_EPOCH: "1771632000" })).toBe("2026-02-21T00:00:00.000Z");
    // "Now" from a pinned system clock (only Date is faked), so the check is exact.
    vi.useFakeTimers({ now: Date.UTC(2030, 0, 2, 3, 4, 5, 678), toFake: ["Date"] });
    try {
      expect(generatedAt({})).toBe("2030-01-02T03:04:05.678Z");
      expect(generatedAt({ SOURCE_DATE_EPOCH: "" })).toBe("2030-01-02T03:04:05.678Z");
    } finally {
      vi.useRealTimers();
    }
    expect(() => generatedAt({ SOURCE_DATE_EPOCH: "2026-02-21" })).toThrow(/SOURCE_DATE_EPOCH must be whole seconds/);
  });
});
