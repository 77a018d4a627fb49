/**
 * `--out DIR`: trades (CSV + JSONL), positions open at the end (open_trades.csv), per-symbol stats (CSV + JSON) and equity curves (CSV).
 * Times are ISO-8601 UTC with as many fraction digits as their nanoseconds need (exact).
 * Each file is replaced atomically and summary.json (the folder's manifest) is removed first and
 * written last (src/util/out-dir.ts): a folder without it holds an interrupted write.
 */
import pl from "nodejs-polars";

import { writeFileAtomic, writeFrameAtomic } from "../util/atomic-file.js";
import { beginOutDir, MANIFEST } from "../util/out-dir.js";

import type { BacktestResult, Stats } from "../types/backtest.js";
import { nsToIso } from "../data/time.js";

/** Files written by {@link writeReportFiles}. */
export interface WrittenFiles {
  trades_csv: string;
  trades_jsonl: string;
  open_trades_csv: string;
  symbols_csv: string;
  summary_json: string;
  equity_csv: string;
}

const TRADE_COLUMNS = [
  "symbol", "side", "qty", "entry_time", "exit_time", "entry_bar", "exit_bar", "entry_price", "exit_price",
  "commission", "pnl", "return_frac", "bars_held", "exit_reason", "mfe", "mae",
] as const;

/**
 * Writes the report files of `result` into `dir` (created if missing), each atomically, summary.json last.
 * @throws Error naming the directory when it cannot be created; AtomicWriteError naming the file and the
 *   OS error (e.g. disk full) when one cannot be written (summary.json is then absent).
 */
export async function writeReportFiles(result: BacktestResult, dir: string): Promise<WrittenFiles> {
  // Every run writes the same six files, so none can be stale: only the manifest goes first.
  const join = await beginOutDir(dir, []);
  const files: WrittenFiles = {
    trades_csv: join("trades.csv"),
    trades_jsonl: join("trades.jsonl"),
    open_trades_csv: join("open_trades.csv"),
    symbols_csv: join("symbols.csv"),
    summary_json: join(MANIFEST),
    equity_csv: join("equity.csv"),
  };
  const opts = { label: "--out" };
  const frame = (rows: BacktestResult["trades"]) => pl.DataFrame(Object.fromEntries(TRADE_COLUMNS.map((c) => [c, rows.map((t) => t[c])])));
  await writeFrameAtomic(files.trades_csv, frame(result.trades), "csv", opts);
  // Same columns; exit_* are the last bar and its close, pnl unrealised, exit_reason "open".
  await writeFrameAtomic(files.open_trades_csv, frame(result.open_trades), "csv", opts);
  await writeFileAtomic(files.trades_jsonl, result.trades.map((t) => JSON.stringify(t)).join("\n") + (result.trades.length ? "\n" : ""), opts);

  const statKeys = Object.keys(result.symbols[0]?.stats ?? {}) as (keyof Stats)[];
  const symbols = pl.DataFrame({
    symbol: result.symbols.map((s) => s.symbol),
    bars: result.symbols.map((s) => s.bars),
    first_time: result.symbols.map((s) => s.first_time),
    last_time: result.symbols.map((s) => s.last_time),
    ambiguous_bars: result.symbols.map((s) => s.ambiguous_bars),
    ...Object.fromEntries(statKeys.map((k) => [k, result.symbols.map((s) => s.stats[k] ?? null)])),
  });
  await writeFrameAtomic(files.symbols_csv, symbols, "csv", opts);

  const equity = pl.DataFrame({
    symbol: result.equity.flatMap((e) => Array(e.ts.length).fill(e.symbol) as string[]),
    time: result.equity.flatMap((e) => Array.from(e.ts, nsToIso)),
    equity: Float64Array.from(result.equity.flatMap((e) => Array.from(e.equity))),
  });
  await writeFrameAtomic(files.equity_csv, equity, "csv", opts);

  // Per-symbol curves are in equity.csv, the universe's in `--json`; the summary keeps its figures.
  const { trades: _t, open_trades: _o, equity: _e, ...summary } = result;
  const { curves: _c, ...universe } = result.universe;
  await writeFileAtomic(files.summary_json, `${JSON.stringify({ ...summary, universe }, null, 2)}\n`, opts);
  return files;
}
