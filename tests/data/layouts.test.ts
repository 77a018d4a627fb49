/** Every layout in ../shared/data/raw loads, with first/last bars equal to the raw text read independently. */
import { describe, expect, it } from "vitest";
import { openDataset } from "../../src/data/index.js";
import { dataRows, isoToNs, raw } from "./raw.js";

type Case = {
  file: string;
  /** Timestamp of a raw row, parsed here without src/data. */
  ts: (f: string[]) => bigint;
  /** Column index of close in the raw row. */
  close: number;
  /** Column index of volume, or undefined when the file has none (volume must then be 0). */
  volume?: number;
  /** Rows the loader must drop with badRows "skip" (known from SOURCES.md). */
  dropped?: number;
};

const date = (f: string[]) => isoToNs(f[0]!);
const dateTime = (f: string[]) => isoToNs(`${f[0]}T${f[1]}`);
const epochMs = (f: string[]) => BigInt(f[0]!) * 1_000_000n;

const CASES: Case[] = [
  { file: "sp500_5yr/AAPL_data.csv", ts: date, close: 4, volume: 5 },
  { file: "backtesting_py/GOOG.csv", ts: date, close: 4, volume: 5 },
  { file: "backtesting_py/EURUSD.csv", ts: date, close: 4, volume: 5 },
  { file: "backtesting_py/BTCUSD.csv", ts: date, close: 4, volume: 5 },
  { file: "backtrader/orcl-1995-2014.txt", ts: date, close: 4, volume: 6 },
  { file: "backtrader/nvda-1999-2014.txt", ts: date, close: 4, volume: 6 },
  { file: "backtrader/yhoo-1996-2015.txt", ts: date, close: 4, volume: 6 },
  { file: "backtrader/daily-KO.csv", ts: date, close: 4, volume: 5 },
  { file: "backtrader/2006-day-001.txt", ts: date, close: 4, volume: 5 },
  { file: "backtrader/2006-day-001-optix.txt", ts: date, close: 4, volume: 5 },
  { file: "backtrader/2006-week-001.txt", ts: date, close: 4, volume: 5 },
  { file: "backtrader/2006-min-005.txt", ts: dateTime, close: 5, volume: 6 },
  { file: "backtrader/2006-01-02-volume-min-001.txt", ts: dateTime, close: 5, volume: 6 },
  { file: "backtrader/ticksample.csv", ts: date, close: 4, volume: 5, dropped: 1 },
  { file: "crypto_1m_binance/ALGOUSDT-1m-2023-02.csv", ts: epochMs, close: 4, volume: 5 },
  { file: "crypto_1m_binance/NEARUSDT-1m-2023-02.csv", ts: epochMs, close: 4, volume: 5 },
  { file: "intraday_nautilus/btc-perp-20211231-20220201_1m.csv", ts: date, close: 4, volume: 5 },
  { file: "intraday_nautilus/gbpusd-m1-bid-2012.csv", ts: date, close: 4 },
  { file: "intraday_nautilus/usdjpy-m1-bid-2013.csv", ts: date, close: 4 },
  { file: "intraday_nautilus/6EH4.XCME_1min_bars_20240101_20240131.csv", ts: date, close: 4, volume: 5 },
  { file: "intraday_etf_1min/DBB_1min_2023-07-10_to_2025-07-08.csv", ts: date, close: 4, volume: 5 },
  { file: "intraday_etf_1min/INDA_1min_2023-07-10_to_2025-07-07.csv", ts: date, close: 4, volume: 5 },
];

describe("every raw layout loads", () => {
  for (const c of CASES) {
    it(`${c.file}: first/last bar and row count match the raw text`, async () => {
      const rows = dataRows(raw(c.file));
      const ds = await openDataset(raw(c.file), { badRows: "skip" });
      const { batch, report } = await ds.load();
      const n = batch.ts.length;
      const [first, last] = [rows[0]!, rows[rows.length - 1]!];
      expect(report.rowsRead).toBe(rows.length);
      expect(n).toBe(rows.length - (c.dropped ?? 0));
      expect(batch.offsets).toEqual(Int32Array.from([0, n]));
      expect(batch.ts[0]).toBe(c.ts(first));
      expect(batch.ts[n - 1]).toBe(c.ts(last));
      expect(batch.close[0]).toBe(Number(first[c.close]));
      expect(batch.close[n - 1]).toBe(Number(last[c.close]));
      expect(batch.volume[n - 1]).toBe(c.volume === undefined ? 0 : Number(last[c.volume]));
    });
  }

  it("keeps sub-second ticks and drops the later of ticksample's duplicate timestamps", async () => {
    const path = raw("backtrader/ticksample.csv");
    const rows = dataRows(path);
    const seen = new Set<string>();
    const dupIndex = rows.findIndex((r) => (seen.has(r[0]!) ? true : (seen.add(r[0]!), false)));
    const { batch, report } = await (await openDataset(path, { badRows: "skip" })).load();
    expect(report.skipped.duplicate_ts).toBe(1);
    // The first occurrence stays in place and the next kept bar is the raw row after the duplicate.
    const firstOcc = rows.findIndex((r) => r[0] === rows[dupIndex]![0]);
    expect(batch.close[firstOcc]).toBe(Number(rows[firstOcc]![4]));
    expect(batch.ts[dupIndex]).toBe(isoToNs(rows[dupIndex + 1]![0]!));
    await expect((await openDataset(path)).load()).rejects.toMatchObject({ rule: "duplicate_ts", row: dupIndex + 1 });
  });

  it("reads the header-lacks-Time minute file by inserting the Time column", async () => {
    const ds = await openDataset(raw("backtrader/2006-01-02-volume-min-001.txt"));
    const [file] = ds.describe().files;
    expect(file!.insertedTimeColumn).toBe(true);
    expect(file!.timeColumns).toEqual(["Date", "Time"]);
  });

  it("derives symbols from file names and honours the symbol option", async () => {
    expect((await openDataset(raw("backtrader/orcl-2014.txt"))).symbols).toEqual(["ORCL"]);
    expect((await openDataset(raw("sp500_5yr/BF.B_data.csv"), { symbol: "BFB" })).symbols).toEqual(["BFB"]);
    expect((await openDataset(raw("crypto_1m_binance"))).symbols).toEqual(["ALGOUSDT", "AVAXUSDT", "FILUSDT", "LINKUSDT", "NEARUSDT"]);
  });
});
