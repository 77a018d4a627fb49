#!/usr/bin/env node
/**
 * Focused replay vs full replay, compute only (bars already in memory, both through their
 * N-API entry: `backtestBatch` and `focusedBatch`, 1 thread), as a function of coverage
 * (share of bars simulated). Same synthetic 1-minute input as the replay benchmark; the
 * candidates are spread evenly (with a deterministic jitter) and their number is calibrated
 * until the measured coverage is near each target. Two clocks, same run of this script:
 * benny's wall time per call (fastest sample, and the mean), and the process CPU time per
 * call (user + system, best of 6), which other processes on a shared machine disturb least:
 * the quoted speedup is full / focused in CPU time; the wall-time ratios are kept beside it.
 *
 *   node bench/focused.mjs           10 symbols x 250k bars per call (2.5M bars)
 *   node bench/focused.mjs --quick   4 symbols x 100k bars, fewer samples
 *
 * `backtestBatch` returns the equity curve of every bar (8 bytes a bar); `focusedBatch` only
 * the simulated bars' values plus one flat value per gap, which the TS layer expands per symbol
 * where the full path copies its slice (docs/focused-replay.md, "Speed").
 *
 * Needs `npm run build` first. Writes bench/results/focused[.quick].json.
 */
import { writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

import b from "benny";

import { machine, replayInput, SMA_CROSS, SMA_CROSS_RISK, spreadCandidates } from "./fixtures.mjs";
import { native } from "../dist/engine/native.js";

const quick = process.argv.includes("--quick");
const here = dirname(fileURLToPath(import.meta.url));

const SYMBOLS = quick ? 4 : 10;
const BARS = quick ? 100_000 : 250_000;
const HALF_WIDTH = 20;
const TARGETS = [0.01, 0.05, 0.1, 0.25, 0.5];
const input = replayInput(SYMBOLS, BARS, 7);
const config = { cash: 100_000, commission: 0.001, slippage: 0.0002, threads: 1 };

/** `k` candidates per symbol, evenly spread with a deterministic jitter inside each slot. */
const candidates = (k) => spreadCandidates(SYMBOLS, BARS, k, HALF_WIDTH);

/** Coverage (bars simulated / bars) of a focused run with `k` candidates per symbol. */
async function coverage(spec, k) {
  const r = await native.focusedBatch(input, spec, config, candidates(k));
  return r.focus.reduce((a, f) => a + f.barsSimulated, 0) / (SYMBOLS * BARS);
}

/** Candidates per symbol giving a coverage near `target` (secant steps on k). */
async function calibrate(spec, target) {
  let k = Math.max(1, Math.round((target * BARS) / 200));
  let c = await coverage(spec, k);
  for (let step = 0; step < 6 && Math.abs(c - target) > 0.1 * target; step++) {
    k = Math.max(1, Math.round(k * (target / Math.max(c, 1e-9)) ** (c > target ? 1.3 : 1)));
    c = await coverage(spec, k);
  }
  return { k, coverage: c };
}

/** Best of 6 process CPU times (user + system, ms) of `call`. */
async function cpuMs(call) {
  let best = Infinity;
  for (let i = 0; i < 6; i++) {
    const before = process.cpuUsage();
    await call();
    const d = process.cpuUsage(before);
    best = Math.min(best, (d.user + d.system) / 1e3);
  }
  return best;
}

const results = [];
for (const [name, spec] of [["sma_cross", SMA_CROSS], ["sma_cross_risk", SMA_CROSS_RISK]]) {
  const points = [];
  for (const target of TARGETS) points.push({ target, ...(await calibrate(spec, target)) });
  // The focused result must be the plain path's: check once per point before timing.
  for (const p of points) {
    const v = (await native.focusedBatch(input, spec, config, candidates(p.k), true)).verify;
    if (!v.identical) throw new Error(`${name} at ${p.target}: focused differs from the plain path: ${v.mismatch}`);
  }
  const summary = await b.suite(
    `focused vs full replay: ${name}, ${(SYMBOLS * BARS).toLocaleString("en-US")} bars, window ${HALF_WIDTH}, 1 thread`,
    b.add("full", async () => { await native.backtestBatch(input, spec, config); }),
    ...points.map((p) => {
      const c = candidates(p.k);
      return b.add(`focused ${(p.coverage * 100).toFixed(1)}%`, async () => { await native.focusedBatch(input, spec, config, c); });
    }),
    b.cycle(),
    b.configure({ minSamples: quick ? 3 : 8, maxTime: quick ? 1 : 3 }),
  );
  // benny rounds `ops`; use the sample times (seconds per run) instead.
  const min = (i) => summary.results[i].details.min;
  const mean = (i) => summary.results[i].details.mean;
  const fullCpu = await cpuMs(() => native.backtestBatch(input, spec, config));
  const focusedCpu = [];
  for (const p of points) {
    const c = candidates(p.k);
    focusedCpu.push(await cpuMs(() => native.focusedBatch(input, spec, config, c)));
  }
  results.push({
    strategy: name,
    full_cpu_ms: fullCpu,
    full_wall_ms: min(0) * 1e3,
    full_wall_mean_ms: mean(0) * 1e3,
    points: points.map((p, i) => ({
      target_coverage: p.target,
      coverage: p.coverage,
      candidates_per_symbol: p.k,
      focused_cpu_ms: focusedCpu[i],
      speedup: fullCpu / focusedCpu[i],
      focused_wall_ms: min(i + 1) * 1e3,
      focused_wall_mean_ms: mean(i + 1) * 1e3,
      speedup_wall: min(0) / min(i + 1),
      speedup_wall_of_means: mean(0) / mean(i + 1),
      margin_pct: summary.results[i + 1].margin,
    })),
  });
}

const out = { name: "focused", date: new Date().toISOString(), quick, machine, symbols: SYMBOLS, bars_per_symbol: BARS, half_width: HALF_WIDTH, threads: 1, results };
const file = join(here, "results", quick ? "focused.quick.json" : "focused.json");
writeFileSync(file, `${JSON.stringify(out, null, 2)}\n`);
for (const r of results) {
  console.log(`\n${r.strategy}: full ${r.full_cpu_ms.toFixed(1)} ms CPU (${r.full_wall_ms.toFixed(1)} ms wall)`);
  for (const p of r.points) {
    console.log(
      `  coverage ${(p.coverage * 100).toFixed(1)}%: focused ${p.focused_cpu_ms.toFixed(1)} ms CPU, speedup ${p.speedup.toFixed(1)}x ` +
        `(wall: fastest ${p.speedup_wall.toFixed(1)}x, means ${p.speedup_wall_of_means.toFixed(1)}x)`,
    );
  }
}
console.log(`-> ${file}`);
