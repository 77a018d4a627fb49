/**
 * Public shapes of a universe scan (`barstream scan`): its options, the candidates it emits and
 * its result. Times are ISO-8601 UTC strings (plus exact UTC ns as decimal strings in candidates);
 * timings in milliseconds.
 */
import type { BadRowPolicy, SkipCounts, SkippedRow, SqliteSource } from "../data/types.js";
import type { EpochUnit } from "../data/time.js";

/** Everything `runScan` accepts (`table`/`timeframe`: which rows of a SQLite file). */
export interface ScanOptions extends SqliteSource {
  /** Bars: CSV/Parquet file, folder of per-symbol files, hive Parquet dataset or SQLite file. */
  data: string;
  /** Screen spec (JSON file). */
  screen: string;
  /** Universe metadata CSV (symbol, sector, market cap); needed by the metadata rules. */
  meta?: string;
  /** Only these symbols. */
  symbols?: string[];
  /** First bar that may become a candidate, ISO date/datetime, inclusive, UTC. Default: each symbol's last `emit_last_bars` bars. */
  start?: string;
  /** Last bar read, ISO date/datetime, inclusive, UTC (a date means the whole day). Default: the data's end. */
  end?: string;
  /** Write the candidates here (JSON Lines). */
  out?: string;
  /** Bad rows: throw (`error`, default) or drop and count (`skip`). */
  badRows?: BadRowPolicy;
  /** Unit of integer epoch timestamps. Default: detected per column (docs/data.md). */
  timeUnit?: EpochUnit;
  /** Symbols per engine call; bounds memory. @default 256 */
  batchSize?: number;
  /** Worker threads inside a batch. @default all cores */
  threads?: number;
  /** Show a progress bar on a terminal. @default true */
  progress?: boolean;
}

/** Options with defaults applied. */
export type ResolvedScanOptions = ScanOptions & Required<Pick<ScanOptions, "badRows" | "batchSize" | "progress">>;

/** One candidate: detected at the CLOSE of the bar stamped `ts`. */
export interface Candidate {
  symbol: string;
  /** ISO-8601 UTC of the bar's timestamp at full precision (`nsToIso`: 3, 6 or 9 fraction digits). */
  ts: string;
  /** The same instant as a decimal string of i64 UTC nanoseconds (exact). */
  ts_ns: string;
  side: "long" | "short";
  /** Sum of the weights of `reasons`. */
  score: number;
  /** Feature reasons that fired for this side (non-empty), in reason-code order. */
  reasons: string[];
}

/** Rules in the order they are applied (and counted). */
export const PRESCREEN_RULES = [
  "symbols",
  "no_metadata",
  "min_market_cap",
  "sector_min_market_cap",
  "no_bars",
  "min_price",
  "min_avg_dollar_volume",
  "sector_min_avg_dollar_volume",
  "max_volatility",
  "max_price_to_dollar_volume",
] as const;

/** Name of a pre-screen rule. */
export type PrescreenRule = (typeof PRESCREEN_RULES)[number];

/** Symbols rejected per rule (every rule present, 0 when none). */
export type RejectCounts = Record<PrescreenRule, number>;

/** Rows materialised next to rows the computation needs. */
export interface RowCount {
  read: number;
  needed: number;
}

/** Everything a scan returns. Times are ISO-8601 UTC. */
export interface ScanResult {
  screen: { name: string; file: string; reasons: string[] };
  data: { path: string; layout: string; symbols: number };
  window: { start: string | null; end: string | null; emit_last_bars: number | null; warmup_bars: number };
  prescreen: { symbols_in: number; passed: number; rejected: RejectCounts; meta: string | null };
  /**
   * Rows per stage: `index` is the time column only (all rows up to `end` of the pre-screened symbols);
   * `prescreen` and `load` are whole rows, read (materialised and validated) next to needed (the exact window).
   * `skipped` counts the rows `--skip-bad-rows` dropped per rule and `skipped_rows` locates each, every row
   * once even when both windows read it.
   */
  rows: { index_scanned: number; prescreen: RowCount; load: RowCount; skipped: SkipCounts; skipped_rows: SkippedRow[] };
  candidates: Candidate[];
  summary: { candidates: number; long: number; short: number; symbols: number; by_reason: Record<string, number> };
  out: string | null;
  /** Wall time per stage, ms. `features`/`score` are measured inside the engine; `compute` = bar rules + features + score. */
  timing_ms: { prescreen: number; load: number; features: number; score: number; write: number; total: number; compute: number; prescreen_read: number; prescreen_rules: number; index: number };
}
