/**
 * `--table` and `--timeframe` work on every command that reads bars (issue 14): a SQLite table
 * holding two timeframes is refused without `--timeframe` (exit 2, naming the fix), and read with
 * it; the flags are one shared definition (same help text on every command).
 */
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";

import sqlite from "node-sqlite3-wasm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { cli, EXAMPLES, RAW } from "../helpers.js";

const GOOG = resolve(RAW, "backtesting_py/GOOG.csv");
const SMA = resolve(EXAMPLES, "strategies/sma_cross.json");
const GRID = resolve(EXAMPLES, "grids/sma_cross.json");
const dir = mkdtempSync(join(tmpdir(), "barstream-sqlite-flags-"));
const DB = join(dir, "prices.sqlite");
let dailyBars = 0;

/** GOOG's daily rows as timeframe 1d in table `bars`, plus every fifth row again as 1w. */
beforeAll(() => {
  const rows = readFileSync(GOOG, "utf8").trim().split("\n").slice(1).map((l) => l.split(","));
  const db = new sqlite.Database(DB);
  db.exec("CREATE TABLE bars (ticker TEXT, timeframe TEXT, date TEXT, open REAL, high REAL, low REAL, close REAL, volume REAL)");
  const ins = db.prepare("INSERT INTO bars VALUES (?, ?, ?, ?, ?, ?, ?, ?)");
  db.exec("BEGIN");
  for (const [i, f] of rows.entries()) {
    const v = f.slice(1, 6).map(Number);
    ins.run(["GOOG", "1d", f[0]!, ...v]);
    if (i % 5 === 0) ins.run(["GOOG", "1w", f[0]!, ...v]);
  }
  db.exec("COMMIT");
  ins.finalize();
  db.close();
  dailyBars = rows.length;
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const COMMANDS: Record<string, string[]> = {
  backtest: ["backtest", "--data", DB, "--strategy", SMA, "--json"],
  sweep: ["sweep", "--data", DB, "--strategy", SMA, "--grid", GRID, "--json"],
  scan: ["scan", "--data", DB, "--screen", resolve(EXAMPLES, "screens/intraday_1min.json"), "--start", "2010-01-01", "--json"],
  feed: ["feed", "--data", DB, "--bind", "tcp://127.0.0.1:0", "--wait-subscribers", "0", "--heartbeat-ms", "0", "--json"],
};

describe("--table and --timeframe on every command that reads SQLite", () => {
  it.each(Object.keys(COMMANDS))("%s: several timeframes without --timeframe is a usage error naming the flag", async (cmd) => {
    const r = await cli([...COMMANDS[cmd]!, "--table", "bars"]);
    expect(r.code, r.stderr).toBe(2);
    expect(r.stderr).toContain("table 'bars' holds several timeframes (1d, 1w); pass --timeframe");
    expect(r.stderr).not.toMatch(/Unknown argument/);
  });

  it.each(Object.keys(COMMANDS))("%s: a timeframe the table lacks is a usage error listing the ones it has", async (cmd) => {
    const r = await cli([...COMMANDS[cmd]!, "--table", "bars", "--timeframe", "5m"]);
    expect(r.code, r.stderr).toBe(2);
    expect(r.stderr).toContain("--timeframe: ");
    expect(r.stderr).toContain("no rows with timeframe '5m' (timeframes: 1d, 1w)");
  });

  it("backtest, sweep and feed read exactly the chosen timeframe's bars", async () => {
    const bt = await cli([...COMMANDS.backtest!, "--table", "bars", "--timeframe", "1d"]);
    expect(bt.code, bt.stderr).toBe(0);
    expect(JSON.parse(bt.stdout).symbols[0].bars).toBe(dailyBars);
    const weekly = await cli([...COMMANDS.backtest!, "--table", "bars", "--timeframe", "1w"]);
    expect(weekly.code, weekly.stderr).toBe(0);
    expect(JSON.parse(weekly.stdout).symbols[0].bars).toBe(Math.ceil(dailyBars / 5));
    const sw = await cli([...COMMANDS.sweep!, "--table", "bars", "--timeframe", "1d"]);
    expect(sw.code, sw.stderr).toBe(0);
    expect(JSON.parse(sw.stdout).settings).toMatchObject({ table: "bars", timeframe: "1d" });
    const feed = await cli([...COMMANDS.feed!, "--table", "bars", "--timeframe", "1w"]);
    expect(feed.code, feed.stderr).toBe(0);
    expect(JSON.parse(feed.stdout).bars).toBe(Math.ceil(dailyBars / 5));
  });

  it("the flags have one definition: the same help text on every command", async () => {
    const helps = await Promise.all(Object.keys(COMMANDS).map((c) => cli([c, "--help"])));
    const lines = helps.map((h) => h.stdout.split("\n").filter((l) => /^\s+--(table|timeframe)\s/.test(l)).map((l) => l.trim().replace(/\s+/g, " ")));
    expect(lines[0]).toHaveLength(2);
    for (const l of lines) expect(l).toEqual(lines[0]);
  });
});
