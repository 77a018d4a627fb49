/**
 * The HTML reports in a real browser (headless Chromium, see browser.ts): made by the CLI from
 * real data, the full S&P 500 set (505 symbols, daily) and a 1-minute crypto series; opened
 * from file://. Checks: charts drawn (canvas pixels and ECharts series data), no console or
 * page errors, no request but the file itself, the symbol selector switches the chart, a
 * header click sorts the trade table. Takes a screenshot of the S&P page into a temp folder (with
 * BARSTREAM_SCREENSHOT=<path> also there: `npm run docs:screenshot` regenerates the README's
 * docs/img/report.png that way; a plain test run writes nothing in the repo) and logs sizes and
 * open times.
 */
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, relative, resolve } from "node:path";
import { pathToFileURL } from "node:url";

import type { BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { renderSweepHtml, writeHtml } from "../../src/index.js";
import { cli, EXAMPLES, RAW, ROOT } from "../helpers.js";
import { launch } from "./browser.js";
import { smaGrid } from "./grid.js";

const SMA = resolve(EXAMPLES, "strategies/sma_cross.json");
const OUT = mkdtempSync(join(tmpdir(), "bs-browser-"));

let browser: BrowserContext;
beforeAll(async () => {
  browser = await launch();
});
afterAll(async () => {
  await browser?.close();
});

/** Runs `barstream backtest --data DATA ... --html FILE` (paths as typed from the repo root) and returns the file. */
async function report(name: string, data: string, args: string[] = []): Promise<string> {
  const file = join(OUT, `${name}.html`);
  const res = await cli(["backtest", "--data", relative(ROOT, data), "--strategy", relative(ROOT, SMA), ...args, "--html", file]);
  if (res.code !== 0) throw new Error(`backtest --html failed (${res.code}): ${res.stderr}`);
  return file;
}

/** Opens `file`, waits until the page script is done; collects errors and requests. */
async function open(file: string) {
  const page = await browser.newPage();
  const errors: string[] = [];
  const requests: string[] = [];
  page.on("console", (m) => { if (m.type() === "error" || m.type() === "warning") errors.push(`console ${m.type()}: ${m.text()}`); });
  page.on("pageerror", (e) => errors.push(`page error: ${e.message}`));
  page.on("request", (r) => requests.push(r.url()));
  const url = pathToFileURL(file).href;
  const t0 = performance.now();
  await page.goto(url, { waitUntil: "load", timeout: 120_000 });
  await page.waitForSelector("body[data-ready='1']", { timeout: 120_000 });
  const openMs = performance.now() - t0;
  return { page, errors, requests, url, openMs, mb: statSync(file).size / 1e6 };
}

/** What the page's chart in `#id` shows: title, series names and point counts, drawn pixels. */
async function chartState(page: Page, id: string) {
  return page.evaluate(async (id) => {
    await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))); // let ECharts paint
    const el = document.getElementById(id) as HTMLElement;
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    const inst = (window as any).echarts.getInstanceByDom(el);
    const opt = inst.getOption();
    // All layers (ECharts may draw a series on its own canvas), read from a copy: reading the
    // chart's own canvas back draws a console warning.
    const layers = Array.from(el.querySelectorAll("canvas"));
    const copy = document.createElement("canvas");
    copy.width = layers[0].width;
    copy.height = layers[0].height;
    const ctx = copy.getContext("2d", { willReadFrequently: true })!;
    for (const c of layers) ctx.drawImage(c, 0, 0);
    const px = ctx.getImageData(0, 0, copy.width, copy.height).data;
    let drawn = 0;
    for (let i = 3; i < px.length; i += 4) if (px[i] > 0) drawn++;
    return {
      title: opt.title[0].text as string,
      series: (opt.series as { name: string; data: unknown[] }[]).map((s) => ({ name: s.name, n: s.data.length, first: JSON.stringify(s.data[0]) })),
      drawn,
      pixels: px.length / 4,
    };
  }, id);
}

/** The text of column `col` (0-based) of the rows shown in table `#id`. */
function column(page: Page, id: string, col: number): Promise<string[]> {
  return page.$$eval(`#${id} tbody tr`, (rows, col) => rows.map((r) => (r.children[col] as HTMLElement).innerText), col);
}
const money = (s: string) => Number(s.replace(/,/g, ""));

describe("HTML report in headless Chromium", () => {
  it("S&P 500 (505 symbols): renders, switches symbols, sorts trades, no errors; screenshot", async () => {
    const t0 = performance.now();
    // A fixed "Generated" time (reproducible-builds convention) keeps the committed screenshot
    // unchanged from run to run when nothing else changed.
    process.env.SOURCE_DATE_EPOCH = "1771632000"; // 2026-02-21T00:00:00Z
    const file = await report("sp500", resolve(RAW, "sp500_5yr"), ["--skip-bad-rows"]);
    delete process.env.SOURCE_DATE_EPOCH;
    const makeMs = performance.now() - t0;
    const { page, errors, requests, url, openMs, mb } = await open(file);

    const symbols = await page.$$eval("#bs-symbol option", (o) => o.length);
    expect(symbols).toBe(505);
    const uni = await chartState(page, "chart-universe");
    expect(uni.series.map((s) => s.name)).toEqual(["Equity", "Buy & hold", "Drawdown"]);
    expect(uni.series[0].n).toBe(1259); // union of the daily bars, under the display cap
    expect(uni.drawn).toBeGreaterThan(uni.pixels * 0.01);

    const a = await chartState(page, "chart-symbol");
    expect(a.title).toBe("A: price, equity, drawdown");
    expect(a.series.map((s) => s.name)).toEqual(["Price", "Entries", "Exits", "Equity", "Buy & hold", "Drawdown"]);
    expect(a.drawn).toBeGreaterThan(a.pixels * 0.01);

    // Select another symbol: its block is parsed then, and the chart changes.
    await page.selectOption("#bs-symbol", { label: await page.$eval("#bs-symbol option:last-child", (o) => o.textContent as string) });
    const z = await chartState(page, "chart-symbol");
    expect(z.title).toBe("ZTS: price, equity, drawdown");
    expect(z.series[0].first).not.toBe(a.series[0].first);
    expect(z.series[0].n).toBe(1259);
    expect(await page.$eval("#bs-stats thead", (h) => h.textContent)).toContain("ZTS");
    expect(await column(page, "bs-trades", 0)).toSatisfy((xs: string[]) => xs.length > 0 && xs.every((x) => x === "ZTS"));

    // All trades, then sort by P&L (descending on the first click), then ascending.
    await page.check("#bs-all-trades");
    const before = (await column(page, "bs-trades", 7)).map(money);
    await page.click("#bs-trades th[data-col='P&L']");
    const desc = (await column(page, "bs-trades", 7)).map(money);
    expect(desc).not.toEqual(before);
    expect(desc).toEqual([...desc].sort((x, y) => y - x));
    await page.click("#bs-trades th[data-col='P&L']");
    const asc = (await column(page, "bs-trades", 7)).map(money);
    expect(asc).toEqual([...asc].sort((x, y) => x - y));
    expect(asc[0]).toBeLessThan(desc[0]);

    expect(errors).toEqual([]);
    expect(requests).toEqual([url]);

    await page.selectOption("#bs-symbol", { index: (await page.$$eval("#bs-symbol option", (o) => o.findIndex((x) => x.textContent?.startsWith("AAPL ")))) });
    await page.uncheck("#bs-all-trades");
    const shot = join(OUT, "report.png");
    await page.screenshot({ path: shot });
    expect(readFileSync(shot).subarray(0, 8).toString("hex")).toBe("89504e470d0a1a0a"); // a PNG
    const keep = process.env.BARSTREAM_SCREENSHOT; // set by `npm run docs:screenshot` only
    if (keep) {
      const dest = resolve(ROOT, keep);
      mkdirSync(dirname(dest), { recursive: true });
      copyFileSync(shot, dest);
      console.log(`screenshot written to ${dest}`);
    }
    console.log(`S&P 500 report: ${mb.toFixed(1)} MB, made by the CLI in ${(makeMs / 1000).toFixed(1)} s, opened and drawn in ${openMs.toFixed(0)} ms`);
    await page.close();
  });

  it("1-minute series (40,320 bars): downsampled for display with a note, no errors", async () => {
    const file = await report("algo_1m", resolve(RAW, "crypto_1m_binance/ALGOUSDT-1m-2023-02.csv"));
    const { page, errors, requests, url, openMs, mb } = await open(file);
    const s = await chartState(page, "chart-symbol");
    expect(s.title).toBe("ALGOUSDT: price, equity, drawdown");
    expect(s.series[0].n).toBe(2880); // candles of 14 bars
    expect(s.series[3].n).toBe(3000); // equity, LTTB
    expect(s.drawn).toBeGreaterThan(s.pixels * 0.01);
    expect(await page.innerText("#app")).toContain("40,320 bars shown as 2,880 candles of 14 bars");
    // Trades are all there, exact, in pages of 100.
    expect(await page.innerText("#app")).toMatch(/rows 1-100 of 2,2\d\d/);
    expect(errors).toEqual([]);
    expect(requests).toEqual([url]);
    console.log(`1-minute report: ${mb.toFixed(1)} MB, opened and drawn in ${openMs.toFixed(0)} ms`);
    await page.close();
  });

  it("focused replay of 5 one-minute series (scan candidates, --verify): focus section, universe downsampled, no errors", async () => {
    const crypto = resolve(RAW, "crypto_1m_binance");
    const candidates = join(OUT, "candidates.jsonl");
    const scan = await cli(["scan", "--data", relative(ROOT, crypto), "--screen", "examples/screens/intraday_1min.json", "--start", "2023-02-10", "--out", candidates]);
    expect(scan.code, scan.stderr).toBe(0);
    const file = await report("focused", crypto, ["--candidates", candidates, "--verify"]);
    const { page, errors, requests, url, openMs, mb } = await open(file);
    expect(await page.innerText("#bs-focus")).toContain("identical (trades, equity, statistics, bit for bit)");
    const uni = await chartState(page, "chart-universe");
    expect(uni.series[0].n).toBe(3000); // 40,320 union timestamps, LTTB
    expect(uni.drawn).toBeGreaterThan(uni.pixels * 0.01);
    expect(await page.innerText("#app")).toContain("40,320 points shown as 3,000 (LTTB)");
    await page.selectOption("#bs-symbol", { index: 2 });
    expect((await chartState(page, "chart-symbol")).title).toBe("FILUSDT: price, equity, drawdown");
    expect(errors).toEqual([]);
    expect(requests).toEqual([url]);
    console.log(`focused-replay report (5 x 1-minute): ${mb.toFixed(1)} MB, opened and drawn in ${openMs.toFixed(0)} ms`);
    await page.close();
  });

  it("sweep page: heatmap of a real SMA grid on GOOG, ranked table sorts, best equity drawn", async () => {
    const { heatmap, ranked, best } = await smaGrid();
    const file = join(OUT, "sweep.html");
    await writeHtml(file, await renderSweepHtml({ title: "SMA grid on GOOG", heatmap, ranked, best }));
    const { page, errors, requests, url } = await open(file);
    const hm = await chartState(page, "chart-heatmap");
    expect(hm.series).toEqual([{ name: "sharpe", n: 9, first: expect.any(String) }]);
    expect(hm.drawn).toBeGreaterThan(hm.pixels * 0.05);
    expect((await chartState(page, "chart-best")).series[0].n).toBe(975); // GOOG's daily bars
    expect((await column(page, "bs-ranked", 0)).map(Number)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9]);
    await page.click("#bs-ranked th[data-col='sharpe']"); // numbers sort descending first
    await page.click("#bs-ranked th[data-col='sharpe']");
    expect((await column(page, "bs-ranked", 0)).map(Number)).toEqual([9, 8, 7, 6, 5, 4, 3, 2, 1]);
    expect(errors).toEqual([]);
    expect(requests).toEqual([url]);
    await page.close();
  });
});
