/**
 * SQLite input: a table shaped like `ohlcv_data(ticker, timeframe, date|timestamp, open, high, low, close,
 * volume)`, read with node-sqlite3-wasm (SQLite compiled to WebAssembly, reading the file through Node's fs
 * page by page: nothing to compile at install, and the database is never loaded whole).
 *
 * The symbol filter is always inside the SQL (`WHERE d.ticker IN (...)`), as are the timeframe and the
 * time bounds (conservative day bounds on ISO text times, exact on integer epochs; the exact bound is then
 * applied to the parsed time). Rows are validated by the same rules as CSV/Parquet; a row is named by its
 * `rowid`.
 */
import type sqlite from "node-sqlite3-wasm";
import pl from "nodejs-polars";

import { loadEach, toBarBatch, toBarIndex } from "./batch.js";
import { dataErrorFor } from "./errors.js";
import { detectTimeFormat, EPOCH_UNITS, EPOCH_WINDOW, NS_PER, parseBound, resolveEpochUnit, withTimestamp, type EpochCounts, type EpochUnit } from "./time.js";
import type { BarIndex, Dataset, FileDescription, LoadOptions, LoadReport, LoadWindow } from "./types.js";
import { validateFrame } from "./validate.js";
import { locateSkipped, type SourceTextReader } from "./skipped.js";
import { checkSkipLimit } from "./limits.js";
import { UsageError } from "../util/check.js";

type Value = number | bigint | string | Uint8Array | null;
type Row = Record<string, Value>;

/** True for the extensions read as SQLite. */
export function isSqlite(path: string): boolean {
  return /\.(sqlite|sqlite3|db)$/i.test(path);
}

const ALIASES = {
  ticker: ["ticker", "symbol"],
  time: ["timestamp", "datetime", "date", "ts", "time"],
  open: ["open"],
  high: ["high"],
  low: ["low"],
  close: ["close"],
  volume: ["volume"],
  timeframe: ["timeframe"],
} as const;

const quote = (name: string) => `"${name.replace(/"/g, '""')}"`;
const NS_PER_DAY = 86_400_000_000_000n;

/** Table layout: the real column names and how times are stored. */
interface Layout {
  table: string;
  cols: { ticker: string; time: string; open: string; high: string; low: string; close: string; volume?: string; timeframe?: string };
  /** strftime pattern of text times, or the epoch unit of integer times (`s|ms|us|ns`). */
  timeFormat: string;
  /** Epoch unit of the sampled value (for SQL bounds), ns per unit. */
  epochNsPerUnit?: bigint;
  timeframe?: string;
}

function describeTable(db: sqlite.Database, path: string, opts: LoadOptions): Layout {
  const table = opts.table ?? "ohlcv_data";
  const tables = (db.all("SELECT name FROM sqlite_master WHERE type IN ('table', 'view') ORDER BY name") as Row[]).map((r) => String(r.name));
  if (!tables.includes(table)) throw new Error(`${path}: no table '${table}' (tables: ${tables.join(", ") || "none"}); pass --table`);
  const names = (db.all(`PRAGMA table_info(${quote(table)})`) as Row[]).map((r) => String(r.name));
  const find = (aliases: readonly string[]) => names.find((n) => aliases.includes(n.toLowerCase()));
  const need = (role: keyof typeof ALIASES, label: string) => {
    const c = find(ALIASES[role]);
    if (c === undefined) throw new Error(`${path}: table '${table}' has no ${label} column (columns: ${names.join(", ")})`);
    return c;
  };
  const cols = {
    ticker: need("ticker", "'ticker'"),
    time: need("time", "'date' or 'timestamp'"),
    open: need("open", "'open'"),
    high: need("high", "'high'"),
    low: need("low", "'low'"),
    close: need("close", "'close'"),
    volume: find(ALIASES.volume),
    timeframe: find(ALIASES.timeframe),
  };
  let timeframe: string | undefined;
  if (cols.timeframe !== undefined) {
    const tfs = (db.all(`SELECT DISTINCT ${quote(cols.timeframe)} AS tf FROM ${quote(table)}`) as Row[]).map((r) => String(r.tf));
    if (opts.timeframe !== undefined) {
      // A flag value the file does not hold, or a missing flag: usage errors (exit 2).
      if (!tfs.includes(opts.timeframe)) throw new UsageError(`--timeframe: ${path}: table '${table}' has no rows with timeframe '${opts.timeframe}' (timeframes: ${tfs.join(", ")})`);
      timeframe = opts.timeframe;
    } else if (tfs.length > 1) {
      throw new UsageError(`${path}: table '${table}' holds several timeframes (${tfs.join(", ")}); pass --timeframe with one of them`);
    } else timeframe = tfs[0];
  } else if (opts.timeframe !== undefined) {
    throw new UsageError(`--timeframe: ${path}: table '${table}' has no timeframe column; drop --timeframe`);
  }
  const tf = timeframe === undefined ? "" : ` AND ${quote(cols.timeframe!)} = ?`;
  const sample = db.get(`SELECT ${quote(cols.time)} AS t FROM ${quote(table)} WHERE ${quote(cols.time)} IS NOT NULL${tf} LIMIT 1`, timeframe === undefined ? [] : [timeframe]) as Row | null;
  if (sample === null) throw new Error(`${path}: table '${table}' has no row with a time`);
  const t = sample.t;
  let timeFormat = opts.timeFormat;
  let epochNsPerUnit: bigint | undefined;
  if (typeof t === "number" || typeof t === "bigint") {
    timeFormat ??= "epoch";
    if (timeFormat === "epoch") {
      // The unit of the whole column (every row of the timeframe), by the rule of resolveEpochUnit.
      const tc = quote(cols.time);
      const inWin = (u: EpochUnit) => `sum(${tc} BETWEEN ${EPOCH_WINDOW[u][0]} AND ${EPOCH_WINDOW[u][1]}) AS ${u}`;
      const counts = db.get(
        `SELECT ${EPOCH_UNITS.map(inWin).join(", ")}, count(*) AS "all" FROM ${quote(table)} WHERE typeof(${tc}) = 'integer'${tf}`,
        timeframe === undefined ? [] : [timeframe],
      ) as Record<string, Value>;
      const n = (k: string) => Number(counts[k] ?? 0);
      const c: EpochCounts = { s: n("s"), ms: n("ms"), us: n("us"), ns: n("ns"), all: n("all") };
      timeFormat = resolveEpochUnit(c, { file: path, column: `${table}.${cols.time}` }, opts.timeUnit);
    }
    if ((EPOCH_UNITS as readonly string[]).includes(timeFormat)) epochNsPerUnit = NS_PER[timeFormat as EpochUnit];
  } else timeFormat ??= detectTimeFormat(String(t));
  return { table, cols, timeFormat, epochNsPerUnit, timeframe };
}

/** UTC date text of `ns` (`YYYY-MM-DD`). */
const dayText = (ns: bigint) => new Date(Number((ns / NS_PER_DAY) * 86_400_000n)).toISOString().slice(0, 10);

/**
 * SQL bound values for `[lo, hi]` (UTC ns) that select a superset of the rows inside: whole days on ISO text
 * times, units on epochs; undefined when the stored format cannot be compared in SQL (then only the parsed
 * time filters).
 */
function sqlBounds(l: Layout, lo: bigint | undefined, hi: bigint | undefined): { lo?: Value; hi?: Value } | undefined {
  if (l.epochNsPerUnit !== undefined) {
    const u = l.epochNsPerUnit;
    return { lo: lo === undefined ? undefined : lo / u - 1n, hi: hi === undefined ? undefined : hi / u + 1n };
  }
  if (!l.timeFormat.startsWith("%Y-%m-%d")) return undefined;
  // Text starting with the date compares as text; the day after `hi` is exclusive, so `<` it.
  return { lo: lo === undefined ? undefined : dayText(lo), hi: hi === undefined ? undefined : dayText(hi + NS_PER_DAY) };
}

/** A value of a price/volume cell as a number; null for NULL; `bad` for text that is not a number. */
function num(v: Value): number | null | "bad" {
  if (v === null) return null;
  if (typeof v === "number") return v;
  if (typeof v === "bigint") return Number(v);
  if (typeof v === "string" && v.trim() !== "" && Number.isFinite(Number(v))) return Number(v);
  return "bad";
}

/**
 * Opens a SQLite dataset (see the module docs). `opts.table` (default `ohlcv_data`), `opts.timeframe`
 * (required when the table holds several), `opts.symbols`, `opts.start`/`opts.end`, `opts.badRows`.
 *
 * # Errors
 * Rejects when the file is not a SQLite database, the table or a column is missing, the timeframe is
 * ambiguous or unknown, or a requested symbol is not in the table.
 */
export async function openSqlite(path: string, opts: LoadOptions = {}): Promise<Dataset> {
  const { Database } = (await import("node-sqlite3-wasm")).default; // loaded (wasm compiled) only for a SQLite file
  let db: sqlite.Database;
  try {
    db = new Database(path, { readOnly: true, fileMustExist: true });
    db.get("SELECT count(*) FROM sqlite_master");
  } catch (e) {
    throw new Error(`${path}: cannot open as SQLite (${(e as Error).message})`);
  }
  const l = describeTable(db, path, opts);
  const start = opts.start === undefined ? undefined : parseBound(opts.start, "start");
  const end = opts.end === undefined ? undefined : parseBound(opts.end, "end");
  const tfSql = l.timeframe === undefined ? "" : ` AND d.${quote(l.cols.timeframe!)} = ?`;
  const tfArg = l.timeframe === undefined ? [] : [l.timeframe];
  const all = (db.all(`SELECT DISTINCT d.${quote(l.cols.ticker)} AS s FROM ${quote(l.table)} d WHERE d.${quote(l.cols.ticker)} IS NOT NULL${tfSql}`, tfArg) as Row[])
    .map((r) => String(r.s))
    .sort();
  const have = new Set(all);
  const unknown = (opts.symbols ?? []).filter((s) => !have.has(s));
  if (unknown.length > 0) throw new Error(`${path}: unknown symbol(s) ${unknown.slice(0, 10).join(", ")} (table '${l.table}' has ${all.length} symbols)`);
  const symbols = opts.symbols === undefined ? all : [...new Set(opts.symbols)].sort();
  const desc: FileDescription = {
    path,
    format: "csv",
    timeColumns: [l.cols.time],
    timeFormat: l.timeFormat,
    fields: { open: l.cols.open, high: l.cols.high, low: l.cols.low, close: l.cols.close, volume: l.cols.volume },
    symbolColumn: l.cols.ticker,
    columns: Object.values(l.cols).filter((c): c is string => c !== undefined),
    insertedTimeColumn: false,
  };
  const check = (wanted: string[]) => {
    const known = new Set(symbols);
    const bad = wanted.filter((s) => !known.has(s));
    if (bad.length > 0) throw new Error(`${path}: unknown symbol(s) ${bad.slice(0, 10).join(", ")} (dataset has ${symbols.length} symbols)`);
    return [...new Set(wanted)].sort();
  };

  /** SELECT of the requested tickers, with the time bounds in SQL (per symbol when `bounds` is given). */
  function query(req: string[], columns: string, lo?: bigint, hi?: bigint, bounds?: Map<string, [bigint, bigint]>): { sql: string; args: Value[] } {
    const t = `d.${quote(l.cols.time)}`;
    const args: Value[] = [];
    let sql = "";
    if (bounds !== undefined) {
      const rows = req.map((s) => {
        const b = sqlBounds(l, bounds.get(s)![0], bounds.get(s)![1]);
        args.push(s, b?.lo ?? null, b?.hi ?? null);
        return "(?, ?, ?)";
      });
      sql = `WITH b(tk, lo, hi) AS (VALUES ${rows.join(", ")}) `;
    }
    sql += `SELECT ${columns} FROM ${quote(l.table)} d${bounds === undefined ? "" : " JOIN b ON d." + quote(l.cols.ticker) + " = b.tk"}`;
    sql += ` WHERE d.${quote(l.cols.ticker)} IN (${req.map(() => "?").join(", ")})${tfSql}`;
    args.push(...req, ...tfArg);
    const g = sqlBounds(l, lo, hi);
    if (g?.lo !== undefined) {
      sql += ` AND (${t} IS NULL OR ${t} >= ?)`;
      args.push(g.lo);
    }
    if (g?.hi !== undefined) {
      sql += ` AND (${t} IS NULL OR ${t} ${l.epochNsPerUnit === undefined ? "<" : "<="} ?)`;
      args.push(g.hi);
    }
    if (bounds !== undefined) sql += ` AND (${t} IS NULL OR b.lo IS NULL OR (${t} >= b.lo AND ${t} ${l.epochNsPerUnit === undefined ? "<" : "<="} b.hi))`;
    return { sql: `${sql} ORDER BY d.rowid`, args };
  }

  /** `df` with `__ts`: the parsed time (UTC ns, null when empty/unparseable) of its `__ts_text` column. */
  const withTs = (df: ReturnType<typeof pl.DataFrame>) => withTimestamp(df, pl.col("__ts_text"), l.timeFormat, "__ts");
  const inRange = (lo?: bigint, hi?: bigint) => {
    let e = pl.lit(true);
    if (lo !== undefined) e = e.and(pl.col("__ts").gtEq(pl.lit(lo.toString()).cast(pl.Int64)));
    if (hi !== undefined) e = e.and(pl.col("__ts").ltEq(pl.lit(hi.toString()).cast(pl.Int64)));
    return pl.col("__ts").isNull().or(e);
  };

  /** {@link SourceTextReader}: the cells of `column` in the rows of `rowids` (the row of a SQLite bad row is its rowid). */
  const cellText: SourceTextReader = (_file, column, rowids) => {
    const got = db.all(`SELECT rowid AS r, ${quote(column)} AS v FROM ${quote(l.table)} WHERE rowid IN (${rowids.map(() => "?").join(", ")})`, rowids) as Row[];
    return new Map(got.map((r) => [Number(r.r), r.v === null ? null : String(r.v)]));
  };

  const ds: Dataset = {
    path,
    layout: "sqlite",
    symbols,
    describe: () => ({ path, layout: "sqlite", symbols, files: [desc] }),
    loadGroups: (groups, window) => loadEach((g, w) => ds.load(g, w), groups, window),
    load: async (wanted = symbols, window: LoadWindow = {}) => {
      const req = check(wanted);
      if (window.bounds !== undefined) {
        const missing = req.filter((s) => !window.bounds!.has(s));
        if (missing.length > 0) throw new Error(`${path}: no time bounds for ${missing.slice(0, 10).join(", ")}`);
      }
      const c = l.cols;
      const cols = [`d.rowid AS r`, `d.${quote(c.ticker)} AS s`, `d.${quote(c.time)} AS t`, ...(["open", "high", "low", "close"] as const).map((f) => `d.${quote(c[f])} AS ${f}`), c.volume === undefined ? "0 AS volume" : `d.${quote(c.volume)} AS volume`];
      const { sql, args } = query(req, cols.join(", "), start, end, window.bounds);
      const rows = req.length === 0 ? [] : (db.all(sql, args) as Row[]);
      const fields = ["open", "high", "low", "close", "volume"] as const;
      const values = Object.fromEntries(fields.map((f) => [f, [] as Array<number | null>]));
      const bad: Array<string | null> = [];
      for (const r of rows) {
        let b: string | null = null;
        for (const f of fields) {
          const v = num(r[f]!);
          if (v === "bad") b ??= f;
          values[f]!.push(v === "bad" ? null : v);
        }
        bad.push(b);
      }
      let df = pl.DataFrame({
        __path: rows.map(() => path),
        __row: pl.Series("__row", rows.map((r) => Number(r.r)), pl.Int64),
        __symbol: pl.Series("__symbol", rows.map((r) => String(r.s)), pl.Utf8),
        __symcol: pl.Series("__symcol", rows.map(() => null), pl.Utf8),
        __ts_text: pl.Series("__ts_text", rows.map((r) => (r.t === null ? null : String(r.t))), pl.Utf8),
        __bad0: pl.Series("__bad0", bad, pl.Utf8),
        ...Object.fromEntries(fields.map((f) => [f, pl.Series(f, values[f]!, pl.Float64)])),
      });
      df = withTs(df)
        .withColumns(pl.when(pl.col("__ts_text").isNotNull().and(pl.col("__ts").isNull())).then(pl.lit("ts")).otherwise(pl.col("__bad0")).alias("__bad"))
        .filter(inRange(start, end));
      if (window.bounds !== undefined) {
        const bound = (k: 0 | 1) => pl.col("__symbol").replaceStrict(req, req.map((s) => window.bounds!.get(s)![k].toString())).cast(pl.Int64);
        df = df.filter(pl.col("__ts").isNull().or(pl.col("__ts").gtEq(bound(0)).and(pl.col("__ts").ltEq(bound(1)))));
      }
      // Time order, not storage order: a bar corrected later (INSERT OR REPLACE gives it a new rowid) is
      // validated in its place; among equal times the older row comes first (kept, a later one is a duplicate).
      df = df.select("__path", "__row", "__symbol", "__symcol", "__ts_text", "__ts", "__bad", ...fields).sort(["__symbol", "__ts", "__row"], false, true);
      const { kept, skipped, first, bad: badRows } = validateFrame(df);
      if (first !== undefined && (opts.badRows ?? "error") === "error") throw dataErrorFor(first, desc);
      checkSkipLimit(df, badRows, opts);
      const skippedRows = locateSkipped(badRows, () => desc, cellText);
      const report: LoadReport = { files: [path], rowsRead: df.height, rowsKept: kept.height, skipped, skippedRows, query: sql };
      return { batch: toBarBatch(kept, req), report };
    },
    index: async (wanted = symbols, { end: last } = {}): Promise<BarIndex> => {
      const req = check(wanted);
      const hi = last === undefined ? end : end === undefined || last < end ? last : end;
      const { sql, args } = query(req, `d.${quote(l.cols.ticker)} AS s, d.${quote(l.cols.time)} AS t`, start, hi);
      const rows = req.length === 0 ? [] : (db.all(sql, args) as Row[]);
      const df = withTs(
        pl.DataFrame({
          __symbol: pl.Series("__symbol", rows.map((r) => String(r.s)), pl.Utf8),
          __ts_text: pl.Series("__ts_text", rows.map((r) => (r.t === null ? null : String(r.t))), pl.Utf8),
        }),
      ).filter(pl.col("__ts").isNotNull().and(inRange(start, hi)));
      return { ...toBarIndex(df, req), rowsScanned: rows.length };
    },
  };
  return ds;
}
