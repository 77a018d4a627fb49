/**
 * The bundled default data, examples/data/sp500-20.parquet (issue 14): real bars, unchanged from
 * the source files in ../shared/data/raw/sp500_5yr, small, documented, and what `backtest` reads
 * when `--data` is not given. Expected values come from the source CSVs parsed here as plain text
 * (not through barstream's loader) and from the file read with nodejs-polars directly.
 */
import { readFileSync, statSync } from "node:fs";
import { resolve } from "node:path";

import pl from "nodejs-polars";
import { describe, expect, it } from "vitest";

import { DEFAULT_DATA } from "../../src/util/paths.js";
import { EXAMPLES, RAW } from "../helpers.js";
// @ts-expect-error plain .mjs module without types; importing it does not run it (main guard)
import { SYMBOLS } from "../../scripts/make-example-data.mjs";

const FILE = resolve(EXAMPLES, "data/sp500-20.parquet");
const frame = pl.readParquet(FILE);
const symbols = [...new Set(frame.getColumn("symbol").toArray() as string[])];

describe("bundled S&P 500 sample", () => {
  it("is backtest's default data, a compact Parquet file of the generator's symbols", () => {
    expect(DEFAULT_DATA).toBe(FILE);
    expect(statSync(FILE).size).toBeLessThan(500_000);
    expect(symbols.slice().sort()).toEqual((SYMBOLS as string[]).slice().sort());
    expect(symbols.length).toBeGreaterThanOrEqual(20);
  });

  it("holds every bar of each symbol's source file, values unchanged (parsed here as plain CSV text)", () => {
    const dates = frame.getColumn("date").cast(pl.Utf8).toArray() as string[];
    const sym = frame.getColumn("symbol").toArray() as string[];
    const cols = ["open", "high", "low", "close", "volume"].map((c) => frame.getColumn(c).cast(pl.Float64).toArray() as number[]);
    const got = new Map<string, string[]>();
    for (let i = 0; i < frame.height; i++) {
      const rows = got.get(sym[i]!) ?? [];
      rows.push([dates[i], ...cols.map((c) => c[i])].join(","));
      got.set(sym[i]!, rows);
    }
    for (const s of symbols) {
      const lines = readFileSync(resolve(RAW, "sp500_5yr", `${s}_data.csv`), "utf8").trim().split("\n").slice(1);
      // date,open,high,low,close,volume,Name -> the same numbers, in the source's (date) order.
      const want = lines.map((l) => {
        const f = l.split(",");
        expect(f[6], `${s} Name column`).toBe(s);
        return [f[0], ...f.slice(1, 6).map(Number)].join(",");
      });
      expect(got.get(s), s).toEqual(want);
    }
  });

  it("spans 2013-02-08 .. 2018-02-07 for every symbol (the source set's full range)", () => {
    const span = frame.groupBy("symbol").agg(pl.col("date").min().cast(pl.Utf8).alias("first"), pl.col("date").max().cast(pl.Utf8).alias("last"));
    for (const r of span.toRecords()) expect([r.symbol, r.first, r.last]).toEqual([r.symbol, "2013-02-08", "2018-02-07"]);
  });

  it("its README names the source, the license, every symbol, the range and the script", () => {
    const readme = readFileSync(resolve(EXAMPLES, "data/README.md"), "utf8");
    for (const s of symbols) expect(readme).toMatch(new RegExp(`\\b${s}\\b`));
    for (const text of ["CNuge/kaggle-code", "f1109438d6cfb3ffdaa7d4480437cfbaaedd3236", "MIT", "Cam Nugent", "2013-02-08", "2018-02-07", "scripts/make-example-data.mjs"]) {
      expect(readme).toContain(text);
    }
  });
});
