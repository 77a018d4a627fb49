/**
 * `--out DIR`: trades (CSV + JSONL), positions open at the end (open_trades.csv), per-symbol stats
 * (CSV + JSON), equity curves (CSV) and the rows `--skip-bad-rows` dropped (skipped.csv, header only
 * when none).
 * Times are ISO-8601 UTC with as many fraction digits as their nanoseconds need (exact).
 * Each file is replaced atomically and summary.json (the folder's manifest) is removed first and
 * written last (src/util/out-dir.ts): a folder without it holds an interrupted write.
 */
import pl from "nodejs-polars";

import { writeFileAtomic, writeFrameAtomic } from "../util/atomic-file.js";
import { beginOutDir, MANIFEST } from "../util/out-dir.js";
import { SKIPPED_CSV, skippedFrame } from "./skipped.js";

import type { BacktestResult, Stats, TradeRow } from "../types/backtest.js";
import type { StatDef } from "../types/schema.js";
import { nsToIso } from "../data/time.js";
import { pickStats } from "./format.js";

/** Files written by {@link writeReportFiles}. */
export interface WrittenFiles {
  trades_csv: string;
  trades_jsonl: string;
  open_trades_csv: string;
  symbols_csv: string;
  summary_json: string;
  equity_csv: string;
  skipped_csv: string;
}

/** How a CSV column is typed: whole numbers (`int`, written `59`), reals (`float`), text, or `qty` (see {@link qtyType}). */
type ColumnType = "int" | "float" | "str" | "qty";

/** trades.csv's columns in order, with their types: bar indices and counts are whole numbers. */
const TRADE_COLUMNS = {
  symbol: "str", side: "str", qty: "qty", entry_time: "str", exit_time: "str", entry_bar: "int", exit_bar: "int",
  entry_price: "float", exit_price: "float", commission: "float", pnl: "float", return_frac: "float", bars_held: "int",
  exit_reason: "str", mfe: "float", mae: "float",
} as const satisfies Record<keyof TradeRow, ColumnType>;

/**
 * A typed column for polars' CSV writer: `int` becomes Int64 (written without a fraction), `float`
 * Float64, `str` Utf8; nulls stay empty cells.
 * @throws Error naming the column when an `int` column holds a value that is not a whole number
 *   (the engine's counts and bar indices always are; anything else is a bug, not a rounding case).
 */
function column(name: string, values: readonly unknown[], type: Exclude<ColumnType, "qty">): pl.Series {
  if (type === "str") return pl.Series(name, values as (string | null)[], pl.Utf8);
  if (type === "float") return pl.Series(name, values as (number | null)[], pl.Float64);
  const bad = values.find((v) => v !== null && !Number.isInteger(v));
  if (bad !== undefined) throw new Error(`--out: column ${name} is typed integer but holds ${String(bad)}`);
  return pl.Series(name, values as (number | null)[], pl.Int64);
}

/**
 * Quantities are whole units unless the strategy's sizing allows fractions (`whole_units: false`
 * with a fraction or cash rule): the column is an integer column when every quantity is whole.
 */
function qtyType(values: readonly number[]): "int" | "float" {
  return values.every(Number.isInteger) ? "int" : "float";
}

/**
 * The CSV type of statistic `d`: whole numbers for counts and bar counts (the schema's `integer`
 * format) and for nanosecond durations (unit `ns`); reals otherwise.
 */
function statType(d: StatDef): "int" | "float" {
  return d.format === "integer" || d.unit === "ns" ? "int" : "float";
}

/**
 * Writes the report files of `result` into `dir` (created if missing), each atomically, summary.json last.
 * Columns are typed: counts, bar indices and nanosecond durations are written as integers (`2148`,
 * not `2148.0`), statistics by their definition in `schema` (the engine's statistics schema).
 * @throws Error naming the directory when it cannot be created; AtomicWriteError naming the file and the
 *   OS error (e.g. disk full) when one cannot be written (summary.json is then absent).
 */
export async function writeReportFilesWith(result: BacktestResult, dir: string, schema: readonly StatDef[]): Promise<WrittenFiles> {
  // Every run writes the same seven files, so none can be stale once it finishes; skipped.csv also goes
  // first, with the manifest, so that an interrupted run never leaves an earlier run's list beside new files.
  const join = await beginOutDir(dir, [SKIPPED_CSV]);
  const files: WrittenFiles = {
    trades_csv: join("trades.csv"),
    trades_jsonl: join("trades.jsonl"),
    open_trades_csv: join("open_trades.csv"),
    symbols_csv: join("symbols.csv"),
    summary_json: join(MANIFEST),
    equity_csv: join("equity.csv"),
    skipped_csv: join(SKIPPED_CSV),
  };
  const opts = { label: "--out" };
  const tradeFrame = (rows: readonly TradeRow[]) =>
    pl.DataFrame(
      Object.entries(TRADE_COLUMNS).map(([c, type]) => {
        const values = rows.map((t) => t[c as keyof TradeRow]);
        return column(c, values, type === "qty" ? qtyType(values as number[]) : type);
      }),
    );
  await writeFrameAtomic(files.trades_csv, tradeFrame(result.trades), "csv", opts);
  // Same columns; exit_* are the last bar and its close, pnl unrealised, exit_reason "open".
  await writeFrameAtomic(files.open_trades_csv, tradeFrame(result.open_trades), "csv", opts);
  await writeFileAtomic(files.trades_jsonl, result.trades.map((t) => JSON.stringify(t)).join("\n") + (result.trades.length ? "\n" : ""), opts);

  const statKeys = Object.keys(result.symbols[0]?.stats ?? {}) as (keyof Stats)[];
  const defs = pickStats(schema, statKeys);
  const sy = result.symbols;
  const symbols = pl.DataFrame([
    column("symbol", sy.map((s) => s.symbol), "str"),
    column("bars", sy.map((s) => s.bars), "int"),
    column("first_time", sy.map((s) => s.first_time), "str"),
    column("last_time", sy.map((s) => s.last_time), "str"),
    column("ambiguous_bars", sy.map((s) => s.ambiguous_bars), "int"),
    ...statKeys.map((k, j) => column(k, sy.map((s) => s.stats[k] ?? null), statType(defs[j]))),
  ]);
  await writeFrameAtomic(files.symbols_csv, symbols, "csv", opts);

  const equity = pl.DataFrame({
    symbol: result.equity.flatMap((e) => Array(e.ts.length).fill(e.symbol) as string[]),
    time: result.equity.flatMap((e) => Array.from(e.ts, nsToIso)),
    equity: Float64Array.from(result.equity.flatMap((e) => Array.from(e.equity))),
  });
  await writeFrameAtomic(files.equity_csv, equity, "csv", opts);
  await writeFrameAtomic(files.skipped_csv, skippedFrame(result.data.skipped_rows), "csv", opts);

  // Per-symbol curves are in equity.csv, the universe's in `--json`; the summary keeps its figures.
  const { trades: _t, open_trades: _o, equity: _e, ...summary } = result;
  const { curves: _c, ...universe } = result.universe;
  await writeFileAtomic(files.summary_json, `${JSON.stringify({ ...summary, universe }, null, 2)}\n`, opts);
  return files;
}
