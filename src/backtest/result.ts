/**
 * From the engine's columnar batch result to report rows. Shared by `backtest` (one call
 * per batch of symbols) and `live` (one call on `finish()`), so both print and write the
 * same report for the same trades.
 */
import type { EquityCurve, Stats, SymbolReport, TradeRow } from "../types/backtest.js";
import { nsToIso } from "../data/time.js";
import { type EngineBatchResult, universeCurves as engineUniverseCurves, universeStats } from "../engine/backtest.js";

/** The bars a batch result is aligned with: per-symbol rows of ts and close. */
export interface ResultBars {
  /** Symbol names, len k. */
  symbols: string[];
  /** len k+1: symbol i owns rows offsets[i]..offsets[i+1]. */
  offsets: Int32Array;
  /** Bar time, UTC ns, len n. */
  ts: BigInt64Array;
  /** Close per bar, len n. */
  close: Float64Array;
  /** Open/high/low per bar, len n: only needed when the caller keeps OHLC. */
  open?: Float64Array;
  high?: Float64Array;
  low?: Float64Array;
}

/** Report rows of one batch result, appended to `into`. */
export interface ReportRows {
  symbols: SymbolReport[];
  trades: TradeRow[];
  equity: EquityCurve[];
}

/**
 * Appends the summaries, trades and equity curves of `res` (computed over `bars`) to `into`.
 * Trade times are the ISO times of their entry/exit bars. With `keepOhlc`, each curve also keeps
 * its bars' open/high/low (`bars` must then carry them).
 *
 * @throws Error when `keepOhlc` is set and `bars` lacks open, high or low.
 */
export function collectBatchResult(
  res: EngineBatchResult & { symbolEquity?: (i: number) => Float64Array },
  bars: ResultBars,
  into: ReportRows,
  keepOhlc = false,
): void {
  const { open, high, low } = bars;
  if (keepOhlc && !(open && high && low)) throw new Error("collectBatchResult: keepOhlc needs the bars' open, high and low");
  const iso = (i: number, bar: number) => nsToIso(bars.ts[bars.offsets[i] + bar]);
  res.summaries.forEach((s, i) => {
    const lo = bars.offsets[i];
    const hi = bars.offsets[i + 1];
    into.symbols.push({
      symbol: s.symbol,
      bars: s.bars,
      first_time: hi > lo ? iso(i, 0) : "",
      last_time: hi > lo ? iso(i, hi - lo - 1) : "",
      trades: s.trades,
      ambiguous_bars: s.ambiguousBars,
      rejected_orders: s.rejectedOrders,
      stats: s.stats as Stats,
    });
    into.equity.push({
      symbol: s.symbol,
      ts: bars.ts.slice(lo, hi),
      // Focused replay returns compact equity and rebuilds each symbol's curve on request.
      equity: res.symbolEquity ? res.symbolEquity(i) : res.equity.slice(lo, hi),
      close: bars.close.slice(lo, hi),
      ...(keepOhlc && open && high && low
        ? { ohlc: { open: open.slice(lo, hi), high: high.slice(lo, hi), low: low.slice(lo, hi) } }
        : {}),
    });
  });
  const t = res.trades;
  for (let k = 0; k < t.pnl.length; k++) {
    const i = t.symbolIndex[k];
    into.trades.push({
      symbol: bars.symbols[i],
      side: t.side[k] > 0 ? "long" : "short",
      qty: t.qty[k],
      entry_time: iso(i, t.entryBar[k]),
      exit_time: iso(i, t.exitBar[k]),
      entry_bar: t.entryBar[k],
      exit_bar: t.exitBar[k],
      entry_price: t.entryPrice[k],
      exit_price: t.exitPrice[k],
      commission: t.commission[k],
      pnl: t.pnl[k],
      return_frac: t.returnFrac[k],
      bars_held: t.exitBar[k] - t.entryBar[k],
      exit_reason: res.exitReasons[t.exitReason[k]],
      mfe: t.mfe[k],
      mae: t.mae[k],
    });
  }
}

/** The `universe` block of a report: aggregate stats over all symbols, each trading its own `cash`. */
export function universeSummary(rows: ReportRows, cash: number) {
  const stats = universeStats(
    rows.equity.map((e) => ({ ts: e.ts, equity: e.equity, close: e.close })),
    Float64Array.from(rows.trades, (t) => t.pnl),
    Float64Array.from(rows.trades, (t) => t.return_frac),
    cash,
  ) as Stats;
  return {
    stats,
    trades: rows.trades.length,
    ambiguous_bars: rows.symbols.reduce((a, s) => a + s.ambiguous_bars, 0),
    rejected_orders: rows.symbols.reduce((a, s) => a + s.rejected_orders, 0),
    initial_cash: cash * rows.symbols.length,
  };
}

/**
 * The universe's summed equity and buy-and-hold curves (the ones its statistics are computed
 * on): `ts` UTC ns, `equity`/`hold` currency, same length (the union of the symbols' bar times).
 * `cash`: starting cash of each symbol.
 */
export function universeCurves(equity: EquityCurve[], cash: number): { ts: BigInt64Array; equity: Float64Array; hold: Float64Array } {
  return engineUniverseCurves(equity.map((e) => ({ ts: e.ts, equity: e.equity, close: e.close })), cash);
}
