import type { RuleName } from "./types.js";

/**
 * A bad row in a source file. `row` is the 1-based DATA row in the source file (the header line is not
 * counted, so the file line is `row + 1` for a CSV with one header line; for Parquet it is the 1-based row).
 * `field` is the source column name as spelt in the file, `rule` the broken validation rule.
 *
 * Message: `<file> row <row> (<timestamp text>): <detail> [rule <rule>]`.
 */
export class DataError extends Error {
  override readonly name = "DataError";

  constructor(
    readonly file: string,
    readonly row: number,
    readonly field: string,
    readonly rule: RuleName,
    readonly detail: string,
    readonly tsText: string | null,
  ) {
    super(`${file} row ${row} (${tsText === null ? "no timestamp" : excerpt(tsText)}): ${detail} [rule ${rule}]`);
  }
}

/**
 * A source file that cannot be read as a whole (binary content, an absurdly long line, a truncated
 * Parquet file, rows in descending time, too many rows skipped): not skippable with `badRows: "skip"`.
 * `row` is the 1-based data row where the problem was found, when there is one.
 *
 * Message: `<file>[ row <row>]: <detail>`.
 */
export class FileError extends Error {
  override readonly name = "FileError";

  constructor(
    readonly file: string,
    readonly detail: string,
    readonly row?: number,
  ) {
    super(`${file}${row === undefined ? "" : ` row ${row}`}: ${detail}`);
  }
}

/** Longest value quoted in a message, in characters. */
const EXCERPT_CHARS = 80;

/**
 * `value` as quoted in an error message: itself when short, else its first 80 characters followed by
 * `… (N bytes)` (N = its UTF-8 length), so that a huge field never floods stderr.
 */
export function excerpt(value: string): string {
  if (value.length <= EXCERPT_CHARS) return value;
  return `${value.slice(0, EXCERPT_CHARS)}… (${Buffer.byteLength(value, "utf8")} bytes)`;
}

/** Source column names of one file, to name fields as the user sees them. */
export interface SourceFields {
  timeColumns: string[];
  fields: { open: string; high: string; low: string; close: string; volume?: string };
  symbolColumn?: string;
}

/** Row values as produced by validate.ts (canonical names). */
type RowValues = Record<string, unknown>;

function sourceName(field: string, src: SourceFields): string {
  if (field === "ts") return src.timeColumns.join("+");
  if (field === "symbol") return src.symbolColumn ?? "symbol";
  return src.fields[field as keyof SourceFields["fields"]] ?? field;
}

function detail(rule: RuleName, name: string, field: string, v: RowValues): string {
  switch (rule) {
    case "empty_field":
      return `field '${name}' is empty`;
    case "unparseable_ts":
      return `field '${name}' is not a timestamp in the detected format`;
    case "unparseable_number":
      return `field '${name}' is not a number`;
    case "not_finite":
      return `field '${name}' is not finite`;
    case "non_positive_price":
      return `field '${name}' is not positive`;
    case "high_below_low":
      return `field '${name}' = ${v.high} is below low ${v.low}`;
    case "ohlc_inconsistent":
      return `field '${name}' = ${v[field]} is outside [low ${v.low}, high ${v.high}]`;
    case "negative_volume":
      return `field '${name}' = ${v.volume} is negative`;
    case "symbol_mismatch":
      return `field '${name}' = '${excerpt(String(v.__symcol))}' differs from the symbol '${v.__symbol}' given by the file name`;
    case "backwards_ts":
      return `field '${name}' goes backwards (earlier than a previous row of ${v.__symbol})`;
    case "invalid_utf8":
      return `field '${name}' is not valid UTF-8 text`;
    case "extra_field":
      return `the row has more fields than the header (${v.__repair_detail ?? "?"})`;
    case "duplicate_ts":
      return `field '${name}' repeats the timestamp of an earlier row of ${v.__symbol}`;
  }
}

/**
 * Builds the {@link DataError} for a bad row found by validation.
 * `field` is canonical (`ts`, `open`, ..., `symbol`) and mapped to the source column name.
 */
export function dataErrorFor(bad: BadRowFacts, src: SourceFields): DataError {
  const { field, detail } = describeBadRow(bad, src);
  return new DataError(bad.path, bad.row, field, bad.rule, detail, bad.tsText);
}

/** A bad row found by validation (see `BadRow` in validate.ts); `field` canonical. */
type BadRowFacts = { path: string; row: number; field: string; rule: RuleName; tsText: string | null; values: RowValues };

/**
 * The source column name and the detail text of a {@link DataError} for `bad`, without building the
 * error (a located skipped row needs only these; an `Error` captures a stack trace).
 */
export function describeBadRow(bad: BadRowFacts, src: SourceFields): { field: string; detail: string } {
  const name = sourceName(bad.field, src);
  return { field: name, detail: detail(bad.rule, name, bad.field, bad.values) };
}
