#!/usr/bin/env node
/**
 * Benchmarks of the replay hot path through the N-API entry (benny), plus the S&P 500
 * universe run by stage. Results go to bench/results/<name>.json with machine info.
 *
 *   node bench/run.mjs           full run (10M bars replay; S&P 500 from Parquet)
 *   node bench/run.mjs --quick   CI smoke: 1M bars, fewer samples, no S&P stage run
 *
 * Needs `npm run build` first (dist/ and the native addon).
 */
import { writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

import b from "benny";

import { machine, replayInput, SMA_CROSS, SMA_CROSS_RISK } from "./fixtures.mjs";
import { native } from "../dist/engine/native.js";

const quick = process.argv.includes("--quick");
const here = dirname(fileURLToPath(import.meta.url));

const SYMBOLS = quick ? 4 : 10;
const BARS = quick ? 250_000 : 1_000_000;
const input = replayInput(SYMBOLS, BARS, 7);
const n = SYMBOLS * BARS;
const config = { cash: 100_000, commission: 0.001, slippage: 0.0002, threads: 1 };
const run = (spec) => native.backtestBatch(input, spec, config);

// Warm up and sanity-check that the risk exits actually fire.
const probe = await run(SMA_CROSS_RISK);
const reasons = {};
probe.trades.exitReason.forEach((c) => (reasons[probe.exitReasons[c]] = (reasons[probe.exitReasons[c]] ?? 0) + 1));

const summary = await b.suite(
  `replay: SMA cross, ${n.toLocaleString("en-US")} bars, 1 thread, through backtestBatch`,
  b.add("sma_cross + 5 risk exits", async () => { await run(SMA_CROSS_RISK); }),
  b.add("sma_cross, no risk exits", async () => { await run(SMA_CROSS); }),
  b.cycle(),
  b.configure({ minSamples: quick ? 3 : 10, maxTime: quick ? 1 : 4 }),
);

const byName = Object.fromEntries(summary.results.map((r) => [r.name, r]));
const withRisk = byName["sma_cross + 5 risk exits"];
const without = byName["sma_cross, no risk exits"];
// benny rounds `ops`; use the mean sample time (seconds per run) instead.
const barsPerSec = (r) => n / r.details.mean;
const result = {
  name: "replay",
  date: new Date().toISOString(),
  quick,
  machine,
  bars: n,
  symbols: SYMBOLS,
  exit_reasons_in_probe: reasons,
  bars_per_sec_with_risk: barsPerSec(withRisk),
  bars_per_sec_without_risk: barsPerSec(without),
  risk_exit_overhead: withRisk.details.mean / without.details.mean - 1,
  margins_pct: { with_risk: withRisk.margin, without: without.margin },
};
const file = join(here, "results", quick ? "replay.quick.json" : "replay.json");
writeFileSync(file, `${JSON.stringify(result, null, 2)}\n`);
console.log(
  `\nreplay: ${(result.bars_per_sec_with_risk / 1e6).toFixed(1)}M bars/s with 5 risk exits, ` +
    `${(result.bars_per_sec_without_risk / 1e6).toFixed(1)}M bars/s without; ` +
    `risk-exit overhead ${(result.risk_exit_overhead * 100).toFixed(1)}% -> ${file}`,
);

if (!quick) {
  const { sp500Stages } = await import("./sp500.mjs");
  await sp500Stages(machine);
}
