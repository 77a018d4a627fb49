/**
 * Options of a scan, shared by the CLI flags (src/commands/scan.ts) and the programmatic API (runScan).
 * Defaults live here and only here.
 */
import type { BadRowPolicy } from "../data/types.js";

/** Everything `runScan` accepts. */
export interface ScanOptions {
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
  /** Symbols per engine call; bounds memory. @default 256 */
  batchSize?: number;
  /** Worker threads inside a batch. @default all cores */
  threads?: number;
  /** SQLite input: table name. @default "ohlcv_data" */
  table?: string;
  /** SQLite input: the `timeframe` value to read (required when the table holds several). */
  timeframe?: string;
  /** Show a progress bar on a terminal. @default true */
  progress?: boolean;
}

/** Options with defaults applied. */
export type ResolvedScanOptions = ScanOptions & Required<Pick<ScanOptions, "badRows" | "batchSize" | "progress">>;

/** Default values (documented in `--help` and docs/scan.md). */
export const SCAN_DEFAULTS = { badRows: "error", batchSize: 256, progress: true } as const;

/**
 * Applies defaults and checks ranges.
 * @throws Error naming the option and the expected range.
 */
export function resolveScanOptions(opts: ScanOptions): ResolvedScanOptions {
  const r = { ...SCAN_DEFAULTS, ...Object.fromEntries(Object.entries(opts).filter(([, v]) => v !== undefined)) } as ResolvedScanOptions;
  const check = (name: string, ok: boolean, want: string, got: unknown) => {
    if (!ok) throw new Error(`--${name}: expected ${want}, got ${JSON.stringify(got)}`);
  };
  check("batch-size", Number.isInteger(r.batchSize) && r.batchSize > 0, "a positive integer", r.batchSize);
  if (r.threads !== undefined) check("threads", Number.isInteger(r.threads) && r.threads > 0, "a positive integer", r.threads);
  check("skip-bad-rows", r.badRows === "error" || r.badRows === "skip", "error or skip", r.badRows);
  return r;
}
