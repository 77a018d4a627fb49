/**
 * A backtest result rendered as text or HTML. The renderers in src/report are pure (data in,
 * text out); everything they draw (the universe's curves included) is in the result, computed
 * by the engine.
 */
import { statDefs } from "../engine/schema.js";
import { backtestPage, type BacktestHtmlOptions } from "../report/html/index.js";
import { summaryText } from "../report/terminal.js";
import { type WrittenFiles, writeReportFilesWith } from "../report/files.js";
import type { BacktestResult } from "../types/backtest.js";

/**
 * Renders the terminal summary of `result`, showing `top` best and worst symbols by total return
 * (with sparklines of the universe's equity and buy-and-hold curves) and the first skipped rows;
 * `skippedFile`: where every skipped row was written (`--out`'s skipped.csv), if anywhere.
 */
export function renderSummary(result: BacktestResult, top = 5, skippedFile?: string): string {
  return summaryText(result, statDefs(), top, skippedFile);
}

/**
 * Renders `result` as a self-contained HTML page (Apache ECharts inlined; opens offline).
 * Candles need `result.equity[i].ohlc` (run with `ohlc: true`); without it the price is a close line.
 * Charts are downsampled to `maxPoints` per series for display; statistics and trades are exact.
 *
 * @throws Error when the ECharts bundle cannot be read from node_modules.
 */
export async function renderBacktestHtml(result: BacktestResult, opts: BacktestHtmlOptions = {}): Promise<string> {
  return backtestPage(result, statDefs(), opts);
}

/**
 * Writes the `--out` files of `result` into `dir` (trades.csv/.jsonl, symbols.csv, equity.csv,
 * summary.json last), each atomically; columns typed by the engine's statistics schema.
 * @throws Error naming the directory or the file that cannot be written (see writeReportFilesWith).
 */
export function writeReportFiles(result: BacktestResult, dir: string): Promise<WrittenFiles> {
  return writeReportFilesWith(result, dir, statDefs());
}
