/** The machine-readable result (`--json`): everything, with times as ISO strings / epoch ms. */
import type { BacktestResult } from "../types/backtest.js";

/** A JSON-safe plain object of `result` (BigInt timestamps become epoch milliseconds). */
export function toJson(result: BacktestResult, withEquity = true): object {
  const { equity, ...rest } = result;
  return {
    ...rest,
    equity: withEquity
      ? equity.map((e) => ({
          symbol: e.symbol,
          ts_ms: Array.from(e.ts, (t) => Number(t / 1_000_000n)),
          equity: Array.from(e.equity),
        }))
      : undefined,
  };
}
