/**
 * `openDataset`: finds the files of a dataset path (one file, a folder of per-symbol files, or a
 * hive-partitioned Parquet folder), lists its symbols, and loads batches of symbols into {@link BarBatch}es.
 */
import { existsSync, readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import pl from "nodejs-polars";
import type { Dataset, DatasetLayout, FileDescription, LoadedBatch, LoadOptions, LoadReport, LoadWindow, SkipCounts } from "./types.js";
import { detectFile, isCsv, isParquet } from "./detect.js";
import { symbolFromFileName, symbolFromHiveDir } from "./symbols.js";
import { readRecovering, readRecoveringSync, scanFiles, scanOne, type FileToRead, type ScanFilter, type SymbolBounds } from "./read.js";
import { emptyCounts, validateFrame } from "./validate.js";
import { dataErrorFor, FileError } from "./errors.js";
import { loadEach, rankedToBarBatch, sliceBarBatch, toBarBatch, toBarIndex } from "./batch.js";
import { epochCountExprs, parseBound, resolveEpochUnit, type EpochCounts } from "./time.js";
import { sniffCsv } from "./csvtext.js";
import { checkSkipLimit } from "./limits.js";
import { isSqlite, openSqlite } from "./sqlite.js";
import { checkImportMarker } from "./import-marker.js";
import { locateSkipped, skippedOf, type SourceTextReader } from "./skipped.js";
import { importedPartitions, indexImported, loadImported, scanRuns, type ImportedPartitions } from "./parquet.js";

/** A source file and the symbol its name gives (undefined for a long file with a symbol column). */
interface Entry {
  path: string;
  symbol?: string;
}

const sortedUnique = (xs: string[]): string[] => [...new Set(xs)].sort();

function listHive(dir: string, names: string[]): Entry[] {
  const entries: Entry[] = [];
  for (const name of names) {
    const symbol = symbolFromHiveDir(name);
    if (symbol === undefined || !statSync(join(dir, name)).isDirectory()) continue;
    const files = readdirSync(join(dir, name)).filter(isParquet).sort();
    for (const f of files) entries.push({ path: join(dir, name, f), symbol });
  }
  return entries;
}

function listFolder(dir: string, names: string[]): Entry[] {
  return names
    .filter((n) => (isCsv(n) || isParquet(n)) && statSync(join(dir, n)).isFile())
    .sort()
    .map((n) => ({ path: join(dir, n), symbol: symbolFromFileName(n) }));
}

/** Distinct non-null values of a long file's symbol column (reads only that column). */
function symbolsInColumn(file: FileToRead, onRepaired: (fs: FileToRead[]) => void): string[] {
  const col = file.desc.symbolColumn!;
  const df = readRecoveringSync([file], ([f]) => scanOne(f!.desc, f!.repaired).select(pl.col(col).cast(pl.Utf8)).unique().collectSync(), onRepaired);
  return (df.getColumn(col).toArray() as Array<string | null>).filter((s): s is string => s !== null);
}

/**
 * A missing data path, with where the project's real data comes from when the path points into it
 * (issue 14: a checkout without `../shared` beside it met a bare ENOENT).
 */
function missingData(path: string): FileError {
  const shared = /(^|[\\/])shared[\\/]data([\\/]|$)/.test(path)
    ? " (the real-data examples and the tests read ../shared/data beside the checkout, see the README's \"Data beside the checkout\"; the bundled examples/data/sp500-20.parquet works without it)"
    : "";
  return new FileError(path, `no such file or folder${shared}`);
}

/**
 * Opens a dataset: a SQLite file (`.sqlite`, `.sqlite3`, `.db`; see sqlite.ts), a CSV/Parquet file (long with a
 * symbol column, or single-symbol), a folder of per-symbol
 * files (symbol from the file name, see {@link symbolFromFileName}), or a folder of `symbol=<SYM>/` Parquet
 * partitions. Detection rules are documented in docs/data.md.
 *
 * # Errors
 * Rejects when the path does not exist or holds no readable file, when a folder's import marker says an
 * import into it did not finish (see import-marker.ts), when layout detection fails, when a
 * `start`/`end` bound is not ISO, or when `opts.symbols` names a symbol the dataset does not have.
 */
export async function openDataset(path: string, opts: LoadOptions = {}): Promise<Dataset> {
  if (!existsSync(path)) throw missingData(path);
  if (isSqlite(path)) return openSqlite(path, opts);
  const filter: ScanFilter = {
    start: opts.start === undefined ? undefined : parseBound(opts.start, "start"),
    end: opts.end === undefined ? undefined : parseBound(opts.end, "end"),
  };
  const descs = new Map<string, FileDescription>();
  /** Repaired copies of CSV files polars could not read (see recoverFrom in read.ts), by source path. */
  const repaired = new Map<string, string>();
  const remember = (fs: FileToRead[]) => fs.forEach((f) => f.repaired !== undefined && repaired.set(f.desc.path, f.repaired));
  const describeFile = (e: Entry): FileDescription => {
    let d = descs.get(e.path);
    if (d === undefined) {
      if (isCsv(e.path)) sniffCsv(e.path); // binary / absurd lines: refused before polars reads them
      d = withEpochUnit({ ...detectFile(e.path, opts), symbol: e.symbol });
      descs.set(e.path, d);
    }
    return d;
  };
  /** `d` with an integer epoch column's unit resolved (`--time-unit`, or detected over the whole column). */
  const withEpochUnit = (d: FileDescription): FileDescription => {
    if (d.timeFormat !== "epoch") return d;
    const column = d.timeColumns[0]!;
    if (opts.timeUnit !== undefined) return { ...d, timeFormat: opts.timeUnit };
    const counts = readRecoveringSync(
      [{ desc: d, repaired: repaired.get(d.path) }],
      ([f]) => scanOne(f!.desc, f!.repaired).select(...epochCountExprs(pl.col(column))).collectSync().toRecords()[0] as unknown as EpochCounts,
      remember,
    );
    return { ...d, timeFormat: resolveEpochUnit(counts, { file: d.path, column }) };
  };

  let layout: DatasetLayout;
  let entries: Entry[];
  let all: string[];
  /** The partitions of a dataset `barstream import` wrote, read in one scan (parquet.ts); else undefined. */
  let imported: ImportedPartitions | undefined;
  if (statSync(path).isDirectory()) {
    const marker = checkImportMarker(path);
    const names = readdirSync(path);
    entries = listHive(path, names);
    layout = entries.length > 0 ? "hive-parquet" : "per-symbol-files";
    if (layout === "hive-parquet") imported = importedPartitions(path, marker, entries);
    if (entries.length === 0) entries = listFolder(path, names);
    if (entries.length === 0) throw new Error(`${path}: no .csv, .txt or .parquet files and no symbol=<SYM>/ partitions`);
    all = sortedUnique(entries.map((e) => e.symbol!));
  } else {
    layout = "single-file";
    const desc = describeFile({ path });
    if (desc.symbolColumn !== undefined && opts.symbol === undefined) {
      entries = [{ path }];
      all = sortedUnique(symbolsInColumn({ desc, repaired: repaired.get(path) }, remember));
    } else {
      const symbol = opts.symbol ?? symbolFromFileName(path);
      entries = [{ path, symbol }];
      descs.set(path, { ...desc, symbol, symbolColumn: undefined });
      all = [symbol];
    }
  }
  const symbols = opts.symbols === undefined ? all : checkKnown(sortedUnique(opts.symbols), all, path);

  const load = async (wanted: string[] = symbols, window: LoadWindow = {}): Promise<LoadedBatch> => {
    const req = checkKnown(sortedUnique(wanted), symbols, path);
    const bounds = window.bounds === undefined ? undefined : boundsFor(req, window.bounds, path);
    // Every row passed every rule: what the per-file path below would keep, with nothing skipped.
    const fast = imported === undefined ? undefined : await loadImported(imported, req, { ...filter, bounds });
    if (fast !== undefined) {
      const report: LoadReport = { files: chosenEntries(req).map((e) => e.path), rowsRead: fast.height, rowsKept: fast.height, skipped: emptyCounts(), skippedRows: [] };
      return { batch: rankedToBarBatch(fast, req), report };
    }
    const { files, longFile } = chosenFiles(req);
    const df = await readRecovering(files, (fs) => collectFrame(fs, { ...filter, symbols: longFile ? req : undefined, bounds }), remember);
    const { kept, skipped, first, bad } = validateFrame(df);
    if (first !== undefined && (opts.badRows ?? "error") === "error") throw dataErrorFor(first, descs.get(first.path)!);
    checkSkipLimit(df, bad, opts);
    const skippedRows = locateSkipped(bad, sourceOf, readText);
    const report: LoadReport = { files: files.map((f) => f.desc.path), rowsRead: df.height, rowsKept: kept.height, skipped, skippedRows };
    return { batch: toBarBatch(kept, req), report };
  };

  /** {@link Dataset.loadGroups}: one scan, validation and typed-array conversion for all the groups. */
  async function* loadGroups(groups: string[][], window: LoadWindow = {}): AsyncGenerator<LoadedBatch> {
    const flat = groups.flat();
    const req = checkKnown(sortedUnique(flat), symbols, path);
    const consecutive = flat.length === req.length && flat.every((s, i) => s === req[i]) && groups.every((g) => g.length > 0);
    if (imported !== undefined && consecutive && groups.length > 1) {
      for (const run of scanRuns(imported, groups)) yield* loadImportedRun(imported, run, window);
      return;
    }
    if (layout === "hive-parquet" || !consecutive || groups.length <= 1) {
      yield* loadEach(load, groups, window);
      return;
    }
    const { files, longFile } = chosenFiles(req);
    const bounds = window.bounds === undefined ? undefined : boundsFor(req, window.bounds, path);
    // Every symbol of a long file: no symbol filter to evaluate.
    const df = await readRecovering(files, (fs) => collectFrame(fs, { ...filter, symbols: longFile && req.length < all.length ? req : undefined, bounds }), remember);
    // The error a batch-by-batch load would raise first: the first failing batch's first bad row.
    const groupOf = groups.flatMap((g, i) => g.map(() => i));
    const firstBy = pl.col("__symbol").replaceStrict(req, groupOf, undefined, pl.Int32);
    const { kept, first, bad } = validateFrame(df, firstBy);
    if (first !== undefined && (opts.badRows ?? "error") === "error") throw dataErrorFor(first, descs.get(first.path)!);
    checkSkipLimit(df, bad, opts);
    const located = locateSkipped(bad, sourceOf, readText);
    const batch = toBarBatch(kept, req);
    const skippedBySymbol = new Map<string, SkipCounts>();
    if (bad.height > 0) {
      const counts = bad.groupBy(["__symbol", "__rule"]).agg(pl.len().alias("n"));
      const syms = counts.getColumn("__symbol").toArray() as string[];
      const rules = counts.getColumn("__rule").toArray() as Array<keyof SkipCounts>;
      const ns = counts.getColumn("n").toArray() as number[];
      syms.forEach((s, i) => {
        const c = skippedBySymbol.get(s) ?? emptyCounts();
        c[rules[i]!] += Number(ns[i]);
        skippedBySymbol.set(s, c);
      });
    }
    let i0 = 0;
    for (const group of groups) {
      const i1 = i0 + group.length;
      const part = sliceBarBatch(batch, i0, i1);
      const skipped = emptyCounts();
      for (const s of group) {
        const c = skippedBySymbol.get(s);
        if (c !== undefined) for (const r of Object.keys(c) as Array<keyof SkipCounts>) skipped[r] += c[r];
      }
      const dropped = Object.values(skipped).reduce((a, n) => a + n, 0);
      const report: LoadReport = { files: chosenFiles(group).files.map((f) => f.desc.path), rowsRead: part.ts.length + dropped, rowsKept: part.ts.length, skipped, skippedRows: skippedOf(located, group) };
      yield { batch: part, report };
      i0 = i1;
    }
  }

  /**
   * `run` (consecutive groups) of an imported dataset read with one scan (parquet.ts) and yielded batch
   * by batch as views of one {@link BarBatch}; when that scan hands over (a partition altered, a rule
   * that fires), the groups are loaded one `load` each, so the reports and the first error are those of
   * the per-file path.
   */
  async function* loadImportedRun(parts: ImportedPartitions, run: string[][], window: LoadWindow): AsyncGenerator<LoadedBatch> {
    const req = run.flat();
    const bounds = window.bounds === undefined ? undefined : boundsFor(req, window.bounds, path);
    const df = await loadImported(parts, req, { ...filter, bounds });
    if (df === undefined) {
      yield* loadEach(load, run, window);
      return;
    }
    const batch = rankedToBarBatch(df, req);
    let i0 = 0;
    for (const group of run) {
      const part = sliceBarBatch(batch, i0, i0 + group.length);
      const report: LoadReport = { files: chosenEntries(group).map((e) => e.path), rowsRead: part.ts.length, rowsKept: part.ts.length, skipped: emptyCounts(), skippedRows: [] };
      yield { batch: part, report };
      i0 += group.length;
    }
  }

  /** Column names of a file that was read, for the located skipped rows. */
  function sourceOf(file: string) {
    return descs.get(file)!;
  }

  /** {@link SourceTextReader} over the files of this dataset (the repaired copy where there is one). */
  function readText(...[file, column, rows]: Parameters<SourceTextReader>): ReturnType<SourceTextReader> {
    const df = readRecoveringSync(
      [{ desc: descs.get(file)!, repaired: repaired.get(file) }],
      ([f]) => scanOne(f!.desc, f!.repaired).filter(pl.col("__row").isIn(rows)).select(pl.col("__row").cast(pl.Float64), pl.col(column).cast(pl.Utf8)).collectSync(),
      remember,
    );
    const rs = df.getColumn("__row").toArray() as number[];
    const vs = df.getColumn(column).toArray() as Array<string | null>;
    return new Map(rs.map((r, i) => [r, vs[i] ?? null]));
  }

  return {
    path,
    layout,
    symbols,
    describe: () => ({ path, layout, symbols, files: entries.filter((e) => e.symbol === undefined || symbols.includes(e.symbol)).map(describeFile) }),
    load,
    loadGroups,
    index: async (wanted = symbols, { end } = {}) => {
      const req = checkKnown(sortedUnique(wanted), symbols, path);
      const last = end === undefined ? filter.end : filter.end === undefined || end < filter.end ? end : filter.end;
      let df = imported === undefined ? undefined : await indexImported(imported, req, { ...filter, end: last });
      if (df === undefined) {
        const { files, longFile } = chosenFiles(req);
        df = await readRecovering(files, (fs) => scanFiles(fs, { ...filter, end: last, symbols: longFile ? req : undefined }).select("__symbol", "__ts").collect(), remember);
      }
      return { ...toBarIndex(df.filter(pl.col("__ts").isNotNull()), req), rowsScanned: df.height };
    },
  };

  /** The entries holding symbols `req`: their files, and every long file (its symbols are in a column). */
  function chosenEntries(req: string[]): Entry[] {
    const wanted = new Set(req);
    return entries.filter((e) => e.symbol === undefined || wanted.has(e.symbol));
  }

  /** The files of {@link chosenEntries}, detected (see describeFile); `longFile` when one of them is long. */
  function chosenFiles(req: string[]): { files: FileToRead[]; longFile: boolean } {
    const chosen = chosenEntries(req);
    return { files: chosen.map((e) => ({ desc: describeFile(e), symbol: e.symbol, repaired: repaired.get(e.path) })), longFile: chosen.some((e) => e.symbol === undefined) };
  }
}

/**
 * The normalised frame of `files`. Several files give one chunk per file, and every later step is much
 * faster on contiguous columns, so it is rechunked; one file is not (a copy of the whole frame, and the
 * first copy is only freed when the JS wrapper is collected).
 */
async function collectFrame(files: FileToRead[], filter: ScanFilter) {
  const df = await scanFiles(files, filter).collect();
  return files.length > 1 ? df.rechunk() : df;
}

function boundsFor(req: string[], bounds: Map<string, [bigint, bigint]>, path: string): SymbolBounds {
  const missing = req.filter((s) => !bounds.has(s));
  if (missing.length > 0) throw new Error(`${path}: no time bounds for ${missing.slice(0, 10).join(", ")}`);
  return { symbols: req, lo: req.map((s) => bounds.get(s)![0]), hi: req.map((s) => bounds.get(s)![1]) };
}

function checkKnown(wanted: string[], known: string[], path: string): string[] {
  const have = new Set(known);
  const unknown = wanted.filter((s) => !have.has(s));
  if (unknown.length > 0) {
    throw new Error(`${path}: unknown symbol(s) ${unknown.slice(0, 10).join(", ")} (dataset has ${known.length} symbols)`);
  }
  return wanted;
}
