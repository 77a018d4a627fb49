/**
 * Parity of the read-once path (`Dataset.loadGroups`: one scan, one validation, batches as views) with the
 * batch-by-batch path (`Dataset.load` per batch, which re-reads the source): identical batches bit for bit
 * (symbols, offsets, ts and OHLCV bytes), identical reports (files, rows read/kept, skip counts per rule)
 * and the same first error, for batch sizes 1, 7 and 64; and a backtest identical across batch sizes.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";

import { afterAll, describe, expect, it } from "vitest";

import { openDataset, type BarBatch, type Dataset, type LoadOptions, type LoadReport } from "../../src/data/index.js";
import { runBacktest } from "../../src/backtest/run.js";
import { generateBars, toCsv } from "../../src/generate/synthetic.js";
import { EXAMPLES, RAW } from "../helpers.js";

const SP500 = resolve(RAW, "sp500_5yr");
/** 16 symbols with bad rows (23 rows in all) and 14 clean ones, 30 in all. */
const WITH_BAD = ["AOS", "BBY", "BHF", "CHD", "CHK", "DHR", "ES", "FTV", "IP", "LNT", "O", "REGN", "SPG", "UA", "VRTX", "WRK"];
const CLEAN = ["A", "AAPL", "ABT", "BA", "C", "CAT", "D", "F", "GE", "JPM", "MMM", "T", "XOM", "ZTS"];
const SUBSET = [...WITH_BAD, ...CLEAN];
const SIZES = [1, 7, 64];

const chunks = <T>(xs: T[], n: number): T[][] => Array.from({ length: Math.ceil(xs.length / n) }, (_, i) => xs.slice(i * n, i * n + n));
const bytes = (a: ArrayBufferView): Buffer => Buffer.from(a.buffer, a.byteOffset, a.byteLength);

function expectSameBatch(got: BarBatch, want: BarBatch): void {
  expect(got.symbols).toEqual(want.symbols);
  expect(Array.from(got.offsets)).toEqual(Array.from(want.offsets));
  for (const k of ["ts", "open", "high", "low", "close", "volume"] as const) {
    expect(got[k].length, k).toBe(want[k].length);
    expect(bytes(got[k]).equals(bytes(want[k])), k).toBe(true);
  }
}

async function oldPath(ds: Dataset, groups: string[][]): Promise<Array<{ batch: BarBatch; report: LoadReport }>> {
  const out = [];
  for (const g of groups) out.push(await ds.load(g));
  return out;
}

async function newPath(ds: Dataset, groups: string[][]): Promise<Array<{ batch: BarBatch; report: LoadReport }>> {
  const out = [];
  for await (const b of ds.loadGroups(groups)) out.push(b);
  return out;
}

async function expectParity(path: string, opts: LoadOptions): Promise<void> {
  const ds = await openDataset(path, opts);
  for (const size of SIZES) {
    const groups = chunks(ds.symbols, size);
    const want = await oldPath(ds, groups);
    const got = await newPath(ds, groups);
    expect(got.length).toBe(want.length);
    got.forEach((g, i) => {
      expectSameBatch(g.batch, want[i]!.batch);
      expect(g.report).toEqual(want[i]!.report);
    });
  }
}

async function firstError(run: () => Promise<unknown>): Promise<unknown> {
  try {
    await run();
  } catch (e) {
    return e;
  }
  throw new Error("expected a DataError");
}

async function expectSameError(path: string, opts: LoadOptions): Promise<void> {
  const ds = await openDataset(path, { ...opts, badRows: "error" });
  for (const size of SIZES) {
    const groups = chunks(ds.symbols, size);
    const want = await firstError(() => oldPath(ds, groups));
    const got = await firstError(() => newPath(ds, groups));
    expect(String(got)).toBe(String(want));
    expect(got).toMatchObject({ file: (want as { file: string }).file, row: (want as { row: number }).row, rule: (want as { rule: string }).rule });
  }
}

const tmp = mkdtempSync(join(tmpdir(), "barstream-groups-"));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/** A long CSV of 9 generated symbols, rows interleaved by date (not symbol by symbol), with bad rows. */
function longCsv(): string {
  const lines = toCsv(generateBars({ symbols: 9, bars: 60, seed: 5, start: "2021-01-01" })).trimEnd().split("\n");
  const [header, ...rows] = lines;
  const byDate = rows.map((r, i) => ({ r, k: `${r.slice(0, 10)}|${String(i).padStart(6, "0")}` })).sort((a, b) => (a.k < b.k ? -1 : 1)).map((x) => x.r);
  byDate[10] = byDate[10]!.replace(/,[0-9.]+,([0-9.]+),([0-9.]+),([0-9.]+),(\d+)$/, ",,$1,$2,$3,$4"); // empty open
  byDate.splice(40, 0, byDate[30]!); // duplicate timestamp of an earlier row
  byDate.splice(100, 0, byDate[12]!.replace(/^2021-01-0\d/, "2020-12-31")); // backwards
  byDate[200] = byDate[200]!.replace(/,(\d+)$/, ",-5"); // negative volume
  return `${header}\n${byDate.join("\n")}\n`;
}

describe("loadGroups reads once and equals load per batch", () => {
  it("30 S&P symbols (16 with bad rows), skipping: same batches and skip counts for batch sizes 1, 7, 64", async () => {
    await expectParity(SP500, { symbols: SUBSET, badRows: "skip" });
  }, 120_000);

  it("30 S&P symbols with a date range: same batches", async () => {
    await expectParity(SP500, { symbols: SUBSET, badRows: "skip", start: "2014-05-01", end: "2015-12-31" });
  }, 120_000);

  it("30 S&P symbols, badRows error: the same first error as the batch-by-batch load", async () => {
    await expectSameError(SP500, { symbols: SUBSET });
  }, 120_000);

  it("a long CSV of interleaved symbols with bad rows: same batches, skip counts and first error", async () => {
    const file = join(tmp, "long.csv");
    writeFileSync(file, longCsv());
    await expectParity(file, { badRows: "skip" });
    await expectSameError(file, {});
    const ds = await openDataset(file, { badRows: "skip" });
    const all = await newPath(ds, chunks(ds.symbols, 7));
    const skipped = all.reduce((a, b) => a + Object.values(b.report.skipped).reduce((x, y) => x + y, 0), 0);
    expect(skipped).toBe(4);
  }, 120_000);

  it("a backtest is identical for batch sizes 1, 7 and 64", async () => {
    const run = async (batchSize: number) => {
      const r = await runBacktest({ data: SP500, symbols: SUBSET, strategy: resolve(EXAMPLES, "strategies/sma_cross_risk.json"), batchSize, badRows: "skip", progress: false });
      const { timing_ms: _t, settings: _s, ...rest } = r as unknown as Record<string, unknown>;
      return JSON.stringify(rest, (_k, v: unknown) => (typeof v === "bigint" ? v.toString() : ArrayBuffer.isView(v) ? Array.from(v as unknown as ArrayLike<number>) : v));
    };
    const base = await run(64);
    expect(await run(7)).toBe(base);
    expect(await run(1)).toBe(base);
  }, 180_000);
});
