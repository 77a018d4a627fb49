#!/usr/bin/env node
/**
 * Makes examples/data/sp500-20.parquet, the bundled default data of `barstream backtest` (issue 14):
 * 20 liquid S&P 500 symbols, daily bars 2013-02-08 .. 2018-02-07, from the MIT-licensed S&P 500
 * 5-year files in ../shared/data/raw/sp500_5yr (provenance: ../shared/data/SOURCES.md; details
 * and license text: examples/data/README.md).
 *
 *   npm run build:ts && node scripts/make-example-data.mjs [--shared PATH] [--out FILE]
 *
 * The files are read with barstream's own loader (dist/), which refuses any bad row (empty field,
 * OHLC inconsistent, non-positive price, duplicate or backwards date), so every bundled bar
 * passed the loader's checks; on top, a close-to-close move over 30% is refused as a sign of an
 * unadjusted split. Values are written unchanged (f64 prices, integer volume), one row per bar,
 * sorted by symbol then date, as zstd Parquet: `date` (Date), `symbol`, `open`, `high`, `low`,
 * `close` (f64), `volume` (i64). Running it again gives the same rows (tests/data/example_data.test.ts
 * compares the bundled file with the source files).
 */
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import pl from "nodejs-polars";

import { openDataset } from "../dist/data/index.js";
import { writeFrameAtomic } from "../dist/util/atomic-file.js";

/** The bundled symbols: liquid, well-known names across sectors, each with full 5-year history. */
export const SYMBOLS = ["AAPL", "MSFT", "AMZN", "GOOGL", "FB", "INTC", "CSCO", "JPM", "BAC", "WFC", "JNJ", "PFE", "XOM", "CVX", "WMT", "PG", "KO", "HD", "DIS", "BA"];

/** A close-to-close move larger than this (fraction) is taken as an unadjusted split and refused. */
const MAX_DAILY_MOVE = 0.3;

/** Reads the source files, checks them and writes the Parquet file (see the header). */
async function main() {
  const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");
  const { values } = parseArgs({
    options: {
      shared: { type: "string", default: resolve(root, "../shared/data/raw/sp500_5yr") },
      out: { type: "string", default: resolve(root, "examples/data/sp500-20.parquet") },
    },
  });

  const ds = await openDataset(values.shared);
  const { batch } = await ds.load(SYMBOLS);
  const frames = [];
  for (const [i, symbol] of batch.symbols.entries()) {
    const [a, b] = [batch.offsets[i], batch.offsets[i + 1]];
    for (let k = a + 1; k < b; k++) {
      const move = batch.close[k] / batch.close[k - 1] - 1;
      if (Math.abs(move) > MAX_DAILY_MOVE) throw new Error(`${symbol}: close moves ${(move * 100).toFixed(1)}% at bar ${k - a}: unadjusted split? pick another symbol`);
    }
    const col = (name, c) => pl.Series(name, Array.from(c.subarray(a, b)), pl.Float64);
    frames.push(
      pl.DataFrame([
        pl.Series("date", Array.from(batch.ts.subarray(a, b), (ns) => Number(ns / 1_000_000n)), pl.Int64).cast(pl.Datetime("ms")).cast(pl.Date),
        pl.Series("symbol", Array(b - a).fill(symbol), pl.Utf8),
        col("open", batch.open),
        col("high", batch.high),
        col("low", batch.low),
        col("close", batch.close),
        col("volume", batch.volume).cast(pl.Int64),
      ]),
    );
    console.error(`${symbol}: ${b - a} bars`);
  }
  if (batch.symbols.length !== SYMBOLS.length) throw new Error(`expected ${SYMBOLS.length} symbols, loaded ${batch.symbols.join(",")}`);
  const frame = pl.concat(frames).sort(["symbol", "date"]);
  await writeFrameAtomic(values.out, frame, "parquet", { label: "example data", compression: "zstd" });
  console.error(`wrote ${values.out}: ${frame.height} rows, ${batch.symbols.length} symbols`);
}

// Imported by tests/data/example_data.test.ts for SYMBOLS: run only as a script.
if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) await main();
