/**
 * `--out DIR`: trades (CSV + JSONL), per-symbol stats (CSV + JSON) and equity curves (CSV).
 * Times are ISO-8601 UTC with as many fraction digits as their nanoseconds need (exact).
 */
import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";

import pl from "nodejs-polars";

import type { BacktestResult, Stats } from "../types/backtest.js";
import { nsToIso } from "../data/time.js";

/** Files written by {@link writeReportFiles}. */
export interface WrittenFiles {
  trades_csv: string;
  trades_jsonl: string;
  symbols_csv: string;
  summary_json: string;
  equity_csv: string;
}

const TRADE_COLUMNS = [
  "symbol", "side", "qty", "entry_time", "exit_time", "entry_bar", "exit_bar", "entry_price", "exit_price",
  "commission", "pnl", "return_frac", "bars_held", "exit_reason", "mfe", "mae",
] as const;

/**
 * Writes the report files of `result` into `dir` (created if missing).
 * @throws Error naming the directory when it cannot be written.
 */
export async function writeReportFiles(result: BacktestResult, dir: string): Promise<WrittenFiles> {
  try {
    await mkdir(dir, { recursive: true });
  } catch (err) {
    throw new Error(`--out ${dir}: cannot create directory (${(err as NodeJS.ErrnoException).code ?? err})`);
  }
  const files: WrittenFiles = {
    trades_csv: join(dir, "trades.csv"),
    trades_jsonl: join(dir, "trades.jsonl"),
    symbols_csv: join(dir, "symbols.csv"),
    summary_json: join(dir, "summary.json"),
    equity_csv: join(dir, "equity.csv"),
  };
  const trades = pl.DataFrame(
    Object.fromEntries(TRADE_COLUMNS.map((c) => [c, result.trades.map((t) => t[c])])),
  );
  trades.writeCSV(files.trades_csv);
  await writeFile(files.trades_jsonl, result.trades.map((t) => JSON.stringify(t)).join("\n") + (result.trades.length ? "\n" : ""));

  const statKeys = Object.keys(result.symbols[0]?.stats ?? {}) as (keyof Stats)[];
  const symbols = pl.DataFrame({
    symbol: result.symbols.map((s) => s.symbol),
    bars: result.symbols.map((s) => s.bars),
    first_time: result.symbols.map((s) => s.first_time),
    last_time: result.symbols.map((s) => s.last_time),
    ambiguous_bars: result.symbols.map((s) => s.ambiguous_bars),
    ...Object.fromEntries(statKeys.map((k) => [k, result.symbols.map((s) => s.stats[k] ?? null)])),
  });
  symbols.writeCSV(files.symbols_csv);

  const equity = pl.DataFrame({
    symbol: result.equity.flatMap((e) => Array(e.ts.length).fill(e.symbol) as string[]),
    time: result.equity.flatMap((e) => Array.from(e.ts, nsToIso)),
    equity: Float64Array.from(result.equity.flatMap((e) => Array.from(e.equity))),
  });
  equity.writeCSV(files.equity_csv);

  // Per-symbol curves are in equity.csv, the universe's in `--json`; the summary keeps its figures.
  const { trades: _t, equity: _e, ...summary } = result;
  const { curves: _c, ...universe } = result.universe;
  await writeFile(files.summary_json, `${JSON.stringify({ ...summary, universe }, null, 2)}\n`);
  return files;
}
