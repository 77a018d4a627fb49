/**
 * The machine-readable result (`--json`): everything, with row times as ISO strings and curve
 * times as exact UTC nanoseconds in decimal strings (`ts_ns`, as the scan candidates' `ts_ns`).
 */
import type { BacktestResult } from "../types/backtest.js";

/** i64 UTC ns as decimal strings (exact; a JSON number would lose precision past 2^53). */
function nsStrings(ts: BigInt64Array): string[] {
  const out = new Array<string>(ts.length);
  for (let i = 0; i < ts.length; i++) out[i] = ts[i].toString();
  return out;
}

/**
 * A JSON-safe plain object of `result`: curve times (`BigInt64Array`) become `ts_ns`, decimal
 * strings of UTC nanoseconds. `withEquity`: include the per-symbol equity curves and the
 * universe's curves (`universe.curves`: `ts_ns`, `equity`, `hold`, `drawdown`).
 */
export function toJson(result: BacktestResult, withEquity = true): object {
  const { equity, ...rest } = result;
  const { curves, ...u } = result.universe;
  return {
    ...rest,
    // Same key position as in `rest`: a repeated key keeps its first place.
    universe: {
      ...u,
      curves: withEquity
        ? { ts_ns: nsStrings(curves.ts), equity: Array.from(curves.equity), hold: Array.from(curves.hold), drawdown: Array.from(curves.drawdown) }
        : undefined,
    },
    equity: withEquity
      ? equity.map((e) => ({
          symbol: e.symbol,
          ts_ns: nsStrings(e.ts),
          equity: Array.from(e.equity),
        }))
      : undefined,
  };
}
