/**
 * The skip limit: `badRows: "skip"` may drop at most `maxSkippedShare` (default half) of a symbol's rows.
 * Beyond that the data is not "a few bad rows" but the wrong file, format or order, and a run on what is
 * left would be a silently different result. A symbol with fewer than {@link MIN_SKIPPED_FOR_LIMIT} rows
 * skipped is never refused by the share: a date window that holds only a symbol's first, bad row (FTV
 * from 2016-07-01 in the S&P 500 set: 1 of 1 rows) is a short selection, not a wrong file.
 */
import pl from "nodejs-polars";

import { FileError } from "./errors.js";
import type { LoadOptions } from "./types.js";

type DataFrame = ReturnType<typeof pl.DataFrame>;

/** Default of `LoadOptions.maxSkippedShare`. */
export const MAX_SKIPPED_SHARE = 0.5;

/** Fewest skipped rows of one symbol for the share limit to apply (below it a share says nothing). */
export const MIN_SKIPPED_FOR_LIMIT = 10;

/**
 * Throws when, for some symbol, the skipped rows (`bad`: `__path`, `__symbol`, `__rule`) are at least
 * {@link MIN_SKIPPED_FOR_LIMIT} and exceed `opts.maxSkippedShare` of its validated rows (`frame`:
 * `__symbol`). Costs nothing when `bad` is empty.
 *
 * # Errors
 * `FileError` naming the file of the symbol's first skipped row, the symbol, the count skipped of the
 * count read and the rule that dropped the most rows.
 */
export function checkSkipLimit(frame: DataFrame, bad: DataFrame, opts: LoadOptions): void {
  if (bad.height === 0) return;
  const share = opts.maxSkippedShare ?? MAX_SKIPPED_SHARE;
  const skipped = bad.lazy().groupBy("__symbol", true).agg(pl.col("__path").first().alias("path"), pl.len().alias("skipped")).collectSync();
  const read = frame.select("__symbol").filter(pl.col("__symbol").isIn(skipped.getColumn("__symbol").toArray() as string[])).groupBy("__symbol").agg(pl.len().alias("read"));
  const over = skipped.join(read, { on: "__symbol", how: "left" }).filter(pl.col("skipped").gtEq(MIN_SKIPPED_FOR_LIMIT).and(pl.col("skipped").gt(pl.col("read").mul(share))));
  if (over.height === 0) return;
  const r = over.toRecords()[0]!;
  const rules = bad.filter(pl.col("__symbol").eq(pl.lit(String(r.__symbol)))).groupBy("__rule").agg(pl.len().alias("n")).sort(["n", "__rule"], [true, false]);
  const [top, topCount] = rules.row(0) as [string, number];
  throw new FileError(
    String(r.path),
    `--skip-bad-rows would drop ${r.skipped} of ${r.read} rows of ${r.__symbol} (more than ${share * 100}%; most under rule ${top}: ${topCount}); ` +
      "this is not a few bad rows: check the file, its format and its order",
  );
}
