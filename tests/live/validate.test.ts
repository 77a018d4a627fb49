/**
 * Bar validation on live input: the same rules, in the same order, as the data loader.
 * Evidence: every S&P 500 raw row (read as plain text here, not through polars) goes
 * through BarValidator and the per-rule counts equal what the loader's polars rules count.
 */
import { readdirSync } from "node:fs";
import { join } from "node:path";

import { describe, expect, it } from "vitest";

import { openDataset } from "../../src/data/index.js";
import { BarValidator, NO_TS } from "../../src/live/session/validate.js";
import type { BarMessage } from "../../src/live/wire/index.js";
import { RAW } from "../helpers.js";
import { dataRows, isoToNs } from "../data/raw.js";
import { barMessages, GOOG } from "./fixtures.js";

const bar = (symbol: string, ts: bigint, o: number, h: number, l: number, c: number, v = 1): BarMessage =>
  ({ type: "bar", pub: 1, seq: 1, symbol, ts, open: o, high: h, low: l, close: c, volume: v });

describe("BarValidator", () => {
  it("counts per rule exactly what the data loader counts on all 505 raw S&P 500 files", async () => {
    const dir = join(RAW, "sp500_5yr");
    const counts: Record<string, number> = {};
    let accepted = 0;
    let empty = 0;
    for (const f of readdirSync(dir).filter((x) => x.endsWith(".csv"))) {
      const rows = dataRows(join(dir, f));
      const symbol = rows[0]?.[6] ?? f;
      const v = new BarValidator([symbol]);
      for (const r of rows) {
        if (r.slice(0, 6).some((x) => x.trim() === "")) {
          empty++; // the loader's empty_field rule; JSON would carry these as null -> not_finite
          continue;
        }
        const [o, h, l, c, vol] = r.slice(1, 6).map(Number);
        const got = v.accept(bar(symbol, isoToNs(r[0]), o, h, l, c, vol));
        if (typeof got === "number") accepted++;
        else counts[got] = (counts[got] ?? 0) + 1;
      }
    }
    const ds = await openDataset(dir, { badRows: "skip" });
    const { report } = await ds.load();
    const loaderCounts = Object.fromEntries(Object.entries(report.skipped).filter(([r, n]) => n > 0 && r !== "empty_field"));
    expect(counts).toEqual(loaderCounts);
    expect(empty).toBe(report.skipped.empty_field);
    expect(accepted).toBe(report.rowsKept);
    expect(Object.keys(counts).sort()).toEqual(["high_below_low", "ohlc_inconsistent"]); // the rules this data exercises
  });

  it("rejects each rule on an otherwise good GOOG bar, first broken rule wins", async () => {
    const [b] = await barMessages(GOOG);
    const fresh = () => new BarValidator(["GOOG"]);
    expect(fresh().accept(b)).toBe(0);
    const cases: Array<[string, Partial<BarMessage>]> = [
      ["unknown_symbol", { symbol: "GOOGL" }],
      ["not_finite", { close: NaN }],
      ["not_finite", { volume: Infinity }],
      ["non_positive_price", { low: -1 }],
      ["non_positive_price", { open: 0 }],
      ["high_below_low", { high: 90 }], // also below open/close: high < low is reported first
      ["ohlc_inconsistent", { close: 104.07 }],
      ["negative_volume", { volume: -1 }],
    ];
    for (const [reason, patch] of cases) expect([reason, fresh().accept({ ...b, ...patch })]).toEqual([reason, reason]);
  });

  it("rejects duplicates and backwards bars per symbol, independently across symbols", async () => {
    const v = new BarValidator(["A", "B"]);
    expect(v.accept(bar("A", 10n, 1, 1, 1, 1))).toBe(0);
    expect(v.accept(bar("B", 5n, 1, 1, 1, 1))).toBe(1);
    expect(v.accept(bar("A", 10n, 1, 1, 1, 1))).toBe("duplicate_ts");
    expect(v.accept(bar("A", 9n, 1, 1, 1, 1))).toBe("backwards_ts");
    expect(v.accept(bar("B", 6n, 1, 1, 1, 1))).toBe(1);
    expect(v.accept(bar("A", 11n, 1, 1, 1, 1))).toBe(0);
    expect(Array.from(v.lastTs)).toEqual([11n, 6n]);
  });

  it("starts from the engine's last times after a resume; bars the checkpoint holds are duplicates", () => {
    const v = new BarValidator(["A", "B"], BigInt64Array.from([100n, NO_TS]));
    expect(v.accept(bar("A", 100n, 1, 1, 1, 1))).toBe("duplicate_ts");
    expect(v.accept(bar("A", 7n, 1, 1, 1, 1))).toBe("duplicate_ts");
    expect(v.accept(bar("A", 101n, 1, 1, 1, 1))).toBe(0);
    expect(v.accept(bar("A", 103n, 1, 1, 1, 1))).toBe(0);
    expect(v.accept(bar("A", 102n, 1, 1, 1, 1))).toBe("backwards_ts"); // after the resume point: disorder
    expect(v.accept(bar("B", -(2n ** 62n), 1, 1, 1, 1))).toBe(1);
  });
});
