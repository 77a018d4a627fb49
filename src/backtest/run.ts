/**
 * `runBacktest`: loads bars in batches of symbols, makes one N-API call per batch
 * (computed off the JS thread) and one for the whole run result (summaries, trades, equity
 * curves, universe: computed in Rust). With
 * `candidates` it runs focused replay instead (./focused.ts).
 */
import type { BacktestOptions, BacktestResult } from "../types/backtest.js";
import { runFocused } from "./focused.js";
import { prepare, runBatches } from "./pipeline.js";

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
  return runBatches(run, (engine, batch) => engine.push(batch));
}
