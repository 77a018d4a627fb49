/**
 * The one converter from the engine's run result (`BacktestRun.finish()`,
 * `LiveEngine.finishRun()`: everything computed once in Rust) to the public
 * {@link BacktestResult}. Nothing is recomputed: statistics pass through as the engine's
 * typed objects, curves are views (`subarray`) into the engine's columns, trade rows and ISO
 * times are made from the trade columns (lazily, on first read of `trades`). Shared by
 * `backtest`, focused replay and `live`, so they print and write the same report for the same
 * trades.
 */
import type { BacktestResult, EquityCurve, SymbolReport, TradeRow, UniverseReport } from "../types/backtest.js";
import { nsToIso } from "../data/time.js";
import type { EngineRunResult } from "../engine/backtest.js";

/** The parts of a result that come from the engine's run result. */
export type RunReport = Pick<BacktestResult, "universe" | "symbols" | "trades" | "open_trades" | "equity">;

/** Per-symbol reports: counts and statistics as the engine gives them, first/last bar times as ISO UTC. */
function symbolReports(res: EngineRunResult): SymbolReport[] {
  return res.symbols.map((s) => ({
    symbol: s.symbol,
    bars: s.bars,
    first_time: s.firstTs === null ? "" : nsToIso(s.firstTs),
    last_time: s.lastTs === null ? "" : nsToIso(s.lastTs),
    trades: s.trades,
    open_trades: s.openTrades,
    ambiguous_bars: s.ambiguousBars,
    rejected_orders: s.rejectedOrders,
    stats: s.stats,
  }));
}

/**
 * One row per trade from the trade columns (times exact: ISO UTC with as many fraction digits as
 * the ns need): the closed trades, or with `open` the positions still open at the end.
 */
export function tradeRows(res: EngineRunResult, open = false): TradeRow[] {
  const t = open ? res.openTrades : res.trades;
  const names = res.symbols.map((s) => s.symbol);
  const reasons: string[] = res.exitReasons;
  const rows: TradeRow[] = new Array<TradeRow>(t.pnl.length);
  for (let k = 0; k < rows.length; k++) {
    rows[k] = {
      symbol: names[t.symbolIndex[k]],
      side: t.side[k] > 0 ? "long" : "short",
      qty: t.qty[k],
      entry_time: nsToIso(t.entryTs[k]),
      exit_time: nsToIso(t.exitTs[k]),
      entry_bar: t.entryBar[k],
      exit_bar: t.exitBar[k],
      entry_price: t.entryPrice[k],
      exit_price: t.exitPrice[k],
      commission: t.commission[k],
      pnl: t.pnl[k],
      return_frac: t.returnFrac[k],
      bars_held: t.barsHeld[k],
      exit_reason: reasons[t.exitReason[k]],
      mfe: t.mfe[k],
      mae: t.mae[k],
    };
  }
  return rows;
}

/** Per-symbol curves: views into the engine's curve columns (no copies). */
function equityCurves(res: EngineRunResult): EquityCurve[] {
  const c = res.curves;
  return res.symbols.map((s, i) => {
    const [lo, hi] = [c.offsets[i], c.offsets[i + 1]];
    const curve: EquityCurve = { symbol: s.symbol, ts: c.ts.subarray(lo, hi), equity: c.equity.subarray(lo, hi), close: c.close.subarray(lo, hi) };
    if (c.open && c.high && c.low) curve.ohlc = { open: c.open.subarray(lo, hi), high: c.high.subarray(lo, hi), low: c.low.subarray(lo, hi) };
    if (c.hold && c.drawdown) {
      curve.hold = c.hold.subarray(lo, hi);
      curve.drawdown = c.drawdown.subarray(lo, hi);
    }
    return curve;
  });
}

/** The `universe` block: the engine's statistics, counts and summed curves. */
function universeReport(res: EngineRunResult): UniverseReport {
  const u = res.universe;
  return {
    stats: u.stats,
    trades: u.trades,
    open_trades: u.openTrades,
    ambiguous_bars: u.ambiguousBars,
    rejected_orders: u.rejectedOrders,
    initial_cash: u.initialCash,
    curves: u.curves,
  };
}

/** Defines `trades` on `obj` as rows made on first read (then kept); assigning replaces them. */
function lazyTrades(obj: object, res: EngineRunResult): void {
  const settle = (self: object, rows: TradeRow[]) =>
    Object.defineProperty(self, "trades", { value: rows, writable: true, enumerable: true, configurable: true });
  Object.defineProperty(obj, "trades", {
    enumerable: true,
    configurable: true,
    get(this: object) {
      const rows = tradeRows(res);
      settle(this, rows);
      return rows;
    },
    set(this: object, rows: TradeRow[]) {
      settle(this, rows);
    },
  });
}

/**
 * The result of a run: `head`'s fields, then `universe`, `symbols`, `trades`, `open_trades`, `equity` from
 * `res`, then `tail`'s fields (key order as the JSON output prints them).
 */
export function fromRunResult<H extends object, T extends object>(res: EngineRunResult, head: H, tail: T): H & RunReport & T {
  const out = { ...head, universe: universeReport(res), symbols: symbolReports(res) } as H & RunReport & T;
  lazyTrades(out, res);
  out.open_trades = tradeRows(res, true);
  out.equity = equityCurves(res);
  return Object.assign(out, tail);
}
