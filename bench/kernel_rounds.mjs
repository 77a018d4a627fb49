#!/usr/bin/env node
/**
 * Interleaved rounds of the replay bench (10 x 1M generated one-minute bars, 1 thread,
 * through backtestBatch, statistics included) for two builds of the addon and the plain JS
 * reference (SMA 10/30 cross, no risk exits; the reference has no risk exits). Prints the
 * median wall and CPU (user + system) time per variant and the ratios.
 *
 *   node bench/kernel_rounds.mjs [old.node] [rounds]
 *
 * `old.node`: another build of native/*.node to compare with (e.g. main's); omitted, only
 * the current build and the reference run.
 */
import { createRequire } from "node:module";

import { replayInput, SMA_CROSS, SMA_CROSS_RISK } from "./fixtures.mjs";
import { native } from "../dist/engine/native.js";
import { smaCrossReplay } from "./gate/reference/replay.mjs";
import { symbolBars } from "./gate/replay.mjs";

const require = createRequire(import.meta.url);
const old = process.argv[2] ? require(process.argv[2]) : null;
const rounds = Number(process.argv[3] ?? 7);
const SYMBOLS = 10;
const BARS = 1_000_000;
const n = SYMBOLS * BARS;
const input = replayInput(SYMBOLS, BARS, 7);
const config = { cash: 100_000, commission: 0.001, slippage: 0.0002, threads: 1 };

const variants = {
  "new sma_cross": () => native.backtestBatch(input, SMA_CROSS, config),
  "new sma_cross + 5 risk exits": () => native.backtestBatch(input, SMA_CROSS_RISK, config),
  "js reference sma_cross": () => {
    for (let s = 0; s < SYMBOLS; s++) smaCrossReplay(symbolBars(input, s), 10, 30, config);
  },
};
if (old) {
  variants["old sma_cross"] = () => old.backtestBatch(input, SMA_CROSS, config);
  variants["old sma_cross + 5 risk exits"] = () => old.backtestBatch(input, SMA_CROSS_RISK, config);
}
const names = Object.keys(variants);
const wall = Object.fromEntries(names.map((k) => [k, []]));
const cpu = Object.fromEntries(names.map((k) => [k, []]));
for (const k of names) await variants[k](); // warm up
for (let r = 0; r < rounds; r++) {
  const order = names.map((_, i) => names[(i + r) % names.length]);
  for (const k of order) {
    const c0 = process.cpuUsage();
    const t0 = process.hrtime.bigint();
    await variants[k]();
    const t1 = process.hrtime.bigint();
    const c = process.cpuUsage(c0);
    wall[k].push(Number(t1 - t0) / 1e9);
    cpu[k].push((c.user + c.system) / 1e6);
  }
}
const med = (v) => [...v].sort((a, b) => a - b)[Math.floor(v.length / 2)];
const rows = {};
for (const k of names) {
  rows[k] = { wall_s: med(wall[k]), cpu_s: med(cpu[k]), mbars_per_s_wall: n / med(wall[k]) / 1e6, mbars_per_s_cpu: n / med(cpu[k]) / 1e6 };
}
console.table(rows);
const ref = rows["js reference sma_cross"];
for (const k of names.filter((k) => k.endsWith("sma_cross"))) {
  console.log(`${k}: ${(ref.cpu_s / rows[k].cpu_s).toFixed(2)}x the JS reference in CPU time, ${(ref.wall_s / rows[k].wall_s).toFixed(2)}x in wall time`);
}
console.log(`${n} bars, ${rounds} interleaved rounds, medians; load average before: see uptime`);
