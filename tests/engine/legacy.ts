/**
 * The path `runBacktest` took before `BacktestRun` (kept as the reference the run object is
 * checked against): one `backtestBatch` or `focusedBatch` per batch, rows assembled in
 * TypeScript, the universe from `universeStats`/`universeCurves`, the HTML page's drawdown.
 */
import type { BarBatch } from "../../src/data/index.js";
import { nsToIso } from "../../src/data/time.js";
import { native, type Native } from "../../src/engine/native.js";
import type { EquityCurve, SymbolReport, TradeRow } from "../../src/types/backtest.js";

/** What the old path gave: rows, curves and the universe. */
export interface LegacyRun {
  symbols: SymbolReport[];
  trades: TradeRow[];
  equity: EquityCurve[];
  universe: { stats: Record<string, number | null>; trades: number; open_trades: number; ambiguous_bars: number; rejected_orders: number; initial_cash: number };
  curves: { ts: BigInt64Array; equity: Float64Array; hold: Float64Array; drawdown: number[] };
}

/** Drawdown per point, `equity / running peak - 1` (the HTML page's former definition). */
export function drawdownOf(equity: ArrayLike<number>): number[] {
  const out: number[] = [];
  let peak = -Infinity;
  for (let i = 0; i < equity.length; i++) {
    if (equity[i] > peak) peak = equity[i];
    out.push(equity[i] / peak - 1);
  }
  return out;
}

/** Focused replay's compact equity rebuilt to every bar of symbol i (the former src/backtest/focus/equity.ts). */
function focusedCurve(res: Native.BindingFocusedResult, i: number, rows: number): Float64Array {
  let used = res.focus.slice(0, i).reduce((a, f) => a + f.barsSimulated, 0);
  const f = res.focus[i];
  const out = new Float64Array(rows);
  let bar = 0;
  for (let j = 0; j < f.segments; j++) {
    const [s, e] = [f.segmentStarts[j], f.segmentEnds[j]];
    out.fill(f.flatEquity[j], bar, s);
    out.set(res.result.equity.subarray(used, used + e - s), s);
    used += e - s;
    bar = e;
  }
  out.fill(f.flatEquity[f.segments], bar);
  return out;
}

/**
 * The old path over `batches`: `backtestBatch` each, or `focusedBatch` with `candidates(batch)`.
 * `cash`: starting cash per symbol.
 */
export async function legacyRun(
  batches: BarBatch[],
  spec: string,
  config: Native.BindingBacktestConfig,
  cash: number,
  candidates?: (b: BarBatch) => Native.BindingCandidates,
): Promise<LegacyRun> {
  const out: LegacyRun = { symbols: [], trades: [], equity: [], universe: undefined as never, curves: undefined as never };
  for (const b of batches) {
    const focused = candidates ? await native.focusedBatch(b, spec, config, candidates(b)) : undefined;
    const res = focused ? focused.result : await native.backtestBatch(b, spec, config);
    const iso = (i: number, bar: number) => nsToIso(b.ts[b.offsets[i] + bar]);
    res.summaries.forEach((s, i) => {
      const [lo, hi] = [b.offsets[i], b.offsets[i + 1]];
      out.symbols.push({ symbol: s.symbol, bars: s.bars, first_time: iso(i, 0), last_time: iso(i, hi - lo - 1), trades: s.trades, open_trades: s.openTrades, ambiguous_bars: s.ambiguousBars, rejected_orders: s.rejectedOrders, stats: s.stats });
      out.equity.push({ symbol: s.symbol, ts: b.ts.slice(lo, hi), equity: focused ? focusedCurve(focused, i, hi - lo) : res.equity.slice(lo, hi), close: b.close.slice(lo, hi) });
    });
    const t = res.trades;
    for (let k = 0; k < t.pnl.length; k++) {
      const i = t.symbolIndex[k];
      out.trades.push({
        symbol: b.symbols[i], side: t.side[k] > 0 ? "long" : "short", qty: t.qty[k], entry_time: iso(i, t.entryBar[k]), exit_time: iso(i, t.exitBar[k]),
        entry_bar: t.entryBar[k], exit_bar: t.exitBar[k], entry_price: t.entryPrice[k], exit_price: t.exitPrice[k], commission: t.commission[k],
        pnl: t.pnl[k], return_frac: t.returnFrac[k], bars_held: t.exitBar[k] - t.entryBar[k], exit_reason: res.exitReasons[t.exitReason[k]], mfe: t.mfe[k], mae: t.mae[k],
      });
    }
  }
  const members = out.equity.map((e) => ({ ts: e.ts, equity: e.equity, close: e.close }));
  out.universe = {
    stats: native.universeStats(members, Float64Array.from(out.trades, (t) => t.pnl), Float64Array.from(out.trades, (t) => t.return_frac), cash),
    trades: out.trades.length,
    open_trades: out.symbols.reduce((a, s) => a + s.open_trades, 0),
    ambiguous_bars: out.symbols.reduce((a, s) => a + s.ambiguous_bars, 0),
    rejected_orders: out.symbols.reduce((a, s) => a + s.rejected_orders, 0),
    initial_cash: cash * out.symbols.length,
  };
  const u = native.universeCurves(members, cash);
  out.curves = { ...u, drawdown: drawdownOf(u.equity) };
  return out;
}
