/** Benchmark inputs: synthetic GBM bars as a BarBatch (deterministic), the specs, and machine info. */
import { cpus, totalmem } from "node:os";

import { mulberry32 as rng } from "../dist/generate/synthetic.js";

/** The machine a result was measured on (written into every result file). */
export const machine = { cpu: cpus()[0]?.model, cores: cpus().length, memGiB: +(totalmem() / 2 ** 30).toFixed(1), node: process.version, platform: `${process.platform}-${process.arch}` };

/** `symbols` x `bars` one-minute bars as BarBatch columns. */
export function replayInput(symbols, bars, seed) {
  const n = symbols * bars;
  const r = rng(seed);
  const ts = new BigInt64Array(n);
  const open = new Float64Array(n), high = new Float64Array(n), low = new Float64Array(n), close = new Float64Array(n), volume = new Float64Array(n);
  const offsets = new Int32Array(symbols + 1);
  let i = 0;
  for (let s = 0; s < symbols; s++) {
    offsets[s] = i;
    let p = 100;
    for (let k = 0; k < bars; k++, i++) {
      const o = p;
      const c = o * Math.exp(0.0015 * (r() + r() + r() - 1.5));
      const span = 0.001 * r();
      ts[i] = BigInt(1_600_000_000_000 + k * 60_000) * 1_000_000n;
      open[i] = o;
      close[i] = c;
      high[i] = Math.max(o, c) * (1 + span);
      low[i] = Math.min(o, c) * (1 - span);
      volume[i] = 1000;
      p = c;
    }
  }
  offsets[symbols] = n;
  return { symbols: Array.from({ length: symbols }, (_, s) => `S${s}`), offsets, ts, open, high, low, close, volume };
}

const base = {
  indicators: { fast: { kind: "sma", period: 10 }, slow: { kind: "sma", period: 30 } },
  entry_long: "crossover(fast, slow)",
  exit_long: "crossunder(fast, slow)",
  sizing: { mode: "fraction", value: 1.0, whole_units: false },
};

/** SMA 10/30 cross, long only, no risk exits. */
export const SMA_CROSS = JSON.stringify({ name: "sma_cross", ...base });

/** The same with all five risk exits. */
export const SMA_CROSS_RISK = JSON.stringify({
  name: "sma_cross_risk",
  ...base,
  risk: { stop_loss: 0.004, take_profit: 0.008, trailing_stop: 0.003, atr_stop: { period: 14, multiple: 3 }, max_bars: 60 },
});

/**
 * Focused-replay candidates: `k` per symbol of `bars` bars, evenly spread with a
 * deterministic jitter inside each slot; `halfWidth` bars each side. Shared by
 * bench/focused.mjs and the focused gate.
 */
export function spreadCandidates(symbols, bars, k, halfWidth) {
  const out = new Int32Array(symbols * k);
  const offsets = new Int32Array(symbols + 1);
  const slot = bars / k;
  for (let s = 0; s < symbols; s++) {
    offsets[s + 1] = (s + 1) * k;
    for (let i = 0; i < k; i++) out[s * k + i] = Math.min(bars - 1, Math.floor(i * slot + (((i * 7919 + s * 104729) % 1000) / 1000) * slot));
  }
  return { bars: out, offsets, halfWidth };
}
