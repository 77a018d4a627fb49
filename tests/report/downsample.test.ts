/**
 * Display downsampling and packing of the HTML report, on real bars: LTTB against the PyPI
 * reference implementation (tests/golden/lttb, made by make_lttb.py), OHLC buckets against a
 * plain aggregation of the CSV text, bucket minima against the engine's max drawdown.
 */
import { readFileSync } from "node:fs";
import { resolve } from "node:path";

import { describe, expect, it } from "vitest";

import { openDataset, runBacktest } from "../../src/index.js";
import { decimalsOf, pack, packTime, unpack, unpackTime } from "../../src/report/html/codec.js";
import { bucketMinima, lttb, ohlcBuckets } from "../../src/report/html/downsample.js";
import { toMs } from "../../src/report/html/series.js";
import { dataRows } from "../data/raw.js";
import { EXAMPLES, RAW, ROOT } from "../helpers.js";

const ALGO = "crypto_1m_binance/ALGOUSDT-1m-2023-02.csv";
const AAPL = "sp500_5yr/AAPL_data.csv";

async function bars(rel: string) {
  const ds = await openDataset(resolve(RAW, rel));
  const { batch } = await ds.load();
  return batch;
}

describe("lttb", () => {
  const golden = JSON.parse(readFileSync(resolve(ROOT, "tests/golden/lttb/lttb.json"), "utf8")) as {
    cases: { file: string; n: number; n_out: number; x_ms: number[] }[];
  };

  it.each(golden.cases.map((c) => [c.file, c] as const))("keeps the same points as the PyPI reference on %s", async (_f, c) => {
    const b = await bars(c.file);
    expect(b.close.length).toBe(c.n);
    const ms = toMs(b.ts);
    const idx = lttb(ms, b.close, c.n_out);
    expect(idx.length).toBe(c.n_out);
    expect(idx.map((i) => ms[i])).toEqual(c.x_ms);
  });

  it("returns every index when the series already fits", async () => {
    const b = await bars(AAPL);
    const idx = lttb(toMs(b.ts), b.close, 5000);
    expect(idx).toEqual(Array.from({ length: b.close.length }, (_, i) => i));
  });
});

describe("ohlcBuckets", () => {
  it("equals a plain aggregation of the CSV text (first open, max high, min low, last close)", async () => {
    const b = await bars(ALGO);
    const k = ohlcBuckets(toMs(b.ts), b.open, b.high, b.low, b.close, 3000);
    const rows = dataRows(resolve(RAW, ALGO)); // open_time,open,high,low,close,...
    const size = Math.ceil(rows.length / 3000);
    expect(k.bucket).toBe(size);
    const plain = { t: [] as number[], o: [] as number[], h: [] as number[], l: [] as number[], c: [] as number[] };
    for (let lo = 0; lo < rows.length; lo += size) {
      const r = rows.slice(lo, lo + size);
      plain.t.push(Number(r[0][0]));
      plain.o.push(Number(r[0][1]));
      plain.h.push(Math.max(...r.map((x) => Number(x[2]))));
      plain.l.push(Math.min(...r.map((x) => Number(x[3]))));
      plain.c.push(Number(r[r.length - 1][4]));
    }
    expect(k.t.length).toBeLessThanOrEqual(3000);
    expect([k.t, k.open, k.high, k.low, k.close]).toEqual([plain.t, plain.o, plain.h, plain.l, plain.c]);
  });
});

describe("bucketMinima", () => {
  it("keeps the engine's maximum drawdown of a 1-minute backtest on the downsampled line", async () => {
    const r = await runBacktest({ data: resolve(RAW, ALGO), strategy: resolve(EXAMPLES, "strategies/sma_cross.json"), progress: false, ohlc: true });
    const dd = r.equity[0].drawdown!; // the engine's per-symbol drawdown (kept with ohlc)
    const idx = bucketMinima(dd, 3000);
    expect(idx.length).toBeLessThanOrEqual(3000);
    expect(r.equity[0].equity.length).toBe(40_320);
    const shown = Math.min(...idx.map((i) => dd[i]));
    expect(-shown).toBeCloseTo(r.symbols[0].stats.max_drawdown as number, 12);
  });
});

describe("codec", () => {
  it("packs real prices and times losslessly at their own decimals", async () => {
    for (const [rel, unit, decimals] of [[ALGO, 60_000, 4], [AAPL, 86_400_000, 4]] as const) {
      const b = await bars(rel);
      const d = decimalsOf(b.close);
      expect(d).toBe(decimals);
      expect(unpack(pack(b.close, d))).toEqual(Array.from(b.close));
      const ms = toMs(b.ts);
      const t = packTime(ms);
      expect(t.u).toBe(unit);
      expect(unpackTime(t)).toEqual(Array.from(ms));
    }
  });

  it("refuses a non-finite value, naming its index", () => {
    expect(() => pack([1, Number.NaN], 2)).toThrow(/value 1 is NaN/);
  });
});
