/**
 * The rows `--skip-bad-rows` dropped, for people and files: the first few as terminal lines (in the
 * error message's form) and every one as `skipped.csv`. Pure: rows in, text or a frame out.
 */
import pl from "nodejs-polars";

import type { SkippedRow } from "../data/types.js";

/** Skipped rows listed in a terminal summary; the rest are counted and pointed to. */
export const SKIPPED_SHOWN = 5;

/** File name of the skipped rows in an `--out` folder. */
export const SKIPPED_CSV = "skipped.csv";

/** Columns of `skipped.csv`, the fields of {@link SkippedRow} in order. */
export const SKIPPED_COLUMNS = ["file", "row", "symbol", "time", "field", "value", "rule", "detail"] as const;

/** `2014-05-19T00:00:00.000Z` -> `2014-05-19` (daily bars); other times as they are. */
const shortTime = (iso: string) => (iso.endsWith("T00:00:00.000Z") ? iso.slice(0, 10) : iso);

/**
 * One line per row, as the load's error message would name it, e.g.
 * `…/AOS_data.csv row 321 (2014-05-19): field 'high' = 23.595 is below low 23.85 [rule high_below_low]`.
 */
export function skippedLine(r: SkippedRow): string {
  return `${r.file} row ${r.row} (${r.time === null ? "no timestamp" : shortTime(r.time)}): ${r.detail} [rule ${r.rule}]`;
}

/**
 * The terminal block for `rows`: a heading, the first `shown` rows ({@link skippedLine}) and, when there
 * are more, `... and N more, see <where>`. `where` names the full list (e.g. `out/skipped.csv`). Empty
 * text when no row was skipped.
 */
export function skippedBlock(rows: readonly SkippedRow[], where: string, shown = SKIPPED_SHOWN): string {
  if (rows.length === 0) return "";
  const lines = [`Skipped rows (${rows.length}${rows.length > shown ? `, first ${shown}` : ""}):`, ...rows.slice(0, shown).map((r) => `  ${skippedLine(r)}`)];
  if (rows.length > shown) lines.push(`  ... and ${rows.length - shown} more, see ${where}`);
  return lines.join("\n");
}

/** Where the full list is, for {@link skippedBlock}: the `--out` folder's file, else the flags that write it. */
export function skippedWhere(outFile: string | undefined): string {
  return outFile ?? `${SKIPPED_CSV} with --out DIR, or skipped_rows in --json`;
}

/** `rows` as the `skipped.csv` frame ({@link SKIPPED_COLUMNS}; `row` an integer column, nulls empty). */
export function skippedFrame(rows: readonly SkippedRow[]): pl.DataFrame {
  const text = (k: Exclude<(typeof SKIPPED_COLUMNS)[number], "row">) => pl.Series(k, rows.map((r) => r[k]), pl.Utf8);
  return pl.DataFrame([
    text("file"),
    pl.Series("row", rows.map((r) => r.row), pl.Int64),
    text("symbol"),
    text("time"),
    text("field"),
    text("value"),
    text("rule"),
    text("detail"),
  ]);
}
