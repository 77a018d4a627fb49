/**
 * The one-scan read of an imported Parquet dataset (src/data/parquet.ts) against the per-file path, on the
 * real S&P 500 import: the same folder without its import marker is read by the per-file path (detection
 * and one scan per file), so every comparison below is new path vs old path on the same files.
 */
import { cpSync, mkdtempSync, readdirSync, rmSync, statSync, truncateSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import pl from "nodejs-polars";
import { beforeAll, describe, expect, it } from "vitest";
import { FileError, importDataset, openDataset, type BarBatch, type LoadOptions } from "../../src/data/index.js";
import { importedPartitions, loadImported, MAX_BARS_PER_SCAN, scanRuns } from "../../src/data/parquet.js";
import { checkImportMarker, IMPORT_MARKER } from "../../src/data/import-marker.js";
import type { LoadedBatch } from "../../src/data/types.js";
import { raw } from "./raw.js";

let root: string;
/** The import, with its marker: read in one scan. */
let ds: string;

/** A copy of `ds` without the marker (read by the per-file path), altered by `alter`. */
function copy(name: string, { marker, alter }: { marker: boolean; alter?: (dir: string) => void }): string {
  const dir = join(root, name);
  cpSync(ds, dir, { recursive: true });
  if (!marker) rmSync(join(dir, IMPORT_MARKER));
  alter?.(dir);
  return dir;
}

const bytes = (a: ArrayBufferView) => Buffer.from(a.buffer, a.byteOffset, a.byteLength);

/** Bit for bit: symbols, offsets and every column's bytes (so -0 and NaN payloads count). */
function expectSameBatch(a: BarBatch, b: BarBatch): void {
  expect(a.symbols).toEqual(b.symbols);
  for (const k of ["offsets", "ts", "open", "high", "low", "close", "volume"] as const) expect(bytes(a[k]).equals(bytes(b[k])), k).toBe(true);
}

/** `b` (read from folder `from`) with its file paths as if read from `to`. */
function moved(b: LoadedBatch, from: string, to: string): LoadedBatch {
  const files = b.report.files.map((f) => f.replace(from, to));
  return { ...b, report: { ...b.report, files, skippedRows: b.report.skippedRows.map((r) => ({ ...r, file: r.file.replace(from, to) })) } };
}

async function loadAll(dir: string, opts: LoadOptions, batchSize?: number): Promise<LoadedBatch[]> {
  const d = await openDataset(dir, opts);
  if (batchSize === undefined) return [await d.load()];
  const groups: string[][] = [];
  for (let i = 0; i < d.symbols.length; i += batchSize) groups.push(d.symbols.slice(i, i + batchSize));
  const out: LoadedBatch[] = [];
  for await (const b of d.loadGroups(groups)) out.push(b);
  return out;
}

/** Error of `p` with `from` replaced by `to` in its message. */
async function errorOf(p: Promise<unknown>, from: string, to: string): Promise<{ name: string; message: string }> {
  const e = (await p.then(
    () => undefined,
    (err: unknown) => err,
  )) as Error | undefined;
  expect(e, "expected a rejection").toBeDefined();
  return { name: e!.name, message: e!.message.split(from).join(to) };
}

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), "barstream-pqimport-"));
  ds = join(root, "ds");
  await importDataset(raw("sp500_5yr"), ds, { badRows: "skip" });
});

describe("imported S&P 500: one scan equals the per-file path", () => {
  const cases: Array<[string, LoadOptions]> = [
    ["all", {}],
    ["--symbols", { symbols: ["AAPL", "BF.B", "BRK.B", "MSFT", "ZTS"] }],
    ["--start/--end", { start: "2015-03-02", end: "2016-06-30" }],
    ["--symbols --start/--end", { symbols: ["AAPL", "BF.B", "GOOG"], start: "2014-01-01T00:00:00Z", end: "2014-12-31" }],
  ];

  it("the real import is read by the one-scan path (not handed over)", async () => {
    const names = readdirSync(ds).filter((n) => n.startsWith("symbol="));
    const entries = names.map((n) => ({ symbol: n.slice("symbol=".length), path: join(ds, n, "data.parquet") }));
    const parts = importedPartitions(ds, checkImportMarker(ds), entries);
    expect(parts).toBeDefined();
    const symbols = entries.map((e) => e.symbol).sort();
    const df = await loadImported(parts!, symbols, {});
    expect(df?.height).toBe(619_017);
    // Without the marker, or with a symbol polars would read back differently: the per-file path.
    expect(importedPartitions(ds, undefined, entries)).toBeUndefined();
    expect(importedPartitions(ds, checkImportMarker(ds), [...entries, { symbol: "A%20B", path: join(ds, "symbol=A%20B", "data.parquet") }])).toBeUndefined();
  });

  for (const [name, opts] of cases) {
    it(`${name}: load(), and loadGroups in batches of 64 (and 2 for a few symbols), bit-identical with the same reports`, async () => {
      const plain = join(root, "plain");
      if (!statSync(plain, { throwIfNoEntry: false })) copy("plain", { marker: false });
      for (const size of opts.symbols === undefined ? [undefined, 64] : [undefined, 64, 2]) {
        const fast = await loadAll(ds, { ...opts, badRows: "skip" }, size);
        const old = (await loadAll(plain, { ...opts, badRows: "skip" }, size)).map((b) => moved(b, plain, ds));
        expect(fast.length).toBe(old.length);
        fast.forEach((b, i) => {
          expectSameBatch(b.batch, old[i]!.batch);
          expect(b.report).toEqual(old[i]!.report);
        });
        if (size === undefined) expect(fast[0]!.batch.ts.length).toBeGreaterThan(0);
      }
      const [fi, oi] = await Promise.all([(await openDataset(ds, opts)).index(), (await openDataset(plain, opts)).index()]);
      expect(fi).toEqual(oi);
    });
  }

  it("per-symbol bounds (the focused windows of scan): load and loadGroups as the per-file path", async () => {
    const plain = join(root, "plain");
    if (!statSync(plain, { throwIfNoEntry: false })) copy("plain", { marker: false });
    const ns = (iso: string) => BigInt(Date.parse(iso)) * 1_000_000n;
    const bounds = new Map<string, [bigint, bigint]>([
      ["AAPL", [ns("2014-01-01"), ns("2014-03-31")]],
      ["BF.B", [ns("2016-06-01"), ns("2016-06-30")]],
      ["MSFT", [ns("2013-02-08"), ns("2013-02-08")]],
    ]);
    const [fast, old] = [await openDataset(ds), await openDataset(plain)];
    const a = await fast.load(["AAPL", "BF.B", "MSFT"], { bounds });
    const b = moved(await old.load(["AAPL", "BF.B", "MSFT"], { bounds }), plain, ds);
    expectSameBatch(a.batch, b.batch);
    expect(a.report).toEqual(b.report);
    expect(a.batch.ts.length).toBe(61 + 22 + 1);
    const groups = [["AAPL"], ["BF.B", "MSFT"]];
    const ga: LoadedBatch[] = [];
    const gb: LoadedBatch[] = [];
    for await (const x of fast.loadGroups(groups, { bounds })) ga.push(x);
    for await (const x of old.loadGroups(groups, { bounds })) gb.push(moved(x, plain, ds));
    ga.forEach((x, i) => {
      expectSameBatch(x.batch, gb[i]!.batch);
      expect(x.report).toEqual(gb[i]!.report);
    });
  });

  it("a relative dataset path reads the same", async () => {
    const rel = relative(process.cwd(), ds);
    const [a, b] = [await loadAll(rel, { symbols: ["AAPL"] }), await loadAll(ds, { symbols: ["AAPL"] })];
    expectSameBatch(a[0]!.batch, b[0]!.batch);
  });
});

describe("scanRuns", () => {
  const parts = (barsPerSymbol: number) => ({ pattern: "", files: new Map<string, string>(), barsPerSymbol });
  const groups = [["A", "B"], ["C", "D"], ["E"]];
  it("puts consecutive groups in one scan up to MAX_BARS_PER_SCAN bars, at least one group each", () => {
    expect(scanRuns(parts(1_226), groups)).toEqual([groups]);
    expect(scanRuns(parts(MAX_BARS_PER_SCAN / 4), groups)).toEqual([[["A", "B"], ["C", "D"]], [["E"]]]);
    expect(scanRuns(parts(MAX_BARS_PER_SCAN), groups)).toEqual(groups.map((g) => [g]));
    expect(scanRuns(parts(Number.NaN), groups)).toEqual(groups.map((g) => [g])); // a marker without counts
  });
});

describe("imported S&P 500: a partition altered after the import", () => {
  const MSFT = (dir: string) => join(dir, "symbol=MSFT", "data.parquet");

  it("truncated, garbage or empty: FileError naming the file, for load and loadGroups", async () => {
    const truncated = copy("truncated", { marker: true, alter: (d) => truncateSync(MSFT(d), statSync(MSFT(d)).size - 100) });
    const garbage = copy("garbage", { marker: true, alter: (d) => writeFileSync(MSFT(d), "not parquet at all\n".repeat(100)) });
    const empty = copy("empty", { marker: true, alter: (d) => writeFileSync(MSFT(d), "") });
    for (const dir of [truncated, garbage, empty]) {
      const err = await (await openDataset(dir)).load().catch((e: unknown) => e);
      expect(err).toBeInstanceOf(FileError);
      expect((err as FileError).file).toBe(MSFT(dir));
      expect((err as FileError).message).toMatch(/cannot be read as Parquet .*; is it truncated or still being written\?$/);
      await expect(loadAll(dir, {}, 64)).rejects.toThrow(MSFT(dir));
      await expect(loadAll(dir, { symbols: ["AAPL", "MSFT"] })).rejects.toThrow(MSFT(dir));
    }
    // A load that does not read the damaged partition is not affected.
    expect((await loadAll(truncated, { symbols: ["AAPL"] }))[0]!.batch.ts.length).toBe(1259);
  });

  it("rows that break rules: the same DataError and the same skip report as the per-file path", async () => {
    // AAPL's row 3 gets high < low, row 10 the time of row 9, row 20 a NaN close, row 30 a null volume.
    const alter = (d: string) => {
      const f = join(d, "symbol=AAPL", "data.parquet");
      const i = pl.col("i");
      pl.readParquet(f)
        .withRowIndex("i", 1)
        .withColumns(
          pl.when(i.eq(3)).then(pl.col("low").minus(1)).otherwise(pl.col("high")).alias("high"),
          pl.when(i.eq(10)).then(pl.col("ts").shift(1)).otherwise(pl.col("ts")).alias("ts"),
          pl.when(i.eq(20)).then(pl.lit(Number.NaN)).otherwise(pl.col("close")).alias("close"),
          pl.when(i.eq(30)).then(pl.lit(null)).otherwise(pl.col("volume")).cast(pl.Float64).alias("volume"),
        )
        .drop("i")
        .writeParquet(f, { compression: "zstd" });
    };
    const marked = copy("rules", { marker: true, alter });
    const plain = copy("rules-plain", { marker: false, alter });
    const fast = await errorOf(loadAll(marked, {}, 64), marked, "DIR");
    const old = await errorOf(loadAll(plain, {}, 64), plain, "DIR");
    expect(fast).toEqual(old);
    expect(fast.name).toBe("DataError");
    expect(fast.message).toMatch(/^DIR\/symbol=AAPL\/data\.parquet row 3 .*\[rule high_below_low\]$/);
    for (const size of [undefined, 64]) {
      const a = await loadAll(marked, { badRows: "skip" }, size);
      const b = (await loadAll(plain, { badRows: "skip" }, size)).map((x) => moved(x, plain, marked));
      a.forEach((x, i) => {
        expectSameBatch(x.batch, b[i]!.batch);
        expect(x.report).toEqual(b[i]!.report);
      });
      const skipped = a.reduce((n, x) => n + x.report.skippedRows.length, 0);
      expect(skipped).toBe(4);
    }
  });
});
