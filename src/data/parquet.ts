/**
 * The fast read of a Parquet dataset that `barstream import` wrote (its marker says complete, see
 * import-marker.ts): all the requested partitions in ONE lazy scan, a glob over
 * `<dir>/symbol=*\/data.parquet` with hive partitioning (polars prunes the partitions to the requested
 * symbols from the directory names, plans one scan and reads the files in parallel), the start/end
 * filters in the plan, and no per-file detection (the import's schema is known). The per-file path
 * (dataset.ts with read.ts) detects each file (a head read) and plans one scan per file: 505 of each
 * for the S&P 500 (see docs/benchmarks.md, "Load").
 *
 * It only returns what the per-file path would return. The layout must be exactly the import's, the
 * scan's schema the import's, and every row must pass every rule of validate.ts; for anything else (a
 * partition altered, corrupted or deleted after the import, a row that breaks a rule) it returns
 * undefined and the caller reads the per-file path, which names the file, row and field as before.
 */
import { statSync } from "node:fs";
import { join } from "node:path";
import pl from "nodejs-polars";
import type { RuleName } from "./types.js";
import type { ImportMarker } from "./import-marker.js";
import { PRICE_FIELDS, withTimeFilter, type ScanFilter } from "./read.js";

type Expr = ReturnType<typeof pl.col>;
type LazyFrame = ReturnType<typeof pl.scanParquet>;
type DataFrame = ReturnType<typeof pl.DataFrame>;

/** The one file of a partition, `<dir>/symbol=<SYM>/data.parquet`, as import.ts writes it. */
export const PARTITION_FILE = "data.parquet";

const FIELDS = [...PRICE_FIELDS, "volume"] as const;

/**
 * The columns import.ts writes. Given to the scan, so polars refuses (and this module hands over) a
 * partition with a column missing, an extra column or another type; a naive `Datetime("ns")` is read
 * as UTC, which is also what the per-file path does with it.
 */
const IMPORT_SCHEMA = { ts: pl.Datetime("ns", "UTC"), ...Object.fromEntries(FIELDS.map((f) => [f, pl.Float64])) };

/**
 * Symbols that polars' hive partitioning reads back unchanged from a `symbol=<SYM>` directory name.
 * Measured with nodejs-polars 0.26.1: it percent-decodes (`A%20B` -> `A B`), reads
 * `__HIVE_DEFAULT_PARTITION__` as null, and fails on `=` and `*`. A dataset with any other symbol is
 * read by the per-file path.
 */
const PLAIN_SYMBOL = /^[A-Za-z0-9._^&+~#:!@$-]+$/;

/** Characters a glob or hive parsing would read in the dataset's own path. */
const GLOB_OR_HIVE = /[*?[\]{}\\=]/;

/** The partitions of an imported dataset: the glob over them and each symbol's file. */
export interface ImportedPartitions {
  /** `<dir>/symbol=*\/data.parquet`. */
  pattern: string;
  /** Each symbol's partition file (as listed by dataset.ts). */
  files: Map<string, string>;
  /** Bars per symbol on average, from the marker (NaN when it does not say): sizes a scan, see {@link scanRuns}. */
  barsPerSymbol: number;
}

/**
 * Bars read by one scan at most, as estimated from the marker ({@link scanRuns}): 8M bars are 384 MiB
 * of typed columns, and polars' frame of them about as much again.
 */
export const MAX_BARS_PER_SCAN = 8_000_000;

/**
 * The partitions of dataset folder `dir` when they can be read by this module: `marker` (the folder's
 * complete import marker) is given, `dir` has no glob or hive character, and each of `entries` (the
 * folder's listing, symbol and path) is `<dir>/symbol=<SYM>/data.parquet` with a {@link PLAIN_SYMBOL},
 * one per symbol. Undefined otherwise.
 */
export function importedPartitions(dir: string, marker: ImportMarker | undefined, entries: ReadonlyArray<{ path: string; symbol?: string }>): ImportedPartitions | undefined {
  if (marker === undefined || entries.length === 0 || GLOB_OR_HIVE.test(dir)) return undefined;
  const files = new Map<string, string>();
  for (const { path, symbol } of entries) {
    if (symbol === undefined || !PLAIN_SYMBOL.test(symbol) || symbol === "__HIVE_DEFAULT_PARTITION__" || files.has(symbol)) return undefined;
    if (path !== join(dir, `symbol=${symbol}`, PARTITION_FILE)) return undefined;
    files.set(symbol, path);
  }
  return { pattern: join(dir, "symbol=*", PARTITION_FILE), files, barsPerSymbol: Number(marker.rows) / Number(marker.symbols) };
}

/**
 * `groups` (batches of symbols) cut into runs of consecutive groups to read with one scan each: as many
 * groups as fit in {@link MAX_BARS_PER_SCAN} bars at the marker's average per symbol, at least one. One
 * scan of 505 partitions costs about a third of eight scans of 64 (a scan has a fixed cost); the bound
 * keeps a dataset larger than memory readable batch after batch.
 */
export function scanRuns(parts: ImportedPartitions, groups: string[][]): string[][][] {
  const runs: string[][][] = [];
  let bars = Infinity;
  for (const group of groups) {
    const more = group.length * parts.barsPerSymbol;
    if (runs.length > 0 && bars + more <= MAX_BARS_PER_SCAN) {
      runs[runs.length - 1]!.push(group);
      bars += more;
    } else {
      runs.push([group]);
      bars = more;
    }
  }
  return runs;
}

/**
 * The columns {@link scanPartitions} selects. Expressions are built once: nodejs-polars takes 0.3-1 ms
 * per expression method call (each result is a new object of a few hundred closures; measured with a
 * CPU profile), which adds up to tens of ms per load.
 */
let columns: Expr[] | undefined;

/**
 * Lazy frame of the partitions of `symbols` (sorted, each with a partition) inside `filter`: `__symbol`
 * (str), `__rank` (Int32, the symbol's index in `symbols`), `__ts` (i64 UTC ns; null kept, as by the
 * per-file path), `open`/`high`/`low`/`close`/`volume` (f64). Files in path order, each in row order, so a
 * symbol's rows are contiguous and in file order.
 */
function scanPartitions(parts: ImportedPartitions, symbols: string[], filter: ScanFilter): LazyFrame {
  columns ??= [pl.col("symbol").alias("__symbol"), pl.col("ts").cast(pl.Int64).alias("__ts"), ...FIELDS.map((f) => pl.col(f))];
  const lf = pl
    .scanParquet(parts.pattern, { hivePartitioning: true, hiveSchema: { symbol: pl.Utf8 }, schema: IMPORT_SCHEMA })
    // On the hive column: polars drops the other partitions before opening a file.
    .filter(pl.col("symbol").isIn(symbols))
    .select(...columns);
  const rank = pl.col("__symbol").replaceStrict(symbols, symbols.map((_, i) => i), undefined, pl.Int32);
  return withTimeFilter(lf, filter).withColumns(rank.alias("__rank"));
}

/**
 * For each rule of validate.ts, the condition under which a row of {@link scanPartitions} breaks it, or
 * why the rule cannot fire on a partition the scan accepted (typed as a record over every rule, so a new
 * rule does not compile here until it is considered). A null condition counts as broken.
 */
function ruleGuards(): Record<RuleName, Expr | string> {
  const c = pl.col;
  const any = (fields: readonly string[], test: (f: string) => Expr) => fields.map(test).reduce((a, b) => a.or(b));
  const sameSymbol = c("__rank").eq(c("__rank").shift(1)).fillNull(false);
  return {
    invalid_utf8: "CSV text only: the scan's columns are typed, there are no bytes to decode",
    extra_field: "CSV text only",
    unparseable_ts: "`ts` is a datetime by the scan's schema: there is no text to parse",
    unparseable_number: "f64 by the scan's schema: there is no text to parse",
    empty_field: any(["__ts", ...FIELDS], (f) => c(f).isNull()),
    not_finite: any(FIELDS, (f) => c(f).isFinite().not()),
    non_positive_price: any(PRICE_FIELDS, (f) => c(f).ltEq(0)),
    high_below_low: c("high").lt(c("low")),
    ohlc_inconsistent: any(["open", "close"], (f) => c(f).lt(c("low")).or(c(f).gt(c("high")))),
    negative_volume: c("volume").lt(0),
    symbol_mismatch:
      "an import has no symbol column (a partition's symbol is its directory name); a partition rewritten with a " +
      "`symbol` column of its own is read under its directory's name (polars' hive column shadows the file's), unchecked",
    // A symbol's rows are contiguous and in file order (see scanPartitions): a row at or below the previous one.
    backwards_ts: sameSymbol.and(c("__ts").ltEq(c("__ts").shift(1))),
    duplicate_ts: "with backwards_ts (a time equal to the previous row's)",
  };
}

/** Count of the rows that break a rule (a null condition counts as broken); built once, as {@link columns}. */
let countBroken: Expr | undefined;
function countBrokenRows(): Expr {
  if (countBroken === undefined) {
    const conditions = Object.values(ruleGuards()).filter((g): g is Expr => typeof g !== "string");
    countBroken = conditions.reduce((a, b) => a.or(b)).fillNull(true).sum().alias("n");
  }
  return countBroken;
}

/**
 * polars' multi-file scan skips a 0-byte file without a word (nodejs-polars 0.26.1) and a glob cannot see a
 * deleted one; the per-file path refuses both, naming the file.
 */
const allFilesPresent = (paths: string[]) => paths.every((p) => (statSync(p, { throwIfNoEntry: false })?.size ?? 0) > 0);

/**
 * The rows of `symbols` (sorted, each with a partition) inside `filter`, as {@link scanPartitions} gives
 * them, when every row passes every rule, so that the per-file path would keep them all and skip none;
 * ready for `rankedToBarBatch`.
 *
 * Undefined when the per-file path must read them instead: no symbol, a partition file missing, empty,
 * unreadable or not of the import's schema (polars' error is dropped: the per-file path raises its own,
 * naming the file), or a row that breaks a rule (the per-file path reports or skips it).
 */
export async function loadImported(parts: ImportedPartitions, symbols: string[], filter: ScanFilter): Promise<DataFrame | undefined> {
  if (symbols.length === 0 || !allFilesPresent(symbols.map((s) => parts.files.get(s)!))) return undefined;
  let df: DataFrame;
  try {
    df = await scanPartitions(parts, symbols, filter).collect();
  } catch {
    return undefined;
  }
  const broken = df.height === 0 ? 0 : Number(df.select(countBrokenRows()).row(0)[0]);
  return broken === 0 ? df : undefined;
}

/**
 * `__symbol` and `__ts` of the rows of `symbols` inside `filter` (null times kept, as the per-file path's
 * `Dataset.index` reads them), or undefined when the per-file path must read them (as {@link loadImported}).
 */
export async function indexImported(parts: ImportedPartitions, symbols: string[], filter: ScanFilter): Promise<DataFrame | undefined> {
  if (symbols.length === 0 || !allFilesPresent(symbols.map((s) => parts.files.get(s)!))) return undefined;
  try {
    return await scanPartitions(parts, symbols, filter).select("__symbol", "__ts").collect();
  } catch {
    return undefined;
  }
}
