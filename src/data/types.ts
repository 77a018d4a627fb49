/**
 * Public types of the data-loading layer: the columnar batch handed to the Rust engine,
 * the load options and the reports. No logic lives here.
 */

/** A columnar batch of bars for one or more symbols, sorted by symbol then time. */
export interface BarBatch {
  /** Symbols in batch order (sorted by UTC code unit order), len k. */
  symbols: string[];
  /** len k+1; symbol i owns rows offsets[i]..offsets[i+1] (empty range when it has no bars). */
  offsets: Int32Array;
  /** Bar timestamp, UTC nanoseconds since the Unix epoch (i64), len n, strictly increasing within a symbol. */
  ts: BigInt64Array;
  /** Open price per bar, len n. */
  open: Float64Array;
  /** High price per bar, len n. */
  high: Float64Array;
  /** Low price per bar, len n. */
  low: Float64Array;
  /** Close price per bar (raw close, never "Adj Close"), len n. */
  close: Float64Array;
  /** Volume per bar, len n; NaN-free, 0 when the source has no volume column. */
  volume: Float64Array;
}

/** What to do with a row that breaks a validation rule. */
export type BadRowPolicy = "error" | "skip";

/**
 * Which rows of a SQLite file to read (`--table`, `--timeframe`); ignored for other inputs.
 * Shared by every command that reads bars (backtest, scan, sweep, feed).
 */
export interface SqliteSource {
  /** SQLite input: the table to read. Default `ohlcv_data`. */
  table?: string;
  /** SQLite input: the `timeframe` value to read; required when the table holds more than one. */
  timeframe?: string;
}

/**
 * Options of {@link openDataset} / {@link importDataset}. Every field is optional.
 * Dates are ISO `YYYY-MM-DD` or ISO datetimes; without an offset they are UTC.
 */
export interface LoadOptions extends SqliteSource {
  /** Keep only these symbols (exact, case-sensitive match). Unknown symbols are an error. */
  symbols?: string[];
  /** First bar to keep, inclusive (a date means 00:00:00 UTC of that day). */
  start?: string;
  /** Last bar to keep, inclusive (a date means the whole day, up to 23:59:59.999999999 UTC). */
  end?: string;
  /** `"error"` (default) throws a {@link DataError} on the first bad row; `"skip"` drops bad rows and counts them. */
  badRows?: BadRowPolicy;
  /** Symbol of a single-symbol file (default: derived from the file name, see docs/data.md). */
  symbol?: string;
  /** Name of the timestamp column (case-insensitive) when auto-detection is wrong. */
  timeColumn?: string;
  /** Name of the symbol column (case-insensitive) in a long file. */
  symbolColumn?: string;
  /**
   * Timestamp format: a chrono/strftime pattern such as `%d.%m.%Y %H:%M`, or `"epoch"` (unit by magnitude),
   * or a fixed epoch unit `"s" | "ms" | "us" | "ns"`. Default: detected from the first non-empty value.
   */
  timeFormat?: string;
  /**
   * Unit of integer epoch timestamps. Default: detected per column, each value must land between
   * 1973-03-03 and 2262-04-11 in exactly one unit and all values of the column in the same one
   * (see `resolveEpochUnit` in time.ts); a column that does not is refused unless this is given.
   */
  timeUnit?: "s" | "ms" | "us" | "ns";
  /**
   * With `badRows: "skip"`: the largest share (0..1) of a symbol's rows that may be skipped; beyond it the
   * load fails with a `FileError` naming the file, the count and the top rule. Default 0.5. Applies to a
   * symbol with at least 10 rows skipped (`MIN_SKIPPED_FOR_LIMIT`).
   */
  maxSkippedShare?: number;
}

/** Validation rules, each row is counted under the first rule it breaks (in this order). */
export const RULES = [
  "invalid_utf8",
  "extra_field",
  "unparseable_ts",
  "unparseable_number",
  "empty_field",
  "not_finite",
  "non_positive_price",
  "high_below_low",
  "ohlc_inconsistent",
  "negative_volume",
  "symbol_mismatch",
  "backwards_ts",
  "duplicate_ts",
] as const;

/** Name of a validation rule (see docs/data.md for the exact definitions). */
export type RuleName = (typeof RULES)[number];

/** Count of dropped rows per rule; every rule is present (0 when none). */
export type SkipCounts = Record<RuleName, number>;

/**
 * One row dropped by `badRows: "skip"`, located in its source file (the fields of the {@link DataError}
 * the row would raise with `badRows: "error"`).
 */
export interface SkippedRow {
  /** Source file (dataset path joined with the file name), as in error messages. */
  file: string;
  /** 1-based DATA row of the file (header not counted; for Parquet the 1-based row), as in error messages. */
  row: number;
  symbol: string;
  /** Bar time, ISO-8601 UTC (see `nsToIso`), or null when the row's timestamp is empty or does not parse. */
  time: string | null;
  /** Source column name as spelt in the file (`Date+Time` for a pair); `""` for rule `extra_field`. */
  field: string;
  /**
   * The field's value, cut to 80 characters plus `… (N bytes)` like every quoted value (`excerpt`): the
   * source text for the timestamp, an unparseable or non-finite number and the symbol column; the number
   * as parsed (shortest round-trip decimal) for the price and volume rules; `""` for an empty field;
   * null where there is no single value (`invalid_utf8`, `extra_field`: see `detail`).
   */
  value: string | null;
  rule: RuleName;
  /** What is wrong, as in the error message, e.g. `field 'high' = 23.595 is below low 23.85`. */
  detail: string;
}

/** What one `load` call read and kept. */
export interface LoadReport {
  /** Files opened, in read order (paths as built from the dataset path). */
  files: string[];
  /** Rows of the requested symbols inside [start, end] that were materialised and validated. */
  rowsRead: number;
  /** Rows that passed validation and are in the batch (rowsRead - sum(skipped)). */
  rowsKept: number;
  /** Rows dropped per rule (only non-zero with `badRows: "skip"`). */
  skipped: SkipCounts;
  /** The rows dropped, in file order then row order; as many as the sum of `skipped`. */
  skippedRows: SkippedRow[];
  /** SQLite input: the SQL issued (symbol, timeframe and time filters inside it). */
  query?: string;
}

/** How a dataset path is organised on disk. */
export type DatasetLayout = "single-file" | "per-symbol-files" | "hive-parquet" | "sqlite";

/** The detected shape of one source file. */
export interface FileDescription {
  /** File path (dataset path joined with the file name). */
  path: string;
  format: "csv" | "parquet";
  /** Symbol given by the file or directory name, when the layout assigns one. */
  symbol?: string;
  /** Source column(s) the timestamp is built from (two for `Date,Time`). */
  timeColumns: string[];
  /** strftime pattern, `epoch`, a fixed epoch unit, or `datetime` for a native Parquet timestamp. */
  timeFormat: string;
  /** Source column of open, high, low, close and volume (volume undefined: filled with 0). */
  fields: { open: string; high: string; low: string; close: string; volume?: string };
  /** Source column holding the symbol, if any. */
  symbolColumn?: string;
  /** Column names used to read the file (the header, plus `Time` when it had to be inserted). */
  columns: string[];
  /** True when the header lacked a `Time` column that every row has (read headerless, `Time` inserted). */
  insertedTimeColumn: boolean;
}

/** Result of `Dataset.describe()`. */
export interface DatasetDescription {
  path: string;
  layout: DatasetLayout;
  /** Symbols available after the `symbols` option filter, sorted. */
  symbols: string[];
  /** Every file of the dataset (the ones a load of all symbols would open). */
  files: FileDescription[];
}

/** Result of {@link importDataset}. */
export interface ImportReport {
  /** Output folder (hive-partitioned: `<out>/symbol=<SYM>/data.parquet`). */
  out: string;
  symbols: string[];
  /** Parquet files written, one per symbol. */
  filesWritten: string[];
  rowsRead: number;
  rowsWritten: number;
  skipped: SkipCounts;
  /** The rows dropped (see {@link SkippedRow}), batch after batch. */
  skippedRows: SkippedRow[];
}

/** An opened dataset. Cheap to hold: files are detected when first needed and read only by `load`. */
export interface Dataset {
  /** The path given to {@link openDataset}. */
  readonly path: string;
  readonly layout: DatasetLayout;
  /** Available symbols after the `symbols` option, sorted. */
  readonly symbols: string[];
  /** Layout and every file with its detected columns and timestamp format (detects all files). */
  describe(): DatasetDescription;
  /**
   * Loads the given symbols (default: all of `symbols`) within the `start`/`end` options, validated.
   *
   * # Errors
   * Rejects with a `DataError` on the first bad row when `badRows` is `"error"` (the default), and with an
   * `Error` for a symbol that is not in `symbols` or a file polars cannot read.
   */
  load(symbols?: string[], opts?: LoadWindow): Promise<{ batch: BarBatch; report: LoadReport }>;
  /**
   * Loads `groups` (batches of symbols) one batch after another, each as {@link load} would return it (same
   * bars, offsets, report and first error), but reading the dataset ONCE when the groups are consecutive
   * runs of the sorted symbol list (as the backtest's and the scan's batches are): one scan of the long
   * file or of all the per-symbol files, validated once, converted to typed arrays once; each batch is then
   * a view (`subarray`) of those columns. A Parquet dataset `importDataset` wrote is read the same way in
   * one scan per run of batches of up to 8M bars (see src/data/parquet.ts); another hive-partitioned
   * Parquet dataset (which may be larger than memory; each batch reads only its partitions), a SQLite file,
   * and groups in any other order are loaded batch by batch with `load`.
   *
   * # Errors
   * As {@link load}; with `badRows: "error"` the error is the one the first failing batch would raise
   * (its first bad row in file order), thrown before any batch is yielded when the dataset is read once.
   */
  loadGroups(groups: string[][], opts?: LoadWindow): AsyncGenerator<LoadedBatch>;
  /**
   * The bar times of the given symbols (default: all of `symbols`) up to `opts.end` (UTC ns, inclusive), read
   * from the time column only, sorted and de-duplicated per symbol; rows whose time does not parse are left
   * out (a later `load` reports them). Used to turn "the last N bars" into exact time bounds.
   *
   * # Errors
   * Rejects for a symbol that is not in `symbols` or a file that cannot be read.
   */
  index(symbols?: string[], opts?: { end?: bigint }): Promise<BarIndex>;
}

/** One batch of bars with the report of what was read for it. */
export interface LoadedBatch {
  batch: BarBatch;
  report: LoadReport;
}

/** Extra filter of one {@link Dataset.load} call. */
export interface LoadWindow {
  /** Per-symbol inclusive time bounds, UTC ns (on top of the dataset's `start`/`end`); every loaded symbol needs one. */
  bounds?: Map<string, [bigint, bigint]>;
}

/** Bar times per symbol: symbol i owns `ts[offsets[i]..offsets[i+1]]`, ascending and unique. */
export interface BarIndex {
  symbols: string[];
  offsets: Int32Array;
  /** UTC ns. */
  ts: BigInt64Array;
  /** Source rows whose time column was read (time column only). */
  rowsScanned: number;
}
