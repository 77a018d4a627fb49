/**
 * Focused replay's equity curves, rebuilt per symbol from `focusedBatch`'s compact form:
 * the simulated bars' values (`result.equity`, symbol after symbol, segment after segment)
 * and one flat value per gap (`focus[i].flatEquity`).
 */
import type { EngineFocusedResult } from "../../engine/backtest.js";

/**
 * A function giving symbol i's whole equity curve (currency after each bar's close,
 * `Float64Array`, len `rows[i]`): `flatEquity[j]` on the bars before segment j, the
 * segment's simulated values, `flatEquity[segments]` after the last segment.
 * `rows[i]`: bars of symbol i in the batch.
 *
 * @throws Error when the compact values do not add up to the segments (an engine bug).
 */
export function focusedEquity(res: EngineFocusedResult, rows: number[]): (i: number) => Float64Array {
  const first: number[] = [];
  let at = 0;
  for (const f of res.focus) {
    first.push(at);
    at += f.barsSimulated;
  }
  if (at !== res.result.equity.length) {
    throw new Error(`focusedBatch: ${res.result.equity.length} simulated equity values for ${at} simulated bars`);
  }
  return (i) => {
    const f = res.focus[i];
    const out = new Float64Array(rows[i]);
    let bar = 0;
    let used = first[i];
    for (let j = 0; j < f.segments; j++) {
      const [s, e] = [f.segmentStarts[j], f.segmentEnds[j]];
      out.fill(f.flatEquity[j], bar, s);
      out.set(res.result.equity.subarray(used, used + e - s), s);
      used += e - s;
      bar = e;
    }
    out.fill(f.flatEquity[f.segments], bar);
    return out;
  };
}
