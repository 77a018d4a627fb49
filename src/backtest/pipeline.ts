/**
 * The batch loop shared by the full backtest and focused replay: open the strategy and the
 * dataset, load symbols in batches, one engine call per batch into one engine run, then one
 * call for the whole result (per-symbol and universe statistics, trades, curves: all computed
 * in Rust).
 */
import { readFile } from "node:fs/promises";
import { performance } from "node:perf_hooks";

import { engineConfig, resolveBacktestOptions } from "./options.js";
import { type BarBatch, type Dataset, openDataset } from "../data/index.js";
import { RULES, type SkipCounts, type SkippedRow } from "../data/types.js";
import { type EngineConfig, EngineRun, validateStrategy } from "../engine/backtest.js";
import { fromRunResult } from "./result.js";
import { DEFAULT_DATA, DEFAULT_STRATEGY } from "../util/paths.js";
import { progress } from "../util/progress.js";
import type { BacktestOptions, BacktestResult, ResolvedBacktestOptions } from "../types/backtest.js";

/** Reads and validates a strategy spec file; errors name the file. */
export async function loadStrategy(file: string): Promise<{ text: string; name: string }> {
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch (err) {
    throw new Error(`strategy file ${file}: cannot read (${(err as NodeJS.ErrnoException).code ?? err})`);
  }
  try {
    return { text, name: validateStrategy(text).name };
  } catch (err) {
    throw new Error(`strategy file ${file}: ${(err as Error).message}`);
  }
}

/** Everything a run needs before the first batch. */
export interface PreparedRun {
  o: ResolvedBacktestOptions;
  strategy: { text: string; name: string };
  dataset: Dataset;
  /** Engine settings (sizing and risk come from the strategy). */
  config: EngineConfig;
}

/**
 * Resolves options, reads the strategy and opens the dataset.
 * @throws Error for bad options or an invalid strategy; DataError for a bad dataset.
 */
export async function prepare(opts: BacktestOptions): Promise<PreparedRun> {
  const o = resolveBacktestOptions(opts, { data: DEFAULT_DATA, strategy: DEFAULT_STRATEGY });
  const strategy = await loadStrategy(o.strategy);
  const dataset = await openDataset(o.data, { symbols: o.symbols, start: o.start, end: o.end, badRows: o.badRows, timeUnit: o.timeUnit, table: o.table, timeframe: o.timeframe });
  const config = engineConfig(o);
  return { o, strategy, dataset, config };
}

function chunks<T>(xs: T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < xs.length; i += size) out.push(xs.slice(i, i + size));
  return out;
}

/**
 * Runs the engine over every batch of `run.dataset` (batches of `batchSize` symbols): one run
 * object, `push(run, batch)` once per loaded batch (one N-API call: `push`, or `pushFocused`
 * for focused replay), then one `finish()` for the whole result, converted by
 * {@link fromRunResult}.
 *
 * @throws DataError for bad rows (unless skipping); whatever the engine throws.
 */
export async function runBatches(
  run: PreparedRun,
  push: (engine: EngineRun, batch: BarBatch) => Promise<unknown>,
): Promise<BacktestResult> {
  const { o, strategy, dataset } = run;
  // What the HTML charts need (`ohlc`): candles, and each symbol's buy & hold and drawdown.
  const engine = new EngineRun(strategy.text, run.config, { keepOhlc: o.ohlc === true, chartCurves: o.ohlc === true });

  const skipped = Object.fromEntries(RULES.map((r) => [r, 0])) as SkipCounts;
  const skippedRows: SkippedRow[] = [];
  const files = new Set<string>();
  let rowsRead = 0;
  let rowsKept = 0;
  let loadMs = 0;
  let computeMs = 0;
  const bar = progress("backtest", dataset.symbols.length, o.progress);
  try {
    // Read once, then one view per batch (see Dataset.loadGroups).
    const batches = dataset.loadGroups(chunks(dataset.symbols, o.batchSize));
    for (let t0 = performance.now(), next = await batches.next(); !next.done; t0 = performance.now(), next = await batches.next()) {
      const { batch, report } = next.value;
      const t1 = performance.now();
      await push(engine, batch);
      computeMs += performance.now() - t1;
      loadMs += t1 - t0;
      rowsRead += report.rowsRead;
      rowsKept += report.rowsKept;
      report.files.forEach((f) => files.add(f));
      for (const r of RULES) skipped[r] += report.skipped[r];
      for (const s of report.skippedRows) skippedRows.push(s); // not push(...): a long list would overflow the call stack
      bar.increment(batch.symbols.length);
    }
  } finally {
    bar.stop();
  }

  const t2 = performance.now();
  const res = await engine.finish();
  const { progress: _p, ...settings } = o;
  const timing = { load: loadMs, compute: computeMs, aggregate: 0 };
  const result = fromRunResult(
    res,
    {
      strategy: { name: strategy.name, file: o.strategy },
      settings,
      data: { path: o.data, symbols: res.symbols.length, rows_read: rowsRead, rows_kept: rowsKept, skipped, skipped_rows: skippedRows, files: files.size },
    },
    { timing_ms: timing },
  );
  timing.aggregate = performance.now() - t2;
  return result;
}
