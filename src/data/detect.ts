/**
 * Layout detection for one source file: which columns hold the timestamp, OHLCV and symbol, which
 * timestamp format is used, and whether the header is missing a `Time` column. Reads only the first
 * 64 KiB of a CSV (or the schema of a Parquet file).
 */
import { openSync, readSync, closeSync } from "node:fs";
import pl from "nodejs-polars";
import type { FileDescription, LoadOptions } from "./types.js";
import { detectTimeFormat, isTimeOfDay } from "./time.js";
import { splitCsvLine } from "./csvtext.js";
import { excerpt, FileError } from "./errors.js";

/** Header aliases, matched case-insensitively after trimming. First alias found wins. */
const ALIASES = {
  open: ["open", "o"],
  high: ["high", "h"],
  low: ["low", "l"],
  close: ["close", "c"],
  volume: ["volume", "vol", "v"],
  time: ["datetime", "timestamp", "timestamp_utc", "open_time", "ts", "date", "time", ""],
  symbol: ["symbol", "ticker", "name", "sym", "instrument"],
} as const;

const HEAD_BYTES = 64 * 1024;
const SAMPLE_ROWS = 50;

/** True for the extensions read as Parquet. */
export function isParquet(path: string): boolean {
  return /\.parquet$/i.test(path);
}

/** True for the extensions read as CSV text. */
export function isCsv(path: string): boolean {
  return /\.(csv|txt)$/i.test(path);
}

function readHead(path: string): string[] {
  const fd = openSync(path, "r");
  try {
    const buf = Buffer.alloc(HEAD_BYTES);
    const n = readSync(fd, buf, 0, HEAD_BYTES, 0);
    const lines = buf.subarray(0, n).toString("utf8").replace(/^\uFEFF/, "").split(/\r?\n/);
    if (n === HEAD_BYTES) lines.pop(); // last line may be cut
    return lines.filter((l) => l.length > 0);
  } finally {
    closeSync(fd);
  }
}

const splitCsv = (line: string): string[] => splitCsvLine(line);

function findColumn(names: string[], aliases: readonly string[], wanted?: string): string | undefined {
  const lower = names.map((n) => n.trim().toLowerCase());
  if (wanted !== undefined) {
    const i = lower.indexOf(wanted.toLowerCase());
    return i < 0 ? undefined : names[i];
  }
  for (const a of aliases) {
    const i = lower.indexOf(a);
    if (i >= 0) return names[i];
  }
  return undefined;
}

/** `fn()`, with its error message prefixed by the file. */
function named<T>(path: string, fn: () => T): T {
  try {
    return fn();
  } catch (e) {
    throw new Error(`${path}: ${(e as Error).message}`);
  }
}

/** Column roles shared by the CSV and Parquet detectors. */
function resolveColumns(path: string, names: string[], opts: LoadOptions) {
  const list = names.map(excerpt).join(", ");
  const need = (role: "open" | "high" | "low" | "close") => {
    const c = findColumn(names, ALIASES[role]);
    if (c === undefined) throw new Error(`${path}: no '${role}' column among [${list}]`);
    return c;
  };
  const fields = { open: need("open"), high: need("high"), low: need("low"), close: need("close"), volume: findColumn(names, ALIASES.volume) };
  const symbolColumn = findColumn(names, ALIASES.symbol, opts.symbolColumn);
  if (opts.symbolColumn !== undefined && symbolColumn === undefined) {
    throw new Error(`${path}: symbol column '${opts.symbolColumn}' not found among [${list}]`);
  }
  let timeColumns: string[];
  const date = findColumn(names, ["date"]);
  const tod = findColumn(names, ["time"]);
  if (opts.timeColumn !== undefined) {
    const c = findColumn(names, [], opts.timeColumn);
    if (c === undefined) throw new Error(`${path}: time column '${opts.timeColumn}' not found among [${list}]`);
    timeColumns = [c];
  } else if (date !== undefined && tod !== undefined) {
    timeColumns = [date, tod];
  } else {
    const c = findColumn(names, ALIASES.time);
    if (c === undefined) throw new Error(`${path}: no timestamp column among [${list}]; pass 'timeColumn'`);
    timeColumns = [c];
  }
  return { fields, symbolColumn, timeColumns };
}

/**
 * Detects the layout of a CSV file (`.csv`/`.txt`, comma-separated, one header line).
 * A header one field shorter than the data rows, with a `Date` column and a time of day right after it
 * in the data (backtrader's `2006-01-02-volume-min-001.txt`), is read headerless with `Time` inserted.
 *
 * # Errors
 * Throws when the file is empty, a required column is missing, or the timestamp format is unknown.
 */
export function detectCsv(path: string, opts: LoadOptions): FileDescription {
  const lines = readHead(path);
  if (lines.length === 0) throw new Error(`${path}: file is empty`);
  let names = splitCsv(lines[0]!);
  const rows = lines.slice(1, 1 + SAMPLE_ROWS).map(splitCsv);
  let insertedTimeColumn = false;
  if (rows.length > 0 && rows[0]!.length === names.length + 1) {
    const d = names.findIndex((n) => n.toLowerCase() === "date");
    if (d >= 0 && findColumn(names, ["time"]) === undefined && isTimeOfDay(rows[0]![d + 1] ?? "")) {
      names = [...names.slice(0, d + 1), "Time", ...names.slice(d + 1)];
      insertedTimeColumn = true;
    }
  }
  // More fields than the header: reported per row (rule extra_field) by the fallback pass of read.ts.
  if (rows.length > 0 && rows[0]!.length < names.length) {
    throw new Error(`${path}: header has ${names.length} fields but data row 1 has ${rows[0]!.length}`);
  }
  const { fields, symbolColumn, timeColumns } = resolveColumns(path, names, opts);
  const idx = timeColumns.map((c) => names.indexOf(c));
  let timeFormat = opts.timeFormat;
  if (timeFormat === undefined) {
    const sample = rows.find((r) => idx.every((i) => (r[i] ?? "") !== ""));
    if (sample === undefined) throw new Error(`${path}: no timestamp value in the first ${SAMPLE_ROWS} rows`);
    timeFormat = named(path, () => detectTimeFormat(sample[idx[0]!]!, idx.length > 1 ? sample[idx[1]!] : undefined));
  }
  return { path, format: "csv", timeColumns, timeFormat, fields, symbolColumn, insertedTimeColumn, columns: names };
}

/**
 * Detects the layout of a Parquet file from its schema. A native datetime column gets format `datetime`,
 * an integer one `epoch` (unit by magnitude), a text one is sampled like CSV.
 *
 * # Errors
 * Throws when a required column is missing or the timestamp format is unknown.
 */
export function detectParquet(path: string, opts: LoadOptions): FileDescription {
  let head: ReturnType<typeof pl.DataFrame>;
  try {
    head = pl.scanParquet(path, { hivePartitioning: false }).head(SAMPLE_ROWS).collectSync();
  } catch (e) {
    const why = String((e as Error).message).split("\n")[0]!;
    throw new FileError(path, `cannot be read as Parquet (${excerpt(why)}); is it truncated or still being written?`);
  }
  const names = head.columns;
  const { fields, symbolColumn, timeColumns } = resolveColumns(path, names, opts);
  if (timeColumns.length > 1) throw new Error(`${path}: separate date and time columns are only supported in CSV`);
  const dtype = String(head.getColumn(timeColumns[0]!).dtype);
  let timeFormat = opts.timeFormat;
  if (timeFormat === undefined) {
    if (/Datetime|Date/.test(dtype)) timeFormat = "datetime";
    else if (/Int/.test(dtype)) timeFormat = "epoch";
    else {
      const first = head.getColumn(timeColumns[0]!).dropNulls().toArray()[0];
      if (first === undefined) throw new Error(`${path}: no timestamp value in the first ${SAMPLE_ROWS} rows`);
      timeFormat = named(path, () => detectTimeFormat(String(first)));
    }
  }
  return { path, format: "parquet", timeColumns, timeFormat, fields, symbolColumn, insertedTimeColumn: false, columns: names };
}

/**
 * Detects the layout of a CSV or Parquet file by extension.
 *
 * # Errors
 * See {@link detectCsv} and {@link detectParquet}; throws for any other extension.
 */
export function detectFile(path: string, opts: LoadOptions): FileDescription {
  if (isParquet(path)) return detectParquet(path, opts);
  if (isCsv(path)) return detectCsv(path, opts);
  throw new Error(`${path}: unsupported file type (expected .csv, .txt or .parquet)`);
}
