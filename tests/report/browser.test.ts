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
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, statSync, writeFileSync } from "node:fs";
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

/** The labels ECharts drew on y axis `axis` of the chart in `#id` (after its formatter). */
function yLabels(page: Page, id: string, axis: number): Promise<string[]> {
  return page.evaluate(([id, axis]) => {
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    const inst = (window as any).echarts.getInstanceByDom(document.getElementById(id as string));
    return inst.getModel().getComponent("yAxis", axis).axis.getViewLabels().map((l: { formattedLabel: string }) => l.formattedLabel);
  }, [id, axis] as const);
}

/** Drawn boxes (chart pixels) of the texts `texts` in the chart in `#id`, from ECharts' display list. */
function textBoxes(page: Page, id: string, texts: string[]): Promise<{ text: string; x: number; y: number; w: number; h: number }[]> {
  return page.evaluate(([id, texts]) => {
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    const inst = (window as any).echarts.getInstanceByDom(document.getElementById(id as string));
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    const els = inst.getZr().storage.getDisplayList(true).filter((e: any) => typeof e.style?.text === "string" && (texts as string[]).includes(e.style.text));
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    return els.map((e: any) => {
      const bb = e.getBoundingRect().clone();
      const m = e.getComputedTransform();
      if (m) bb.applyTransform(m);
      return { text: e.style.text, x: bb.x, y: bb.y, w: bb.width, h: bb.height };
    });
  }, [id, texts] as const);
}
const overlaps = (a: { x: number; y: number; w: number; h: number }, b: typeof a) => a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h;

/** Text a table or page shows that is a float printed raw (binary noise such as 40.925999999999995). */
const RAW_FLOAT = /\d\.\d{7,}/;

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

  it("GOOG with slippage: prices and quantities formatted, colours by good/bad, percent axis without -0% (issue 14)", async () => {
    // Slippage makes fill prices like 40.925999999999995; a 6-week window has a drawdown under 1%.
    const file = await report("goog", resolve(RAW, "backtesting_py/GOOG.csv"), ["--slippage", "0.001"]);
    const { page, errors } = await open(file);
    const text = await page.innerText("#app");
    expect(text).not.toMatch(RAW_FLOAT);
    // 93 closed trades and the last one still open: backtesting.py 0.6.6 on the same bars (tests/golden/backtesting_py/close_at_end.json).
    expect(text).toContain("1 symbol, 2,148 bars, 93 trades, 1 position still open after the last bar");
    const entries = await column(page, "bs-trades", 4);
    expect(entries.length).toBeGreaterThan(0);
    for (const e of entries) expect(e).toMatch(/^\d{1,3}(,\d{3})*(\.\d{1,10})?$/);
    expect(entries.some((e) => /\.\d{3,}$/.test(e))).toBe(true); // slipped fills keep their real digits
    // Colour by whether the value is good: a drawdown above 0 is bad (red), a positive return good.
    const cls = (stat: string) => page.$eval(`#bs-stats tr[data-stat='${stat}'] td:last-child`, (td) => td.className);
    expect(await cls("max_drawdown")).toBe("neg");
    expect(await cls("volatility")).toBe("neg");
    expect(await cls("total_return")).toBe("pos");
    expect(await cls("n_trades")).toBe("");
    // Drawdown axis: percent labels, distinct, no "-0%".
    const dd = await yLabels(page, "chart-symbol", 2);
    expect(dd.length).toBeGreaterThan(2);
    for (const l of dd) expect(l).toMatch(/^-?\d+(\.\d+)?%$/);
    expect(dd).not.toContain("-0%");
    expect(new Set(dd).size).toBe(dd.length);
    expect(errors).toEqual([]);
    await page.close();

    // 1% of equity per trade, fractional units: drawdowns under 0.5%, whose axis read "-0%" four times.
    const spec = join(OUT, "sma_1pct.json");
    writeFileSync(spec, JSON.stringify({ ...JSON.parse(readFileSync(SMA, "utf8")), sizing: { mode: "fraction", value: 0.01, whole_units: false } }));
    const small = join(OUT, "goog-1pct.html");
    const made = await cli(["backtest", "--data", resolve(RAW, "backtesting_py/GOOG.csv"), "--strategy", spec, "--html", small]);
    expect(made.code, made.stderr).toBe(0);
    const s = await open(small);
    expect(await s.page.innerText("#app")).not.toMatch(RAW_FLOAT); // fractional quantities too
    const labels = await yLabels(s.page, "chart-symbol", 2);
    expect(labels).not.toContain("-0%");
    expect(new Set(labels).size).toBe(labels.length); // "-0%" four times was the bug
    expect(labels).toContain("-0.1%");
    for (const l of labels) expect(l).toMatch(/^-?\d+(\.\d+)?%$/);
    expect(s.errors).toEqual([]);
    await s.page.close();
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
    // Numbers formatted by their statistic's unit; drawdowns coloured bad; no raw floats anywhere.
    expect(await page.innerText("#app")).not.toMatch(RAW_FLOAT);
    const head = await page.$$eval("#bs-ranked th", (ths) => ths.map((th) => th.getAttribute("data-col")));
    const dd = head.indexOf("max_drawdown");
    expect(await column(page, "bs-ranked", dd)).toSatisfy((xs: string[]) => xs.every((x) => /^\d+\.\d\d%$/.test(x)));
    expect(await page.$$eval(`#bs-ranked tbody tr td:nth-child(${dd + 1})`, (tds) => tds.map((td) => td.className))).toSatisfy((xs: string[]) => xs.every((c) => c === "neg"));
    // The legend of the best combination's chart sits clear of its title, even on a narrow page.
    await page.setViewportSize({ width: 760, height: 1400 });
    await page.evaluate(() => window.dispatchEvent(new Event("resize")));
    const bestChart = await chartState(page, "chart-best");
    const boxes = await textBoxes(page, "chart-best", [bestChart.title, "Equity", "Buy & hold", "Drawdown"]);
    const title = boxes.find((b) => b.text === bestChart.title)!;
    const legend = boxes.filter((b) => b.text !== bestChart.title);
    expect(title.w).toBeGreaterThan(0);
    expect(legend).toHaveLength(3);
    for (const l of legend) expect(overlaps(title, l), `${l.text} overlaps the title`).toBe(false);
    expect(errors).toEqual([]);
    expect(requests).toEqual([url]);
    await page.close();
  });
});
