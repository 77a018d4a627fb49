/**
 * The rows `badRows: "skip"` dropped, located: file, row, symbol, time, field, value, rule and the
 * message detail, built from validation's `bad` frame (the few bad rows only; good rows are never
 * touched here). The text of the fields a parsed number cannot give back (an unparseable or non-finite
 * number) is read again from the source, for those rows only.
 */
import pl from "nodejs-polars";

import type { RuleName, SkippedRow } from "./types.js";
import { badRowOf } from "./validate.js";
import { describeBadRow, excerpt, type SourceFields } from "./errors.js";
import { nsToIso } from "./time.js";

type DataFrame = ReturnType<typeof pl.DataFrame>;

/**
 * Source text of `column` in the data rows `rows` (1-based) of file `path`, by row; absent or null where
 * the source has none. Called only for the rows whose value a parsed number cannot show.
 */
export type SourceTextReader = (path: string, column: string, rows: number[]) => Map<number, string | null>;

/** Rules whose value is the source text (the parsed number is null or not what the file says). */
const TEXT_RULES: ReadonlySet<RuleName> = new Set(["unparseable_number", "not_finite"]);

/**
 * The located rows of `bad` (validation's bad frame, see `Validated.bad`), in its order.
 * `sourceOf(path)` gives the column names of a file (as error messages spell them); `readText`, when
 * given, the source text of unparseable and non-finite numbers (else the parsed value is shown).
 */
export function locateSkipped(bad: DataFrame, sourceOf: (path: string) => SourceFields, readText?: SourceTextReader): SkippedRow[] {
  if (bad.height === 0) return [];
  // Column by column: a frame's `toRecords` costs several times more per row.
  const names = bad.columns;
  const columns = names.map((c) => bad.getColumn(c).toArray() as unknown[]);
  const rows = new Array<SkippedRow>(bad.height);
  for (let i = 0; i < bad.height; i++) {
    const rec: Record<string, unknown> = {};
    names.forEach((c, k) => (rec[c] = columns[k]![i]));
    rows[i] = locate(rec, sourceOf);
  }
  if (readText !== undefined) fillSourceText(rows, readText);
  return rows;
}

/** One record of the bad frame as a {@link SkippedRow}. */
function locate(rec: Record<string, unknown>, sourceOf: (path: string) => SourceFields): SkippedRow {
  const b = badRowOf(rec);
  const { field, detail } = describeBadRow(b, sourceOf(b.path));
  let value: string | null;
  if (b.rule === "invalid_utf8" || b.rule === "extra_field") value = null;
  else if (b.field === "ts") value = b.tsText ?? "";
  else if (b.rule === "empty_field") value = "";
  else if (b.field === "symbol") value = rec.__symcol == null ? "" : String(rec.__symcol);
  else value = rec[b.field] == null ? null : String(rec[b.field]);
  return {
    file: b.path,
    row: b.row,
    symbol: String(rec.__symbol),
    time: rec.__ts == null ? null : nsToIso(BigInt(String(rec.__ts))),
    field,
    value: value === null ? null : excerpt(value),
    rule: b.rule,
    detail,
  };
}

/** Replaces the value of each row under {@link TEXT_RULES} by its source text: one read per file and column. */
function fillSourceText(rows: SkippedRow[], readText: SourceTextReader): void {
  const wanted = new Map<string, SkippedRow[]>();
  for (const r of rows) {
    if (!TEXT_RULES.has(r.rule)) continue;
    const key = JSON.stringify([r.file, r.field]);
    wanted.set(key, [...(wanted.get(key) ?? []), r]);
  }
  for (const [key, rs] of wanted) {
    const [file, column] = JSON.parse(key) as [string, string];
    const text = readText(file, column, rs.map((r) => r.row));
    for (const r of rs) {
      const t = text.get(r.row);
      if (t != null) r.value = excerpt(t);
    }
  }
}

/** The rows of `rows` whose symbol is in `symbols` (a batch's share of rows located for several batches). */
export function skippedOf(rows: SkippedRow[], symbols: readonly string[]): SkippedRow[] {
  if (rows.length === 0) return [];
  const want = new Set(symbols);
  return rows.filter((r) => want.has(r.symbol));
}
