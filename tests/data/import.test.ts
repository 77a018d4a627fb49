/** importDataset writes hive-partitioned Parquet that openDataset reads back identically. */
import { existsSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { importDataset, openDataset, type LoadOptions } from "../../src/data/index.js";
import { raw } from "./raw.js";

describe("import round trip", () => {
  it("S&P subset with bad rows skipped: Parquet load equals direct CSV load", async () => {
    const opts: LoadOptions = { symbols: ["AAPL", "DHR", "LNT", "BF.B"], badRows: "skip" };
    const out = join(mkdtempSync(join(tmpdir(), "barstream-import-")), "ds");
    const rep = await importDataset(raw("sp500_5yr"), out, opts);
    expect(rep.symbols).toEqual(["AAPL", "BF.B", "DHR", "LNT"]);
    expect(rep.skipped.empty_field).toBe(2); // DHR 2015-07-17 and 2016-01-12
    expect(rep.skipped.ohlc_inconsistent).toBe(2); // DHR 2014-11-06 (open < low), LNT 2016-05-19 (close)
    expect(existsSync(join(out, "symbol=BF.B", "data.parquet"))).toBe(true);

    const direct = await (await openDataset(raw("sp500_5yr"), opts)).load();
    const back = await openDataset(out);
    expect(back.layout).toBe("hive-parquet");
    const again = await back.load();
    expect(again.batch).toEqual(direct.batch);
    expect(again.report.rowsKept).toBe(rep.rowsWritten);

    const one = await back.load(["DHR"]);
    expect(one.report.files).toEqual([join(out, "symbol=DHR", "data.parquet")]);
  });

  it("intraday epoch-ms file keeps exact nanosecond timestamps through Parquet", async () => {
    const out = join(mkdtempSync(join(tmpdir(), "barstream-import-")), "ds");
    await importDataset(raw("crypto_1m_binance"), out, { symbols: ["AVAXUSDT"] });
    const direct = await (await openDataset(raw("crypto_1m_binance"), { symbols: ["AVAXUSDT"] })).load();
    const back = await (await openDataset(out)).load();
    expect(back.batch).toEqual(direct.batch);
    expect(back.batch.ts.length).toBe(40320);
  });

  it("refuses a non-empty output folder", async () => {
    await expect(importDataset(raw("backtesting_py/GOOG.csv"), raw("backtesting_py"))).rejects.toThrow(/not empty/);
  });
});
