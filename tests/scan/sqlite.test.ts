/**
 * SQLite input, built at test time from 20 real S&P 500 symbols: the same bars, the same scan and the same
 * backtest as the CSV files; the symbol filter is inside the SQL; bad tables give clear errors.
 */
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";

import sqlite from "node-sqlite3-wasm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { runBacktest } from "../../src/backtest/run.js";
import { runScan } from "../../src/scan/run.js";
import { openDataset } from "../../src/data/index.js";
import { EXAMPLES, RAW } from "../helpers.js";

const SYMBOLS = ["AAPL", "ABT", "AMZN", "BA", "CMG", "CVX", "DHR", "DIS", "ES", "GE", "GOOG", "IBM", "JPM", "KO", "LNT", "MSFT", "O", "PFE", "WMT", "XOM"];
const DATA = join(RAW, "sp500_5yr");
const META = join(RAW, "sp500_meta/constituents-financials_2018-02-08.csv");
const SCREEN = resolve(EXAMPLES, "screens/sp500_daily.json");
const dir = mkdtempSync(join(tmpdir(), "scan-sqlite-"));
const DB = join(dir, "prices.sqlite");
const DB1 = join(dir, "daily-only.sqlite");
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Writes the raw CSV rows of SYMBOLS (empty fields as NULL) into `ohlcv_data`; `extra` adds weekly rows. */
function build(file: string, weekly: boolean, shape = "ticker TEXT, timeframe TEXT, date TEXT, open REAL, high REAL, low REAL, close REAL, volume REAL"): number {
  const db = new sqlite.Database(file);
  db.exec(`CREATE TABLE ohlcv_data (${shape}); CREATE INDEX ix ON ohlcv_data(ticker, timeframe, date);`);
  const ins = db.prepare("INSERT INTO ohlcv_data VALUES (?, ?, ?, ?, ?, ?, ?, ?)");
  let n = 0;
  db.exec("BEGIN");
  // Interleave symbols row by row so that rowid order is not symbol order.
  const files = SYMBOLS.map((s) => readFileSync(join(DATA, `${s}_data.csv`), "utf8").trim().split("\n").slice(1).map((l) => l.split(",")));
  for (let i = 0; files.some((f) => i < f.length); i++) {
    for (const [k, rows] of files.entries()) {
      const f = rows[i];
      if (f === undefined) continue;
      const v = (x: string) => (x === "" ? null : Number(x));
      ins.run([SYMBOLS[k]!, "1d", f[0]!, v(f[1]!), v(f[2]!), v(f[3]!), v(f[4]!), v(f[5]!)]);
      n++;
      if (weekly && i % 5 === 0) ins.run([SYMBOLS[k]!, "1w", f[0]!, 1, 1, 1, 1, 1]);
    }
  }
  db.exec("COMMIT");
  ins.finalize();
  db.close();
  return n;
}

let dailyRows = 0;
beforeAll(() => {
  dailyRows = build(DB, true);
  build(DB1, false);
});

describe("SQLite input", () => {
  it("loads the same bars as the CSV files, filtering symbols and dates inside the SQL", async () => {
    const csv = await (await openDataset(DATA, { symbols: SYMBOLS, badRows: "skip", start: "2015-01-01", end: "2016-12-31" })).load();
    const ds = await openDataset(DB, { badRows: "skip", timeframe: "1d", start: "2015-01-01", end: "2016-12-31" });
    expect(ds.symbols).toEqual(SYMBOLS);
    const sql = await ds.load();
    expect(sql.batch).toEqual(csv.batch);
    expect(sql.report.skipped).toEqual(csv.report.skipped);
    expect(Object.values(sql.report.skipped).reduce((a, n) => a + n, 0)).toBeGreaterThan(0); // DHR, ES, O, LNT rows
    // Two symbols: the query names them and reads only their rows in the date range.
    const two = await ds.load(["AAPL", "MSFT"]);
    expect(two.report.query).toMatch(/WHERE d\."ticker" IN \(\?, \?\) AND d\."timeframe" = \?/);
    expect(two.report.rowsRead).toBe(2 * 504); // 2015-2016 trading days, counted in the raw files
    expect(dailyRows).toBeGreaterThan(20 * 1200);
  });

  it("gives the same scan as the CSV files", async () => {
    const opts = { screen: SCREEN, meta: META, symbols: SYMBOLS, start: "2016-01-01", end: "2017-06-30", badRows: "skip" as const, progress: false };
    const a = await runScan({ ...opts, data: DATA });
    const b = await runScan({ ...opts, data: DB, timeframe: "1d" });
    expect(b.candidates).toEqual(a.candidates);
    expect(b.candidates.length).toBeGreaterThan(20);
    expect(b.prescreen.rejected).toEqual(a.prescreen.rejected);
    expect(b.rows.load).toEqual(a.rows.load);
  });

  it("backtests from a SQLite file through openDataset", async () => {
    const opts = { strategy: resolve(EXAMPLES, "strategies/sma_cross_risk.json"), symbols: ["AAPL", "XOM", "JPM"], progress: false };
    const a = await runBacktest({ ...opts, data: DATA });
    const b = await runBacktest({ ...opts, data: DB1 });
    expect(b.trades).toEqual(a.trades);
    expect(b.trades.length).toBeGreaterThan(10);
  });

  it("says which timeframe to pick, and rejects an unknown one", async () => {
    await expect(openDataset(DB)).rejects.toThrow(`${DB}: table 'ohlcv_data' holds several timeframes (1d, 1w); pass --timeframe`);
    await expect(openDataset(DB, { timeframe: "5m" })).rejects.toThrow("has no rows with timeframe '5m' (timeframes: 1d, 1w)");
  });

  it("names a missing table, a missing column and a NULL price with its rowid", async () => {
    await expect(openDataset(DB, { table: "bars" })).rejects.toThrow(`${DB}: no table 'bars' (tables: ohlcv_data); pass --table`);
    const noClose = join(dir, "no-close.sqlite");
    const db = new sqlite.Database(noClose);
    db.exec("CREATE TABLE ohlcv_data (ticker TEXT, date TEXT, open REAL, high REAL, low REAL, volume REAL)");
    db.close();
    await expect(openDataset(noClose)).rejects.toThrow(`${noClose}: table 'ohlcv_data' has no 'close' column (columns: ticker, date, open, high, low, volume)`);
    const ds = await openDataset(DB1, { symbols: ["DHR"], start: "2015-01-01", end: "2015-12-31" });
    // DHR 2015-07-17 has an empty open in the CSV, stored as NULL; the error names its rowid.
    const raw = new sqlite.Database(DB1, { readOnly: true });
    const rowid = (raw.get("SELECT rowid AS r FROM ohlcv_data WHERE ticker = 'DHR' AND date = '2015-07-17'") as { r: number }).r;
    raw.close();
    await expect(ds.load()).rejects.toThrow(`${DB1} row ${rowid} (2015-07-17): field 'open' is empty [rule empty_field]`);
    await expect(openDataset(join(dir, "nope.sqlite"))).rejects.toThrow(`${join(dir, "nope.sqlite")}: no such file or folder`);
  });
});
