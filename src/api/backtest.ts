/**
 * `runBacktest`: loads bars in batches of symbols, makes one N-API call per batch
 * (computed off the JS thread), and gathers summaries, trades and equity curves.
 */
import { readFile } from "node:fs/promises";
import { performance } from "node:perf_hooks";

import { type BacktestOptions, resolveBacktestOptions, type ResolvedBacktestOptions } from "../config.js";
import { openDataset } from "../data/index.js";
import { RULES, type SkipCounts } from "../data/types.js";
import { native } from "../native.js";
import { collectBatchResult, universeSummary } from "../report/result.js";
import { DEFAULT_DATA, DEFAULT_STRATEGY } from "../util/paths.js";
import { progress } from "../util/progress.js";

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
}

/** Reads and validates a strategy spec file; errors name the file. */
export async function loadStrategy(file: string): Promise<{ text: string; name: string }> {
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch (err) {
    throw new Error(`strategy file ${file}: cannot read (${(err as NodeJS.ErrnoException).code ?? err})`);
  }
  try {
    return { text, name: native.validateStrategy(text).name };
  } catch (err) {
    throw new Error(`strategy file ${file}: ${(err as Error).message}`);
  }
}

function chunks<T>(xs: T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < xs.length; i += size) out.push(xs.slice(i, i + size));
  return out;
}

/**
 * Backtests a strategy over a dataset.
 *
 * @throws Error for an unreadable/invalid strategy or bad options; DataError for bad rows
 *   (file, row, field, rule) unless `badRows: "skip"`.
 */
export async function runBacktest(opts: BacktestOptions = {}): Promise<BacktestResult> {
  const o = resolveBacktestOptions(opts, { data: DEFAULT_DATA, strategy: DEFAULT_STRATEGY });
  const strategy = await loadStrategy(o.strategy);
  const dataset = await openDataset(o.data, { symbols: o.symbols, start: o.start, end: o.end, badRows: o.badRows });
  const config = {
    cash: o.cash,
    commission: o.commission,
    commissionFixed: o.commissionFixed,
    slippage: o.slippage,
    fill: o.fill,
    ambiguity: o.ambiguity,
    threads: o.threads,
  };

  const skipped = Object.fromEntries(RULES.map((r) => [r, 0])) as SkipCounts;
  const symbols: SymbolReport[] = [];
  const trades: TradeRow[] = [];
  const equity: EquityCurve[] = [];
  const files = new Set<string>();
  let rowsRead = 0;
  let rowsKept = 0;
  let loadMs = 0;
  let computeMs = 0;
  const bar = progress("backtest", dataset.symbols.length, o.progress);
  try {
    for (const group of chunks(dataset.symbols, o.batchSize)) {
      const t0 = performance.now();
      const { batch, report } = await dataset.load(group);
      const t1 = performance.now();
      const res = await native.backtestBatch(batch, strategy.text, config);
      computeMs += performance.now() - t1;
      loadMs += t1 - t0;
      rowsRead += report.rowsRead;
      rowsKept += report.rowsKept;
      report.files.forEach((f) => files.add(f));
      for (const r of RULES) skipped[r] += report.skipped[r];

      collectBatchResult(res, batch, { symbols, trades, equity });
      bar.increment(group.length);
    }
  } finally {
    bar.stop();
  }

  const t2 = performance.now();
  const universe = universeSummary({ symbols, trades, equity }, o.cash);
  const aggregateMs = performance.now() - t2;
  const { progress: _p, ...settings } = o;
  return {
    strategy: { name: strategy.name, file: o.strategy },
    settings,
    data: { path: o.data, symbols: symbols.length, rows_read: rowsRead, rows_kept: rowsKept, skipped, files: files.size },
    universe,
    symbols,
    trades,
    equity,
    timing_ms: { load: loadMs, compute: computeMs, aggregate: aggregateMs },
  };
}
