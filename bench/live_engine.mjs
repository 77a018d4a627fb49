#!/usr/bin/env node
/**
 * Live engine throughput through N-API: `LiveEngine.pushBars` over 1M one-minute bars
 * (4 symbols x 250k, interleaved minute by minute as a feed delivers them), for burst
 * sizes 1, 64 and 1024 bars per call, with the SMA 10/30 cross + all five risk exits.
 * Each sample builds a fresh engine and pushes every bar. The figure to compare with is
 * ZeroMQ's ~200k messages/s: the engine must not be the bottleneck.
 *
 *   node bench/live_engine.mjs            (needs `npm run build` first)
 *
 * Writes bench/results/live_engine.json with machine info.
 */
import { cpus, totalmem } from "node:os";
import { writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

import b from "benny";

import { replayInput, SMA_CROSS_RISK } from "./fixtures.mjs";
import { native } from "../dist/engine/native.js";

const here = dirname(fileURLToPath(import.meta.url));
const machine = { cpu: cpus()[0]?.model, cores: cpus().length, memGiB: +(totalmem() / 2 ** 30).toFixed(1), node: process.version, platform: `${process.platform}-${process.arch}` };

const SYMBOLS = 4;
const BARS = 250_000;
const N = SYMBOLS * BARS;
const batch = replayInput(SYMBOLS, BARS, 7);
const config = { cash: 100_000, commission: 0.001, slippage: 0.0002 };

// Feed order: minute by minute, every symbol in each minute.
const feed = { symbol: new Uint32Array(N), ts: new BigInt64Array(N), open: new Float64Array(N), high: new Float64Array(N), low: new Float64Array(N), close: new Float64Array(N), volume: new Float64Array(N) };
for (let k = 0, row = 0; k < BARS; k++) {
  for (let s = 0; s < SYMBOLS; s++, row++) {
    const src = batch.offsets[s] + k;
    feed.symbol[row] = s;
    for (const c of ["ts", "open", "high", "low", "close", "volume"]) feed[c][row] = batch[c][src];
  }
}
/** Bursts of `size` rows as zero-copy views. */
const bursts = (size) => {
  const out = [];
  for (let at = 0; at < N; at += size) {
    const end = Math.min(at + size, N);
    out.push(Object.fromEntries(Object.entries(feed).map(([k, v]) => [k, v.subarray(at, end)])));
  }
  return out;
};
const SIZES = [1, 64, 1024];
const prepared = Object.fromEntries(SIZES.map((s) => [s, bursts(s)]));

function runAll(size) {
  const engine = new native.LiveEngine(SMA_CROSS_RISK, config, batch.symbols);
  let events = 0;
  for (const burst of prepared[size]) events += engine.pushBars(burst).kind.length;
  return { engine, events };
}

// Sanity: the live run equals the batch backtest on the same bars.
const { engine: probe, events } = runAll(1024);
const live = probe.finish();
const want = await native.backtestBatch(batch, SMA_CROSS_RISK, { ...config, threads: 1 });
const same = live.trades.pnl.length === want.trades.pnl.length && live.equity.every((x, i) => Object.is(x, want.equity[i]));
if (!same) throw new Error("live engine result differs from backtestBatch: benchmark aborted");

const summary = await b.suite(
  `LiveEngine.pushBars: ${N.toLocaleString("en-US")} bars (${SYMBOLS} symbols interleaved), SMA cross + 5 risk exits`,
  ...SIZES.map((s) => b.add(`burst ${s}`, () => { runAll(s); })),
  b.add("backtestBatch, same bars, 1 thread", async () => { await native.backtestBatch(batch, SMA_CROSS_RISK, { ...config, threads: 1 }); }),
  b.cycle(),
  b.configure({ minSamples: 3, maxTime: 1 }),
);

const byName = Object.fromEntries(summary.results.map((r) => [r.name, r]));
const perSize = Object.fromEntries(SIZES.map((s) => {
  const r = byName[`burst ${s}`];
  return [s, { bars_per_sec: N / r.details.mean, ns_per_bar: (r.details.mean * 1e9) / N, calls: Math.ceil(N / s), margin_pct: r.margin }];
}));
const batchRun = byName["backtestBatch, same bars, 1 thread"];
const result = {
  name: "live_engine",
  date: new Date().toISOString(),
  machine,
  bars: N,
  symbols: SYMBOLS,
  events_per_run: events,
  trades_per_run: want.trades.pnl.length,
  live_equals_backtest: same,
  push_bars: perSize,
  backtest_batch_bars_per_sec: N / batchRun.details.mean,
  zeromq_reference_msgs_per_sec: 200_000,
};
writeFileSync(join(here, "results", "live_engine.json"), `${JSON.stringify(result, null, 2)}\n`);
for (const s of SIZES) {
  const p = perSize[s];
  console.log(`burst ${String(s).padStart(4)}: ${(p.bars_per_sec / 1e6).toFixed(2)}M bars/s, ${p.ns_per_bar.toFixed(0)} ns/bar (${p.calls.toLocaleString("en-US")} calls)`);
}
console.log(`backtestBatch on the same bars: ${(result.backtest_batch_bars_per_sec / 1e6).toFixed(1)}M bars/s -> bench/results/live_engine.json`);
