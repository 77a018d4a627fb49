/**
 * Issue 14 (bad rows, located): with `badRows: "skip"` every dropped row is located (file, row, symbol,
 * time, field, value, rule). The expected rows come from a plain line-by-line read of the CSV text that
 * applies the documented rules (docs/data.md), independent of the loader; the counts must equal the
 * per-rule counts; the long-file path (loadGroups reading once), Parquet and SQLite locate rows too.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import pl from "nodejs-polars";
import sqlite from "node-sqlite3-wasm";
import { describe, expect, it } from "vitest";

import { DataError, openDataset, RULES, type RuleName, type SkipCounts, type SkippedRow } from "../../src/data/index.js";
import { excerpt } from "../../src/data/errors.js";
import { skippedLine } from "../../src/report/skipped.js";
import { runBacktest } from "../../src/backtest/run.js";
import { EXAMPLES } from "../helpers.js";
import { googLines, mulberry32, tempFiles } from "./hostile.js";
import { raw } from "./raw.js";

const SP500 = raw("sp500_5yr");
const { dir, write } = tempFiles("barstream-skipped-");

type Located = Omit<SkippedRow, "detail">;

/**
 * The rows of a CSV (header `date-column,Open,High,Low,Close,Volume[,symbol column]`, plain commas,
 * dates `YYYY-MM-DD`) that break a rule, by the documented rules in their documented order (each row
 * under the first it breaks; time order per symbol over the rows that passed the others, first of a
 * duplicate kept). `fileSymbol`: the symbol the file name gives (undefined: a long file, symbol from its
 * symbol column).
 */
function expectedBad(file: string, fileSymbol: string | undefined): Located[] {
  const [header, ...lines] = readFileSync(file, "utf8").split("\n").filter((l) => l.length > 0);
  const names = header!.split(",");
  const at = (cells: string[], name: string) => cells[names.findIndex((n) => n.toLowerCase() === name)] ?? "";
  const symCol = names.find((n) => ["name", "symbol"].includes(n.toLowerCase()));
  const dateCol = names[0]!;
  const numCols = ["open", "high", "low", "close", "volume"].map((n) => names.find((c) => c.toLowerCase() === n)!);
  const last = new Map<string, number>();
  const out: Located[] = [];
  lines.forEach((line, i) => {
    const cells = line.split(",");
    const date = cells[0]!;
    const symbol = fileSymbol ?? at(cells, symCol!.toLowerCase());
    const v = Object.fromEntries(numCols.map((c) => [c.toLowerCase(), at(cells, c.toLowerCase())]));
    // Text polars reads as a float: a decimal number, or inf/infinity/nan (then rule not_finite).
    const parse = (s: string) => (/^[+-]?(inf|infinity|nan)$/i.test(s.trim()) ? Number(s.trim().replace(/^([+-]?)inf(inity)?$/i, "$1Infinity")) : Number(s.trim()));
    const n = Object.fromEntries(Object.entries(v).map(([k, s]) => [k, parse(s!)]));
    const dateOk = /^\d{4}-\d{2}-\d{2}$/.test(date);
    const col = (k: string) => numCols.find((c) => c.toLowerCase() === k)!;
    const hit = (rule: RuleName, field: string, value: string | null) => out.push({ file, row: i + 1, symbol, time: dateOk ? `${date}T00:00:00.000Z` : null, field, value, rule });
    const prices = ["open", "high", "low", "close"];
    const firstOf = (ks: string[], pred: (k: string) => boolean) => ks.find(pred);
    let k: string | undefined;
    if (date !== "" && !dateOk) return hit("unparseable_ts", dateCol, date);
    if ((k = firstOf(Object.keys(v), (x) => v[x] !== "" && Number.isNaN(n[x]) && !/^[+-]?nan$/i.test(v[x]!.trim())))) return hit("unparseable_number", col(k), v[k]!);
    if (date === "") return hit("empty_field", dateCol, "");
    if ((k = firstOf(Object.keys(v), (x) => v[x] === ""))) return hit("empty_field", col(k), "");
    if ((k = firstOf(Object.keys(v), (x) => !Number.isFinite(n[x])))) return hit("not_finite", col(k), v[k]!);
    if ((k = firstOf(prices, (x) => n[x]! <= 0))) return hit("non_positive_price", col(k), String(n[k]));
    if (n.high! < n.low!) return hit("high_below_low", col("high"), String(n.high));
    if ((k = firstOf(["open", "close"], (x) => n[x]! < n.low! || n[x]! > n.high!))) return hit("ohlc_inconsistent", col(k), String(n[k]));
    if (n.volume! < 0) return hit("negative_volume", col("volume"), String(n.volume));
    if (fileSymbol !== undefined && symCol !== undefined && at(cells, symCol.toLowerCase()) !== fileSymbol) return hit("symbol_mismatch", symCol, at(cells, symCol.toLowerCase()));
    const t = Date.parse(`${date}T00:00:00Z`);
    const prev = last.get(symbol);
    if (prev !== undefined && t < prev) return hit("backwards_ts", dateCol, date);
    if (prev !== undefined && t === prev) return hit("duplicate_ts", dateCol, date);
    last.set(symbol, t);
  });
  return out;
}

const countsOf = (rows: Array<{ rule: RuleName }>): SkipCounts => {
  const c = Object.fromEntries(RULES.map((r) => [r, 0])) as SkipCounts;
  for (const r of rows) c[r.rule]++;
  return c;
};
const located = (rows: SkippedRow[]): Located[] => rows.map(({ detail: _d, ...r }) => r);
const chunks = <T>(xs: T[], n: number): T[][] => Array.from({ length: Math.ceil(xs.length / n) }, (_, i) => xs.slice(i * n, i * n + n));

describe("skipped rows of the raw S&P 500 files", () => {
  const files = readdirSync(SP500).filter((f) => f.endsWith(".csv")).sort();
  const expected = files.flatMap((f) => expectedBad(join(SP500, f), f.replace(/_data\.csv$/, "")));

  it("the independent read finds the 23 rows the issue counts (the premise)", () => {
    expect(expected.length).toBe(23);
    expect(countsOf(expected)).toMatchObject({ empty_field: 11, high_below_low: 1, ohlc_inconsistent: 11 });
  });

  it("load() locates exactly those rows, in file order, and they add up to the per-rule counts", async () => {
    const { report } = await (await openDataset(SP500, { badRows: "skip" })).load();
    expect(located(report.skippedRows)).toEqual(expected);
    expect(report.skipped).toEqual(countsOf(report.skippedRows));
    expect(report.rowsRead - report.rowsKept).toBe(report.skippedRows.length);
  });

  it("loadGroups (read once, batches of 64) gives each batch its own rows, the same list in all", async () => {
    const ds = await openDataset(SP500, { badRows: "skip" });
    const all: SkippedRow[] = [];
    for await (const { batch, report } of ds.loadGroups(chunks(ds.symbols, 64))) {
      expect(report.skippedRows.every((r) => batch.symbols.includes(r.symbol))).toBe(true);
      expect(report.skipped).toEqual(countsOf(report.skippedRows));
      all.push(...report.skippedRows);
    }
    expect(located(all)).toEqual(expected);
  });

  it("each located row's line is the message the row raises without skipping (AOS row 321 first)", async () => {
    const { report } = await (await openDataset(SP500, { badRows: "skip" })).load();
    const first = report.skippedRows[0]!;
    const err = await (await openDataset(SP500)).load().then(() => undefined, (e: unknown) => e);
    expect(err).toBeInstanceOf(DataError);
    expect(skippedLine(first)).toBe((err as DataError).message);
    expect(first).toMatchObject({ symbol: "AOS", row: 321, field: "high", value: "23.595", rule: "high_below_low" });
    // Every row alone raises the message of its line.
    for (const r of report.skippedRows.slice(1, 4)) {
      const e = await (await openDataset(r.file)).load().then(() => undefined, (x: unknown) => x);
      expect((e as DataError).message).toBe(skippedLine(r));
    }
  });

  it("a long file (symbol column) read once by loadGroups: rows numbered in the long file", async () => {
    const picked = ["AOS", "BBY", "BHF", "CHD", "DHR", "O", "UA", "WRK"];
    const body = picked.flatMap((s) => readFileSync(join(SP500, `${s}_data.csv`), "utf8").trimEnd().split("\n").slice(1));
    const path = write("long.csv", `date,open,high,low,close,volume,Name\n${body.join("\n")}\n`);
    const want = expectedBad(path, undefined);
    expect(want.length).toBe(15);
    const ds = await openDataset(path, { badRows: "skip" });
    const all: SkippedRow[] = [];
    for await (const { report } of ds.loadGroups(chunks(ds.symbols, 3))) all.push(...report.skippedRows);
    // loadGroups yields by symbol batch; the long file is in the same symbol order.
    expect(located(all)).toEqual(want);
    expect(located((await ds.load()).report.skippedRows)).toEqual(want);
  });
});

describe("values as the file has them", () => {
  const [header, ...rows] = googLines();
  const goog = (edit: (cells: string[][]) => void, name = "GOOG.csv") => {
    const cells = rows.map((r) => r.split(","));
    edit(cells);
    return write(name, `${header}\n${cells.map((c) => c.join(",")).join("\n")}\n`);
  };

  it("an unparseable or non-finite number is shown as its source text (cut like every quoted value)", async () => {
    const long = "9".repeat(50) + "x".repeat(100);
    const path = goog((c) => {
      c[9]![4] = "12.3.4";
      c[19]![2] = "inf";
      c[29]![4] = long;
    }, "GOOGTEXT.csv");
    const { report } = await (await openDataset(path, { badRows: "skip" })).load();
    expect(report.skippedRows.map((r) => [r.row, r.field, r.value, r.rule])).toEqual([
      [10, "Close", "12.3.4", "unparseable_number"],
      [20, "High", "inf", "not_finite"],
      [30, "Close", excerpt(long), "unparseable_number"],
    ]);
    expect(located(report.skippedRows)).toEqual(expectedBad(path, "GOOGTEXT").map((r) => ({ ...r, value: r.value === null ? null : excerpt(r.value) })));
  });

  it("a row polars cannot parse (extra field) is located with no single value", async () => {
    const path = write("GOOGX.csv", `${header}\n${rows.slice(0, 5).join("\n")}\n${rows[5]},42\n${rows.slice(6, 20).join("\n")}\n`);
    const { report } = await (await openDataset(path, { badRows: "skip" })).load();
    expect(report.skippedRows).toEqual([
      { file: path, row: 6, symbol: "GOOGX", time: `${rows[5]!.split(",")[0]}T00:00:00.000Z`, field: "", value: null, rule: "extra_field", detail: "the row has more fields than the header (7 fields, the header has 6)" },
    ]);
  });

  it("seeded corruptions of GOOG: the located rows equal the independent read's, counts equal", async () => {
    const rand = mulberry32(1414);
    for (let round = 0; round < 4; round++) {
      const path = goog((c) => {
        for (let k = 0; k < 30; k++) {
          const i = Math.floor(rand() * c.length);
          const j = Math.floor(rand() * 6);
          const kind = Math.floor(rand() * 5);
          if (kind === 0) c[i]![j] = "";
          else if (kind === 1) c[i]![j] = j === 0 ? c[Math.max(0, i - 3)]![0]! : "-1";
          else if (kind === 2 && j > 0) c[i]![j] = String(Number(c[i]![j]) * 3);
          else if (kind === 3) c[i]![j] = j === 0 ? "2015-13-45x" : "n/a";
          else c[i]![0] = c[Math.max(0, i - 1)]![0]!;
        }
      }, `GOOG${round}.csv`);
      const { report } = await (await openDataset(path, { badRows: "skip", maxSkippedShare: 1 })).load();
      expect(located(report.skippedRows)).toEqual(expectedBad(path, `GOOG${round}`));
      expect(report.skipped).toEqual(countsOf(report.skippedRows));
    }
  });
});

describe("Parquet and SQLite", () => {
  const ts = [1, 2, 3, 4, 5, 6].map((d) => new Date(Date.UTC(2020, 0, d)));
  const frame = pl.DataFrame({
    time: pl.Series("time", ts, pl.Datetime("ms")),
    open: [10, 10, null, 10, 10, 10],
    high: [11, 11, 11, 11, 9, 11],
    low: [9, 9, 9, 9, 9.5, 9],
    close: [10, 10, 10, 10, 10, 12],
    volume: [1, 1, 1, 1, 1, 1],
  });

  it("a Parquet file: 1-based rows, the parsed time, the value", async () => {
    const path = join(dir, "AAA.parquet");
    frame.writeParquet(path);
    const { report } = await (await openDataset(path, { badRows: "skip" })).load();
    expect(located(report.skippedRows)).toEqual([
      { file: path, row: 3, symbol: "AAA", time: "2020-01-03T00:00:00.000Z", field: "open", value: "", rule: "empty_field" },
      { file: path, row: 5, symbol: "AAA", time: "2020-01-05T00:00:00.000Z", field: "high", value: "9", rule: "high_below_low" },
      { file: path, row: 6, symbol: "AAA", time: "2020-01-06T00:00:00.000Z", field: "close", value: "12", rule: "ohlc_inconsistent" },
    ]);
  });

  it("a SQLite table: the row is the rowid, a cell that is not a number is shown as stored", async () => {
    const path = join(dir, "bars.sqlite");
    const db = new sqlite.Database(path);
    db.exec("CREATE TABLE ohlcv_data (ticker TEXT, date TEXT, open REAL, high REAL, low REAL, close REAL, volume REAL)");
    const ins = db.prepare("INSERT INTO ohlcv_data VALUES (?, ?, ?, ?, ?, ?, ?)");
    ["2020-01-01", "2020-01-02", "2020-01-03", "2020-01-04"].forEach((d, i) => ins.run(["AAA", d, 10, i === 1 ? 8 : 11, 9, i === 2 ? "ten" : 10, 1]));
    ins.finalize();
    db.close();
    const { report } = await (await openDataset(path, { badRows: "skip" })).load();
    expect(located(report.skippedRows)).toEqual([
      { file: path, row: 2, symbol: "AAA", time: "2020-01-02T00:00:00.000Z", field: "high", value: "8", rule: "high_below_low" },
      { file: path, row: 3, symbol: "AAA", time: "2020-01-03T00:00:00.000Z", field: "close", value: "ten", rule: "unparseable_number" },
    ]);
    expect(report.skipped).toEqual(countsOf(report.skippedRows));
  });
});

describe("many skipped rows", () => {
  it("a backtest keeps every one of 209,700 skipped rows (more than one call's arguments can hold)", async () => {
    const n = 466_000;
    const lines = ["date,open,high,low,close,volume"];
    const t0 = Date.UTC(1990, 0, 1);
    // 9 of every 20 rows have an empty open (45%, under the default skip limit of half).
    for (let i = 0; i < n; i++) lines.push(`${new Date(t0 + i * 60_000).toISOString().slice(0, 19).replace("T", " ")},${i % 20 < 9 ? "" : 10},11,9,10,100`);
    const path = write("MANY.csv", `${lines.join("\n")}\n`);
    const r = await runBacktest({ data: path, strategy: join(EXAMPLES, "strategies/sma_cross.json"), badRows: "skip", progress: false });
    const bad = (n / 20) * 9; // n is a multiple of 20
    expect(r.data.skipped.empty_field).toBe(bad);
    expect(r.data.skipped_rows.length).toBe(bad);
    expect(bad).toBeGreaterThan(200_000);
    expect(r.data.skipped_rows[bad - 1]).toMatchObject({ row: n - 20 + 9, field: "open", value: "", rule: "empty_field" });
  });
});
