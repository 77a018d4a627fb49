/**
 * Candidates for the focused-replay tests, made by a simple rule over real bars (the scan
 * command writes real ones): a breakout, close above the highest close of the previous
 * `lookback` bars, every `every`-th one per symbol, plus each symbol's first and last bar.
 */
import { writeFileSync } from "node:fs";

import { type BarBatch, openDataset } from "../../src/index.js";

/** One candidates-file line (the scan contract). */
export function line(symbol: string, tsNs: bigint, side: "long" | "short" = "long"): string {
  return JSON.stringify({
    symbol,
    ts: new Date(Number(tsNs / 1_000_000n)).toISOString(),
    ts_ns: tsNs.toString(),
    side,
    score: 1,
    reasons: ["breakout"],
  });
}

/** Breakout candidates of every symbol of `batch` as candidates-file lines. */
export function breakouts(batch: BarBatch, lookback: number, every: number): string[] {
  const out: string[] = [];
  batch.symbols.forEach((sym, i) => {
    const lo = batch.offsets[i];
    const hi = batch.offsets[i + 1];
    if (hi === lo) return;
    out.push(line(sym, batch.ts[lo]), line(sym, batch.ts[hi - 1]));
    let seen = 0;
    for (let t = lo + lookback; t < hi; t++) {
      let max = -Infinity;
      for (let k = t - lookback; k < t; k++) max = Math.max(max, batch.close[k]);
      if (batch.close[t] > max && seen++ % every === 0) out.push(line(sym, batch.ts[t], seen % 2 ? "long" : "short"));
    }
  });
  return out;
}

/** Loads `data` (bad rows skipped), writes its breakout candidates to `file`; returns the batch. */
export async function writeBreakouts(data: string, file: string, lookback: number, every: number): Promise<BarBatch> {
  const { batch } = await (await openDataset(data, { badRows: "skip" })).load();
  writeFileSync(file, `${breakouts(batch, lookback, every).join("\n")}\n`);
  return batch;
}
