/**
 * Issue 17 case 6: integer epoch timestamps get one unit per column by a documented window (each value
 * between 1973-03-03 and 2262-04-11 in exactly one unit, all values in the same one); an ambiguous column
 * is refused unless `timeUnit` (`--time-unit`) says; a value whose nanoseconds overflow i64 is a bad row.
 */
import sqlite from "node-sqlite3-wasm";
import pl from "nodejs-polars";
import { join } from "node:path";
import { describe, expect, it } from "vitest";

import { DataError, FileError, openDataset } from "../../src/data/index.js";
import { resolveEpochUnit } from "../../src/data/time.js";
import { cli } from "../helpers.js";
import { GOOG, googLines, tempFiles } from "./hostile.js";

const { dir, write } = tempFiles("barstream-epoch-");
const rows = googLines().slice(1).map((l) => l.split(","));
const dayS = (d: string) => BigInt(Date.parse(`${d}T00:00:00Z`) / 1000);

/** GOOG with its dates replaced by `ts(i, date)` in a `timestamp` column. */
function epochCsv(name: string, ts: (i: number, date: string) => bigint): string {
  const lines = rows.map((r, i) => [ts(i, r[0]!).toString(), ...r.slice(1)].join(","));
  return write(name, `timestamp,Open,High,Low,Close,Volume\n${lines.join("\n")}\n`);
}

const errorOf = (path: string, opts = {}) =>
  openDataset(path, opts)
    .then((ds) => ds.load())
    .then(
      () => undefined,
      (e: unknown) => e,
    );

describe("epoch unit per column", () => {
  it("seconds, milliseconds, microseconds and nanoseconds of GOOG's dates all give GOOG's bars", async () => {
    const want = (await (await openDataset(GOOG)).load()).batch;
    const scale = { s: 1n, ms: 1_000n, us: 1_000_000n, ns: 1_000_000_000n };
    for (const [unit, k] of Object.entries(scale)) {
      const { batch } = await (await openDataset(epochCsv(`GOOG_${unit}.csv`, (_, d) => dayS(d) * k))).load();
      expect(batch.ts, unit).toEqual(want.ts);
      expect(batch.close).toEqual(want.close);
    }
  });

  it("millisecond epochs of 1971-1977 are not read as seconds: refused, then right with timeUnit ms", async () => {
    const path = epochCsv("ms1971.csv", (i) => 50_000_000_000n + BigInt(i) * 86_400_000n);
    const e = await errorOf(path);
    expect(e).toBeInstanceOf(FileError);
    expect((e as FileError).message).toContain("do not fit one unit between 1973-03-03 and 2262-04-11");
    expect((e as FileError).message).toContain("pass --time-unit s|ms|us|ns");
    const { batch } = await (await openDataset(path, { timeUnit: "ms" })).load();
    expect(new Date(Number(batch.ts[0]! / 1_000_000n)).toISOString()).toBe("1971-08-02T16:53:20.000Z");
  });

  it("seconds in the year 2264 are refused, not wrapped to 1680; with timeUnit s they overflow into a bad row", async () => {
    const path = epochCsv("s2264.csv", (i) => 9_300_000_000n + BigInt(i) * 86_400n);
    expect(await errorOf(path)).toBeInstanceOf(FileError);
    const e = await errorOf(path, { timeUnit: "s" });
    expect(e).toBeInstanceOf(DataError);
    expect(e).toMatchObject({ row: 1, field: "timestamp", rule: "unparseable_ts" });
  });

  it("a column mixing seconds and milliseconds is refused with the counts", async () => {
    const e = await errorOf(epochCsv("mixed.csv", (i, d) => (i % 2 ? dayS(d) * 1000n : dayS(d))));
    expect((e as Error).message).toContain(`(${rows.length} values: ${rows.length / 2} in s, ${rows.length / 2} in ms fit)`);
  });

  it("the window's edges", () => {
    const where = { file: "f", column: "t" };
    const one = (u: "s" | "ms" | "us" | "ns") => ({ s: 0, ms: 0, us: 0, ns: 0, all: 1, [u]: 1 });
    expect(resolveEpochUnit(one("ns"), where)).toBe("ns");
    expect(resolveEpochUnit(one("us"), where)).toBe("us");
    expect(() => resolveEpochUnit({ s: 0, ms: 0, us: 0, ns: 0, all: 1 }, where)).toThrow(FileError);
    expect(resolveEpochUnit({ s: 0, ms: 0, us: 0, ns: 0, all: 1 }, where, "ms")).toBe("ms");
  });

  it("an integer Parquet column and a SQLite column follow the same rule", async () => {
    const pq = join(dir, "ms1971.parquet");
    pl.DataFrame({
      ts: pl.Series("ts", rows.map((_, i) => 50_000_000_000 + i * 86_400_000), pl.Int64),
      open: rows.map((r) => Number(r[1])),
      high: rows.map((r) => Number(r[2])),
      low: rows.map((r) => Number(r[3])),
      close: rows.map((r) => Number(r[4])),
    }).writeParquet(pq);
    expect(await errorOf(pq)).toBeInstanceOf(FileError);
    expect((await (await openDataset(pq, { timeUnit: "ms" })).load()).batch.ts.length).toBe(rows.length);

    const db = join(dir, "ms1971.sqlite");
    const d = new sqlite.Database(db);
    d.exec("CREATE TABLE ohlcv_data (ticker TEXT, timestamp INTEGER, open REAL, high REAL, low REAL, close REAL, volume REAL)");
    const ins = d.prepare("INSERT INTO ohlcv_data VALUES (?, ?, ?, ?, ?, ?, ?)");
    d.exec("BEGIN");
    rows.forEach((r, i) => ins.run(["GOOG", 50_000_000_000 + i * 86_400_000, ...r.slice(1).map(Number)]));
    d.exec("COMMIT");
    ins.finalize();
    d.close();
    expect(await errorOf(db)).toBeInstanceOf(FileError);
    const { batch } = await (await openDataset(db, { timeUnit: "ms" })).load();
    expect(batch.ts[0]).toBe(50_000_000_000n * 1_000_000n);
  });

  it("the CLI: exit 1 naming --time-unit, then exit 0 with --time-unit ms", async () => {
    const path = join(dir, "ms1971.csv");
    const bad = await cli(["backtest", "--data", path, "--json"]);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain("--time-unit");
    const good = await cli(["backtest", "--data", path, "--time-unit", "ms", "--json"]);
    expect(good.stderr).toBe("");
    expect(good.code).toBe(0);
    expect(JSON.parse(good.stdout).data.rows_kept).toBe(rows.length);
  }, 120_000);
});
