/**
 * Issue 17 case 5: SQLite rows are validated in time order, not storage (rowid) order. A bar corrected with
 * `INSERT OR REPLACE` gets a new rowid at the end of the table; read by rowid it "went backwards" and, with
 * `--skip-bad-rows`, was dropped (GOOG's final equity moved from 56,263.52 to 56,594.15).
 */
import { join, resolve } from "node:path";
import sqlite from "node-sqlite3-wasm";
import { describe, expect, it } from "vitest";

import { runBacktest } from "../../src/backtest/run.js";
import { openDataset } from "../../src/data/index.js";
import { EXAMPLES } from "../helpers.js";
import { GOOG, googLines, tempFiles } from "./hostile.js";

const { dir, write } = tempFiles("barstream-sqlite-order-");
const rows = googLines().slice(1).map((l) => l.split(","));
const CORRECTED = 1000; // 0-based index of the bar first stored wrong, then corrected

/** GOOG in `ohlcv_data` with a UNIQUE (ticker, date) key; one bar is stored with a wrong close, then replaced. */
function build(file: string): void {
  const db = new sqlite.Database(file);
  db.exec("CREATE TABLE ohlcv_data (ticker TEXT, date TEXT, open REAL, high REAL, low REAL, close REAL, volume REAL, UNIQUE (ticker, date))");
  const ins = db.prepare("INSERT OR REPLACE INTO ohlcv_data VALUES (?, ?, ?, ?, ?, ?, ?)");
  db.exec("BEGIN");
  rows.forEach((r, i) => ins.run(["GOOG", r[0]!, ...r.slice(1, 4).map(Number), i === CORRECTED ? Number(r[4]) * 1.5 : Number(r[4]), Number(r[5])]));
  ins.run(["GOOG", rows[CORRECTED]![0]!, ...rows[CORRECTED]!.slice(1).map(Number)]); // the correction
  db.exec("COMMIT");
  ins.finalize();
  db.close();
}

describe("SQLite rows in time order", () => {
  const db = join(dir, "goog.sqlite");
  build(db);

  it("the corrected bar is stored last (the premise) and loads in its place: the same bars as the CSV", async () => {
    const raw = new sqlite.Database(db, { readOnly: true });
    const last = raw.get("SELECT date FROM ohlcv_data ORDER BY rowid DESC LIMIT 1") as { date: string };
    raw.close();
    expect(last.date).toBe(rows[CORRECTED]![0]);
    const csv = await (await openDataset(GOOG)).load();
    for (const badRows of ["error", "skip"] as const) {
      const { batch, report } = await (await openDataset(db, { badRows })).load();
      expect(batch).toEqual({ ...csv.batch, symbols: ["GOOG"] });
      expect(report.rowsKept).toBe(rows.length);
    }
  });

  it("a backtest on it ends with the CSV run's equity, to the cent", async () => {
    const opts = { strategy: resolve(EXAMPLES, "strategies/sma_cross.json"), progress: false };
    const a = await runBacktest({ ...opts, data: GOOG });
    for (const badRows of ["error", "skip"] as const) {
      const b = await runBacktest({ ...opts, badRows, data: db });
      expect(b.trades).toEqual(a.trades);
      expect(b.universe.stats.equity_final).toBe(a.universe.stats.equity_final);
    }
    // The corrected bar matters: without it (what a rowid-order skip did) the run ends elsewhere.
    const lines = googLines();
    const without = write("GOOG_without.csv", `${[...lines.slice(0, CORRECTED + 1), ...lines.slice(CORRECTED + 2)].join("\n")}\n`);
    expect((await runBacktest({ ...opts, data: without })).universe.stats.equity_final).not.toBe(a.universe.stats.equity_final);
  });
});
