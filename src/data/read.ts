/**
 * Lazy scans of the source files into one normalised frame, with the symbol and date filters applied
 * before anything is collected. Files with the same detected layout are scanned one by one (so each keeps
 * its own 1-based row index), concatenated, and normalised by one set of polars expressions.
 *
 * Normalised columns: `__path` (str), `__row` (i64, 1-based data row in the file), `__symbol` (str),
 * `__symcol` (str|null, the symbol column of a per-symbol file, checked by rule symbol_mismatch),
 * `__ts_text` (str|null, the source timestamp text), `__ts` (i64 UTC ns|null), `__bad` (str|null, first
 * canonical field that was present but unparseable), `open`/`high`/`low`/`close`/`volume` (f64|null).
 */
import pl from "nodejs-polars";
import type { FileDescription } from "./types.js";
import { datetimeToNs, withTimestamp } from "./time.js";
import { repairCsv } from "./csvtext.js";
import { excerpt, FileError } from "./errors.js";

type Expr = ReturnType<typeof pl.col>;
type LazyFrame = ReturnType<typeof pl.scanCSV>;

/** One file to read, with the symbol its name gives (undefined: symbols come from its symbol column). */
export interface FileToRead {
  desc: FileDescription;
  symbol?: string;
  /** A repaired copy to read instead (see `repairCsv`): its last column `__repair` marks bad rows. */
  repaired?: string;
}

/** Per-symbol inclusive time bounds (UTC ns): `lo[i]`, `hi[i]` belong to `symbols[i]`. */
export interface SymbolBounds {
  symbols: string[];
  lo: bigint[];
  hi: bigint[];
}

/** Row filters pushed before collect. */
export interface ScanFilter {
  /** Keep only these symbols (applied to the symbol column of long files). */
  symbols?: string[];
  /** Inclusive UTC ns bounds. Rows whose timestamp is unparseable are kept so that they get reported. */
  start?: bigint;
  end?: bigint;
  /** Per-symbol inclusive bounds on top of `start`/`end`; every symbol read must have one. */
  bounds?: SymbolBounds;
}

/** Canonical fields in message/priority order. */
export const PRICE_FIELDS = ["open", "high", "low", "close"] as const;

/**
 * Lazy scan of one file with `__row` and `__path` (the source path, also for a repaired copy). A CSV is
 * read without its header line and its columns named from `desc.columns` (the detected names: trimmed,
 * unquoted, `Time` inserted where the header lacks it), plus `__repair` for a repaired copy.
 */
export function scanOne(desc: FileDescription, repaired?: string): LazyFrame {
  const common = { rowIndexName: "__row", rowIndexOffset: 1, includeFilePaths: "__path" };
  if (desc.format === "parquet") return pl.scanParquet(desc.path, { ...common, hivePartitioning: false });
  const lf = pl.scanCSV(repaired ?? desc.path, { ...common, inferSchemaLength: 0, hasHeader: false, skipRows: 1 });
  const names = repaired === undefined ? desc.columns : [...desc.columns, "__repair"];
  const rename: Record<string, string> = {};
  names.forEach((name, i) => (rename[`column_${i + 1}`] = name));
  // polars' own path column (a literal per file costs ~1.5 ms per 1,000 rows); a copy is named as its source.
  return repaired === undefined ? lf.rename(rename) : lf.rename(rename).withColumns(pl.lit(desc.path).alias("__path"));
}

function layoutKey(desc: FileDescription): string {
  const { path: _path, symbol: _symbol, ...rest } = desc;
  return JSON.stringify(rest);
}

/**
 * One layout's scanned source columns -> the normalised columns (minus `__symbol`). The timestamp text
 * and its parsed value are computed first, as columns, so that each is evaluated once.
 */
function normalise(lf: LazyFrame, desc: FileDescription, repaired: boolean): LazyFrame {
  const csv = desc.format === "csv";
  const [t0, t1] = desc.timeColumns as [string, string | undefined];
  const tsText = t1 === undefined ? pl.col(t0).cast(pl.Utf8) : pl.concatString([pl.col(t0), pl.col(t1)], " ");
  lf = lf.withColumns(tsText.alias("__ts_text"));
  lf = desc.timeFormat === "datetime" ? lf.withColumns(datetimeToNs(pl.col(t0)).alias("__ts")) : withTimestamp(lf, pl.col("__ts_text"), desc.timeFormat, "__ts");
  const num = (c: string) => (csv ? pl.col(c).str.strip().cast(pl.Float64, false) : pl.col(c).cast(pl.Float64));
  const { open, high, low, close, volume } = desc.fields;
  const sources: Array<[string, string]> = [["open", open], ["high", high], ["low", low], ["close", close]];
  if (volume !== undefined) sources.push(["volume", volume]);
  // A value that is present in the source but null after parsing did not parse.
  const tsBad = pl.col("__ts_text").isNotNull().and(pl.col("__ts").isNull());
  // A repaired copy's mark (rule `invalid_utf8` / `extra_field`) comes first.
  let bad = (repaired ? pl.when(pl.col("__repair").isNotNull()).then(pl.col("__repair")).when(tsBad) : pl.when(tsBad)).then(pl.lit("ts"));
  for (const [field, src] of sources) bad = bad.when(pl.col(src).isNotNull().and(num(src).isNull())).then(pl.lit(field));
  return lf.select(
    pl.col("__path"),
    pl.col("__row").cast(pl.Int64),
    (desc.symbolColumn === undefined ? pl.lit(null) : pl.col(desc.symbolColumn)).cast(pl.Utf8).alias("__symcol"),
    pl.col("__ts_text"),
    pl.col("__ts"),
    bad.otherwise(pl.lit(null)).cast(pl.Utf8).alias("__bad"),
    ...sources.map(([field, src]) => num(src).alias(field)),
    ...(volume === undefined ? [pl.lit(0).cast(pl.Float64).alias("volume")] : []),
  );
}

/** `lo(symbol) <= __ts <= hi(symbol)`; bounds pass through text so that i64 ns stay exact. */
function withinBounds(b: SymbolBounds): Expr {
  const bound = (xs: bigint[]) => pl.col("__symbol").replaceStrict(b.symbols, xs.map(String)).cast(pl.Int64);
  return pl.col("__ts").gtEq(bound(b.lo)).and(pl.col("__ts").ltEq(bound(b.hi)));
}

/**
 * `lf` (with `__ts`, UTC ns, and `__symbol`) filtered by `filter`'s `start`, `end` and `bounds`. Rows whose
 * `__ts` is null (empty or unparseable timestamp) are kept so that validation reports them.
 */
export function withTimeFilter(lf: LazyFrame, filter: ScanFilter): LazyFrame {
  if (filter.start !== undefined) lf = lf.filter(pl.col("__ts").isNull().or(pl.col("__ts").gtEq(pl.lit(filter.start).cast(pl.Int64))));
  if (filter.end !== undefined) lf = lf.filter(pl.col("__ts").isNull().or(pl.col("__ts").ltEq(pl.lit(filter.end).cast(pl.Int64))));
  if (filter.bounds !== undefined) lf = lf.filter(pl.col("__ts").isNull().or(withinBounds(filter.bounds)));
  return lf;
}

const COLUMN_ORDER = ["__path", "__row", "__symbol", "__symcol", "__ts_text", "__ts", "__bad", "open", "high", "low", "close", "volume"];

/**
 * Lazy frame of the normalised rows of `files`, in file order then row order, with `filter` applied.
 * Files whose symbol comes from their name get `__symbol` mapped from `__path`; long files (no file
 * symbol) take it from their symbol column and are filtered on it.
 *
 * # Errors
 * Polars raises at collect time when a file cannot be read.
 */
export function scanFiles(files: FileToRead[], filter: ScanFilter): LazyFrame {
  const groups = new Map<string, FileToRead[]>();
  for (const f of files) {
    const k = `${layoutKey(f.desc)}|${f.symbol === undefined}|${f.repaired === undefined}`;
    groups.set(k, [...(groups.get(k) ?? []), f]);
  }
  const parts: LazyFrame[] = [];
  for (const group of groups.values()) {
    const desc = group[0]!.desc;
    const long = group[0]!.symbol === undefined;
    // A long file's symbol filter goes on the raw column, before the (costly) normalisation.
    const scans = group.map((f) => {
      const raw = scanOne(f.desc, f.repaired);
      return long && filter.symbols !== undefined ? raw.filter(pl.col(desc.symbolColumn!).cast(pl.Utf8).isIn(filter.symbols)) : raw;
    });
    let lf = normalise(scans.length === 1 ? scans[0]! : pl.concat(scans, { rechunk: false }), desc, group[0]!.repaired !== undefined);
    if (long) {
      lf = lf.withColumns(pl.col("__symcol").alias("__symbol")).withColumns(pl.lit(null).cast(pl.Utf8).alias("__symcol"));
    } else {
      // A mapping expression, not a join: joins do not promise to keep row order.
      const symbol = pl.col("__path").replaceStrict(group.map((f) => f.desc.path), group.map((f) => f.symbol!));
      lf = lf.withColumns(symbol.cast(pl.Utf8).alias("__symbol"));
    }
    parts.push(withTimeFilter(lf, filter).select(...COLUMN_ORDER.map((c) => pl.col(c))));
  }
  if (parts.length === 0) throw new Error("no files to read");
  return parts.length === 1 ? parts[0]! : pl.concat(parts, { rechunk: false });
}

/** First line of a polars error (its plan dump after the first line is for polars' developers). */
const firstLine = (e: unknown) => String((e as Error)?.message ?? e).split("\n")[0]!.trim();

/**
 * The fallback after polars failed to read `files` with error `err`: CSV files get the text pass of
 * {@link repairCsv} (rows that are not UTF-8 or have extra fields are marked, for validation to report
 * or skip); when one was repaired, the files to read again are returned. Otherwise each Parquet file is
 * read alone to find the one that is damaged.
 *
 * # Errors
 * `FileError` naming the unreadable Parquet file (truncated, not Parquet); else an `Error` naming the
 * file(s) with the first line of polars' message.
 */
export function recoverFrom(files: FileToRead[], err: unknown): FileToRead[] {
  if (err instanceof FileError) throw err;
  let changed = false;
  const fixed = files.map((f) => {
    if (f.desc.format !== "csv" || f.repaired !== undefined) return f;
    const r = repairCsv(f.desc.path, f.desc.columns);
    if (r === undefined) return f;
    changed = true;
    return { ...f, repaired: r.path };
  });
  if (changed) return fixed;
  for (const f of files) {
    if (f.desc.format !== "parquet") continue;
    try {
      pl.scanParquet(f.desc.path, { hivePartitioning: false }).collectSync();
    } catch (e) {
      throw new FileError(f.desc.path, `cannot be read as Parquet (${excerpt(firstLine(e))}); is it truncated or still being written?`);
    }
  }
  const where = files.length === 1 ? files[0]!.desc.path : `one of ${files.length} files (${files[0]!.desc.path}, ...)`;
  throw new Error(`${where}: cannot be read: ${excerpt(firstLine(err))}`);
}

/**
 * `run(files)`, again on the files {@link recoverFrom} returns each time it fails (a CSV file is repaired
 * at most once, so this ends). `onRepaired` learns the repaired copies (to reuse them on later reads).
 *
 * # Errors
 * What {@link recoverFrom} throws.
 */
export async function readRecovering<T>(files: FileToRead[], run: (files: FileToRead[]) => Promise<T>, onRepaired?: (files: FileToRead[]) => void): Promise<T> {
  for (let fs = files; ; ) {
    try {
      return await run(fs);
    } catch (e) {
      fs = recoverFrom(fs, e);
      onRepaired?.(fs);
    }
  }
}

/** Synchronous {@link readRecovering}. */
export function readRecoveringSync<T>(files: FileToRead[], run: (files: FileToRead[]) => T, onRepaired?: (files: FileToRead[]) => void): T {
  for (let fs = files; ; ) {
    try {
      return run(fs);
    } catch (e) {
      fs = recoverFrom(fs, e);
      onRepaired?.(fs);
    }
  }
}
