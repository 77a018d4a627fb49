/**
 * Public shapes of a backtest: its options and its result (per-symbol reports, trades, equity
 * curves, universe statistics, the focused-replay section). Units: times are UTC nanoseconds
 * (`BigInt64Array`) in curves and ISO-8601 UTC strings in rows; prices and cash in the data's
 * quote currency; costs, returns and drawdowns as fractions (0.01 = 1%), never percent.
 */
import type { BadRowPolicy, SkipCounts, SkippedRow, SqliteSource } from "../data/types.js";
import type { EpochUnit } from "../data/time.js";
import type { EngineStats } from "../engine/backtest.js";

/** Everything `runBacktest` accepts (`table`/`timeframe`: which rows of a SQLite file). */
export interface BacktestOptions extends SqliteSource {
  /** Bars: a CSV/Parquet file, a folder of per-symbol files, a hive Parquet dataset or a SQLite file. Default: the bundled S&P 500 sample, examples/data/sp500-20.parquet. */
  data?: string;
  /** Strategy spec (JSON file). Default: the bundled SMA-cross example with risk exits. */
  strategy?: string;
  /** Only these symbols. */
  symbols?: string[];
  /** First bar, ISO date/datetime, inclusive, UTC. */
  start?: string;
  /** Last bar, ISO date/datetime, inclusive, UTC. */
  end?: string;
  /** Starting cash per symbol, currency. @default 10000 */
  cash?: number;
  /** Commission per fill, fraction of notional (0.002 = 0.2%). @default 0 */
  commission?: number;
  /** Fixed commission per order, currency. @default 0 */
  commissionFixed?: number;
  /** Adverse slippage per market fill, fraction of price (0.0005 = 5 bp). @default 0 */
  slippage?: number;
  /** `next_open` (default, no look-ahead) or `same_close` (opt-in). */
  fill?: "next_open" | "same_close";
  /** Stop vs target inside one bar. @default "stop_first" */
  ambiguity?: "stop_first" | "target_first";
  /**
   * A position still open after the last bar: `none` leaves it open (marked at the last close
   * in the equity, listed in `open_trades`, in no trade statistic); `last_close` / `last_open`
   * closes it there as a market order (`last_open` = backtesting.py's `finalize_trades=True`).
   * @default "none"
   */
  closeAtEnd?: "none" | "last_close" | "last_open";
  /** Bad rows: throw (`error`, default) or drop and count (`skip`). */
  badRows?: BadRowPolicy;
  /** Unit of integer epoch timestamps. Default: detected per column (docs/data.md). */
  timeUnit?: EpochUnit;
  /** Symbols per N-API call; bounds memory. @default 64 */
  batchSize?: number;
  /** Worker threads inside a batch. @default all cores */
  threads?: number;
  /** Show a progress bar on a terminal. @default true */
  progress?: boolean;
  /**
   * Candidates file (JSON Lines from `barstream scan`): switches to focused replay, which
   * simulates only windows around the candidates (docs/focused-replay.md).
   */
  candidates?: string;
  /** Focused replay: bars on EACH side of a candidate (its window is 2 * window + 1 bars). @default 20 */
  window?: number;
  /** Focused replay: also run the plain path (full replay), compare bit for bit, report the speedup. @default false */
  verify?: boolean;
  /**
   * Also keep what a per-symbol chart draws: each bar's open/high/low in `result.equity[i].ohlc`
   * (the HTML report's candles) and each symbol's buy & hold and drawdown
   * (`result.equity[i].hold`, `.drawdown`, computed by the engine).
   * Off by default: it adds 40 bytes per bar to the result. @default false
   */
  ohlc?: boolean;
}

/** The cost and fill settings of a run (a subset of {@link BacktestOptions}). */
export type CostOptions = Pick<BacktestOptions, "cash" | "commission" | "commissionFixed" | "slippage" | "fill" | "ambiguity" | "closeAtEnd">;

/** Options with every default applied. */
export type ResolvedBacktestOptions = Required<Omit<BacktestOptions, "symbols" | "start" | "end" | "threads" | "candidates" | "ohlc" | "timeUnit" | keyof SqliteSource>> &
  Pick<BacktestOptions, "symbols" | "start" | "end" | "threads" | "candidates" | "ohlc" | "timeUnit" | keyof SqliteSource>;

/**
 * Performance statistics as computed by the Rust stats crate: one key per statistic, snake_case
 * (as `statsSchema()` names them), fractions not percent, `null` where undefined (the key is
 * always present), counts as plain numbers. The engine's `BindingStats`, passed through.
 */
export type Stats = EngineStats;

/**
 * One trade. Times are ISO-8601 UTC; prices in quote currency; fractions not percent. In
 * `open_trades` (a position still open after the last bar) the exit fields are the last bar
 * and its close, `pnl`/`return_frac` are unrealised and `exit_reason` is `open`.
 */
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
  /** Closed trades (every trade statistic is over these). */
  trades: number;
  /** Positions still open after the last bar (0 or 1; rows of `open_trades`). */
  open_trades: number;
  ambiguous_bars: number;
  rejected_orders: number;
  stats: Stats;
}

/**
 * One symbol's curves (views into the engine's curve columns, not copies): equity after each
 * bar's close, currency.
 */
export interface EquityCurve {
  symbol: string;
  /** UTC nanoseconds per bar. */
  ts: BigInt64Array;
  equity: Float64Array;
  close: Float64Array;
  /** The bars' open/high/low (same length as `ts`), only when the run asked for them (`ohlc: true`). */
  ohlc?: { open: Float64Array; high: Float64Array; low: Float64Array };
  /** Buy & hold of `cash` from the first close (`cash * close / close[0]`), currency; only with `ohlc: true`. */
  hold?: Float64Array;
  /** Drawdown of `equity` (`equity / running peak - 1`), fraction <= 0; only with `ohlc: true`. */
  drawdown?: Float64Array;
}

/** The `universe` block of a result: aggregate over all symbols, each trading its own `cash`. */
export interface UniverseReport {
  /** Statistics of the summed curves and all trades (`exposure` and `avg_bars_held` are null). */
  stats: Stats;
  /** Closed trades of all symbols. */
  trades: number;
  /** Positions still open after the last bar, all symbols. */
  open_trades: number;
  ambiguous_bars: number;
  rejected_orders: number;
  /** Cash per symbol x symbols, currency. */
  initial_cash: number;
  /** The summed curves the statistics are computed on (from the engine). */
  curves: UniverseCurves;
}

/** Everything a backtest returns. */
export interface BacktestResult {
  strategy: { name: string; file: string };
  settings: Omit<ResolvedBacktestOptions, "progress">;
  /**
   * What was read: `skipped` counts the rows `--skip-bad-rows` dropped per rule, `skipped_rows` locates
   * each of them (file order; as many as the counts add up to; empty without skipping, and for `live`,
   * whose rejects are feed messages, not file rows).
   */
  data: { path: string; symbols: number; rows_read: number; rows_kept: number; skipped: SkipCounts; skipped_rows: SkippedRow[]; files: number };
  /** Aggregate over all symbols: each symbol trades its own `cash`; equity curves are summed. */
  universe: UniverseReport;
  symbols: SymbolReport[];
  /** Closed trades, symbol after symbol. */
  trades: TradeRow[];
  /** Positions still open after their symbol's last bar, valued at its close (`exit_reason` `open`); in no statistic. */
  open_trades: TradeRow[];
  equity: EquityCurve[];
  /**
   * Wall time per stage, milliseconds: `load` (reading bars), `compute` (the engine's pushes),
   * `aggregate` (the engine's `finish`, universe included, and the conversion to this result).
   */
  timing_ms: { load: number; compute: number; aggregate: number };
  /** Focused replay only: candidates, windows, segments, coverage (and the check of `verify`). */
  focus?: FocusReport;
  /**
   * Why the result is empty or hollow, if it is (no bars in the range, every order rejected);
   * `[]` when nothing is wrong. Set by `runBacktest` (src/backtest/warnings.ts); the CLI prints each on stderr.
   */
  warnings?: RunWarning[];
}

/** A warning about a run's result (see `runWarnings` in src/backtest/warnings.ts for the codes). */
export interface RunWarning {
  code: "no_bars" | "symbols_without_bars" | "all_orders_rejected" | "symbols_all_rejected";
  /** What was counted: symbols (`no_bars`, `symbols_without_bars`) or rejected orders (the others). */
  count: number;
  /** One line for a person: what happened, the count, the reason and the fix. */
  message: string;
}

/**
 * The universe's summed curves (the ones its statistics are computed on), all the same length
 * (the sorted union of the symbols' bar times), computed by the engine.
 */
export interface UniverseCurves {
  /** Bar time, UTC ns. */
  ts: BigInt64Array;
  /** Summed equity, each symbol forward-filled, currency. */
  equity: Float64Array;
  /** Summed buy & hold (each symbol holds its `cash` from its first close), currency. */
  hold: Float64Array;
  /** Drawdown of `equity`: `equity / running peak - 1`, fraction <= 0. */
  drawdown: Float64Array;
}

/** What happened to the candidates (each counted once). */
export interface MatchCounts {
  /** Mapped to a bar: `exact + snapped`. */
  used: number;
  /** Time equal to a bar's time. */
  exact: number;
  /** Time between two bars: the next bar was used. */
  snapped: number;
  /** Symbol absent from the loaded data: skipped. */
  unknown_symbol: number;
  /** Time before the symbol's first bar or after its last: skipped. */
  outside_data: number;
}

/** Windows, segments and coverage of one symbol or of the whole run. */
export interface Coverage {
  /** Windows after merging overlapping ones. */
  windows: number;
  /** Bars inside some window (where entries may fire). */
  window_bars: number;
  /** Simulated segments. */
  segments: number;
  /** Bars of the data. */
  bars: number;
  /** Bars simulated (lead-in + windows + extension), the coverage numerator. */
  bars_simulated: number;
  /** `bars_simulated / bars` (fraction); 0 without bars. */
  coverage: number;
}

/** One symbol's focused-replay figures. */
export interface FocusSymbol extends Coverage {
  symbol: string;
  /** Candidates mapped to a bar of this symbol. */
  candidates: number;
}

/** The plain-path check (`--verify`). */
export interface FocusVerify {
  /** Every symbol's trades, equity and statistics equal the plain path's bit for bit. */
  identical: boolean;
  /** The first difference, "SYMBOL: ...", when not identical. */
  mismatch?: string;
  /** Engine time of the focused replay, summed over batches, ms. */
  focused_ms: number;
  /** Engine time of the plain path (full replay), summed over batches, ms. */
  plain_ms: number;
  /** `plain_ms / focused_ms`. */
  speedup: number;
}

/** Focused replay figures of a run (coverage summed over every symbol). */
export interface FocusReport extends Coverage {
  /** The candidates file. */
  file: string;
  /** Half-width N: a window is `[c - N, c + N]`. */
  window: number;
  /**
   * The strategy's lead-in: a segment starts `exact_from` bars before its first window, rounded
   * down to a multiple of `align` bars (docs/focused-replay.md).
   */
  lead_in: { exact_from: number; align: number };
  /** Non-blank lines of the file (= candidates read). */
  lines: number;
  /** What the candidates became. */
  candidates: MatchCounts;
  /** Bars replayed counting segments simulated again after growing (work done). */
  bars_replayed: number;
  symbols: FocusSymbol[];
  verify?: FocusVerify;
}
