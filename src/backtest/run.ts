/**
 * `runBacktest`: loads bars in batches of symbols, makes one N-API call per batch
 * (computed off the JS thread), and gathers summaries, trades and equity curves. With
 * `candidates` it runs focused replay instead (src/api/focused.ts).
 */
import type { BacktestOptions, ResolvedBacktestOptions } from "./options.js";
import type { SkipCounts } from "../data/types.js";
import type { FocusReport } from "./focus/report.js";
import { backtestBatch } from "../engine/backtest.js";
import { runFocused } from "./focused.js";
import { prepare, runBatches } from "./pipeline.js";

/** Performance statistics as computed by the Rust stats crate (snake_case keys; fractions, not percent). */
export type Stats = Record<string, unknown>;

/** One closed trade. Times are ISO-8601 UTC; prices in quote currency; fractions not percent. */
export interface TradeRow {
  symbol: string;
  side: "long" | "short";
  qty: number;
  entry_time: string;
  exit_time: string;
  /** Bar index (0-based, within the symbol) of the entry fill. */
  entry_bar: number;
  exit_bar: number;
  entry_price: number;
  exit_price: number;
  commission: number;
  pnl: number;
  return_frac: number;
  bars_held: number;
  exit_reason: string;
  mfe: number;
  mae: number;
}

/** One symbol's outcome. */
export interface SymbolReport {
  symbol: string;
  bars: number;
  first_time: string;
  last_time: string;
  trades: number;
  ambiguous_bars: number;
  rejected_orders: number;
  stats: Stats;
}

/** One symbol's equity curve (equity after each bar's close, currency). */
export interface EquityCurve {
  symbol: string;
  /** UTC nanoseconds per bar. */
  ts: BigInt64Array;
  equity: Float64Array;
  close: Float64Array;
  /** The bars' open/high/low (same length as `ts`), only when the run asked for them (`ohlc: true`). */
  ohlc?: { open: Float64Array; high: Float64Array; low: Float64Array };
}

/** Everything a backtest returns. */
export interface BacktestResult {
  strategy: { name: string; file: string };
  settings: Omit<ResolvedBacktestOptions, "progress">;
  data: { path: string; symbols: number; rows_read: number; rows_kept: number; skipped: SkipCounts; files: number };
  /** Aggregate over all symbols: each symbol trades its own `cash`; equity curves are summed. */
  universe: { stats: Stats; trades: number; ambiguous_bars: number; rejected_orders: number; initial_cash: number };
  symbols: SymbolReport[];
  trades: TradeRow[];
  equity: EquityCurve[];
  /** Wall time per stage, milliseconds. */
  timing_ms: { load: number; compute: number; aggregate: number };
  /** Focused replay only: candidates, windows, segments, coverage (and the check of `verify`). */
  focus?: FocusReport;
}

export { loadStrategy } from "./pipeline.js";

/**
 * Backtests a strategy over a dataset; with `opts.candidates`, by focused replay around the
 * candidates (same result shape plus `focus`).
 *
 * @throws Error for an unreadable/invalid strategy or bad options; DataError for bad rows
 *   (file, row, field, rule) unless `badRows: "skip"`; CandidateError for a bad candidates line.
 */
export async function runBacktest(opts: BacktestOptions = {}): Promise<BacktestResult> {
  if (opts.candidates !== undefined) return runFocused(opts);
  const run = await prepare(opts);
  return runBatches(run, (batch) => backtestBatch(batch, run.strategy.text, run.config));
}
