/** Symbol and date filters read only what is needed; long files with a symbol column work too. */
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { openDataset } from "../../src/data/index.js";
import { dataRows, isoToNs, raw } from "./raw.js";

describe("filters", () => {
  it("a symbols filter on a per-symbol folder opens only those files", async () => {
    const ds = await openDataset(raw("sp500_5yr"), { symbols: ["MSFT", "AAPL"] });
    expect(ds.symbols).toEqual(["AAPL", "MSFT"]);
    const { batch, report } = await ds.load();
    expect(report.files).toEqual([raw("sp500_5yr/AAPL_data.csv"), raw("sp500_5yr/MSFT_data.csv")]);
    const n = dataRows(raw("sp500_5yr/AAPL_data.csv")).length;
    expect(batch.symbols).toEqual(["AAPL", "MSFT"]);
    expect(batch.offsets[1]).toBe(n);
    expect(report.rowsRead).toBe(n + dataRows(raw("sp500_5yr/MSFT_data.csv")).length);
  });

  it("load(subset) reads only the subset's files", async () => {
    const ds = await openDataset(raw("crypto_1m_binance"));
    const { report } = await ds.load(["LINKUSDT"]);
    expect(report.files).toEqual([raw("crypto_1m_binance/LINKUSDT-1m-2023-02.csv")]);
    await expect(ds.load(["NOPE"])).rejects.toThrow(/unknown symbol/);
  });

  it("start/end are inclusive UTC bounds and only rows inside them are read", async () => {
    const file = raw("sp500_5yr/AAPL_data.csv");
    const inRange = dataRows(file).filter((r) => r[0]! >= "2016-01-01" && r[0]! <= "2016-06-30");
    const { batch, report } = await (await openDataset(file, { start: "2016-01-01", end: "2016-06-30" })).load();
    expect(report.rowsRead).toBe(inRange.length);
    expect(batch.ts[0]).toBe(isoToNs(inRange[0]![0]!));
    expect(batch.ts[batch.ts.length - 1]).toBe(isoToNs(inRange[inRange.length - 1]![0]!));
  });

  it("an intraday end datetime cuts at that minute", async () => {
    const file = raw("crypto_1m_binance/FILUSDT-1m-2023-02.csv");
    const { batch } = await (await openDataset(file, { start: "2023-02-10", end: "2023-02-10T00:09:00" })).load();
    expect(batch.ts.length).toBe(10);
    expect(batch.ts[9]).toBe(isoToNs("2023-02-10T00:09:00"));
  });

  it("a long file with a symbol column lists its symbols and filters on them", async () => {
    // A long file built at test time from two raw files (never committed).
    const dir = mkdtempSync(join(tmpdir(), "barstream-long-"));
    const long = join(dir, "long.csv");
    const a = readFileSync(raw("sp500_5yr/AAPL_data.csv"), "utf8").trimEnd().split("\n");
    const m = readFileSync(raw("sp500_5yr/MSFT_data.csv"), "utf8").trimEnd().split("\n");
    writeFileSync(long, [...a, ...m.slice(1)].join("\n") + "\n");
    const ds = await openDataset(long);
    expect(ds.layout).toBe("single-file");
    expect(ds.symbols).toEqual(["AAPL", "MSFT"]);
    const { batch, report } = await ds.load(["MSFT"]);
    expect(report.rowsRead).toBe(m.length - 1);
    expect(batch.symbols).toEqual(["MSFT"]);
    expect(batch.close[0]).toBe(Number(m[1]!.split(",")[4]));
  });
});
