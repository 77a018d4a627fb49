/** Real bars for the live tests, read through the data loader (the same bars `backtest` uses). */
import { resolve } from "node:path";

import { openDataset } from "../../src/data/index.js";
import type { BarMessage } from "../../src/live/wire/index.js";
import { RAW } from "../helpers.js";

export const GOOG = resolve(RAW, "backtesting_py/GOOG.csv");
export const CRYPTO = resolve(RAW, "crypto_1m_binance");

/** Every bar of a dataset as wire messages (seq per symbol from 1, publisher id `pub`), in time order over symbols. */
export async function barMessages(path: string, pub = 7, symbols?: string[]): Promise<BarMessage[]> {
  const ds = await openDataset(path, { symbols });
  const { batch } = await ds.load();
  const out: BarMessage[] = [];
  for (let s = 0; s < batch.symbols.length; s++) {
    for (let r = batch.offsets[s], seq = 1; r < batch.offsets[s + 1]; r++, seq++) {
      out.push({
        type: "bar", pub, seq, symbol: batch.symbols[s], ts: batch.ts[r],
        open: batch.open[r], high: batch.high[r], low: batch.low[r], close: batch.close[r], volume: batch.volume[r],
      });
    }
  }
  return out.sort((a, b) => (a.ts < b.ts ? -1 : a.ts > b.ts ? 1 : a.symbol < b.symbol ? -1 : a.symbol > b.symbol ? 1 : 0));
}
