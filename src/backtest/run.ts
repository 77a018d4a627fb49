/**
 * `runBacktest`: loads bars in batches of symbols, makes one N-API call per batch
 * (computed off the JS thread) and one for the whole run result (summaries, trades, equity
 * curves, universe: computed in Rust). With
 * `candidates` it runs focused replay instead (./focused.ts).
 */
import type { BacktestOptions, BacktestResult } from "../types/backtest.js";
import { runFocused } from "./focused.js";
import { prepare, runBatches } from "./pipeline.js";
import { runWarnings } from "./warnings.js";

export { loadStrategy } from "./pipeline.js";

/**
 * Backtests a strategy over a dataset; with `opts.candidates`, by focused replay around the
 * candidates (same result shape plus `focus`). `warnings` says why a result is empty or hollow
 * (no bars in the range, every order rejected), `[]` otherwise.
 *
 * @throws Error for an unreadable/invalid strategy or bad options; DataError for bad rows
 *   (file, row, field, rule) unless `badRows: "skip"`; CandidateError for a bad candidates line.
 */
export async function runBacktest(opts: BacktestOptions = {}): Promise<BacktestResult> {
  const result = opts.candidates !== undefined
    ? await runFocused(opts)
    : await prepare(opts).then((run) => runBatches(run, (engine, batch) => engine.push(batch)));
  result.warnings = runWarnings(result);
  return result;
}
