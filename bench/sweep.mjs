#!/usr/bin/env node
/**
 * Sweep benchmark (`npm run bench:sweep`; needs `npm run build`). Results with machine info go
 * to bench/results/sweep.json.
 *
 * 1,000 combinations of an SMA cross (fast 5..104 step 1 x slow in 10 values; no fast<slow
 * constraint, so exactly 1,000) over the 505-symbol S&P 500 set, loaded with the project's own
 * loader (dist/), run through `SweepJob`. Each measurement runs in its own child process, so
 * its peak RSS is the sweep's alone: threads = 1 and threads = 2 for 1,000 combinations
 * (bar-evaluations per second per core and the 1 -> 2 thread scaling), and 100 vs 1,000
 * combinations for peak RSS. Target: >= 100M bar-evaluations/s per core.
 *
 * `node bench/sweep.mjs --child <combos> <threads>` runs one measurement and prints JSON.
 */
import { execFileSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import { cpus, totalmem } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

import { openDataset } from "../dist/index.js";
import { native } from "../dist/engine/native.js";

const here = dirname(fileURLToPath(import.meta.url));
const SP = resolve(here, "..", "..", "shared", "data", "raw", "sp500_5yr");
const SLOW = [20, 30, 40, 50, 60, 80, 100, 120, 150, 200];
const SPEC = {
  name: "sma_cross",
  indicators: { fast: { kind: "sma", period: 10 }, slow: { kind: "sma", period: 30 } },
  entry_long: "crossover(fast, slow)",
  exit_long: "crossunder(fast, slow)",
  entry_short: "crossunder(fast, slow)",
  exit_short: "crossover(fast, slow)",
};
const peakMiB = () => +(process.resourceUsage().maxRSS / 1024).toFixed(1);

/** One measurement in this process: load, sweep, report. */
async function child(combos, threads) {
  const ds = await openDataset(SP, { badRows: "skip" });
  const { batch } = await ds.load();
  const fastTo = 4 + combos / SLOW.length;
  const grid = { params: { "indicators.fast.period": { from: 5, to: fastTo, step: 1 }, "indicators.slow.period": SLOW } };
  const rssBefore = peakMiB();
  const job = new native.SweepJob(batch, JSON.stringify(SPEC), JSON.stringify(grid), { commission: 0.001, threads });
  // Peak RSS of the process is the loader's (polars); the sweep's own working memory is the
  // RSS growth over the run, sampled while the run is off the JS thread.
  const rssStart = process.memoryUsage.rss();
  let rssMax = rssStart;
  const poll = setInterval(() => {
    rssMax = Math.max(rssMax, process.memoryUsage.rss());
  }, 20);
  const t0 = performance.now();
  const r = await job.run();
  const wallMs = performance.now() - t0;
  clearInterval(poll);
  rssMax = Math.max(rssMax, process.memoryUsage.rss());
  const out = {
    combos: job.combos,
    threads,
    symbols: batch.symbols.length,
    bars: batch.close.length,
    bar_evaluations: r.barEvaluations,
    compute_ms: r.computeMs,
    wall_ms: wallMs,
    bar_evals_per_s: r.barEvaluations / (r.computeMs / 1e3),
    bar_evals_per_s_per_core: r.barEvaluations / (r.computeMs / 1e3) / threads,
    indicators_computed: r.indicatorsComputed,
    indicators_requested: r.indicatorsRequested,
    result_rows: r.perSymbol.combo.length,
    result_mib: +((r.perSymbol.metrics.byteLength + r.universe.metrics.byteLength) / 2 ** 20).toFixed(1),
    peak_rss_mib_after_load: rssBefore,
    rss_mib_at_sweep_start: +(rssStart / 2 ** 20).toFixed(1),
    sweep_rss_growth_mib: +((rssMax - rssStart) / 2 ** 20).toFixed(1),
    peak_rss_mib: peakMiB(),
  };
  process.stdout.write(`${JSON.stringify(out)}\n`);
}

function measure(combos, threads) {
  const text = execFileSync(process.execPath, [fileURLToPath(import.meta.url), "--child", String(combos), String(threads)], {
    encoding: "utf8",
    stdio: ["ignore", "pipe", "inherit"],
  });
  return JSON.parse(text.trim().split("\n").at(-1));
}

async function main() {
  const at = process.argv.indexOf("--child");
  if (at >= 0) return child(Number(process.argv[at + 1]), Number(process.argv[at + 2]));
  const machine = { cpu: cpus()[0]?.model, cores: cpus().length, memGiB: +(totalmem() / 2 ** 30).toFixed(1), node: process.version, platform: `${process.platform}-${process.arch}` };
  const t1 = measure(1000, 1);
  console.error(`1000 combos, 1 thread: ${(t1.bar_evals_per_s / 1e6).toFixed(1)}M bar-evals/s (${t1.compute_ms.toFixed(0)} ms), peak RSS ${t1.peak_rss_mib} MiB`);
  const t2 = measure(1000, 2);
  console.error(`1000 combos, 2 threads: ${(t2.bar_evals_per_s / 1e6).toFixed(1)}M bar-evals/s (${(t2.bar_evals_per_s_per_core / 1e6).toFixed(1)}M per core), peak RSS ${t2.peak_rss_mib} MiB`);
  const c100 = measure(100, 2);
  console.error(`100 combos, 2 threads: peak RSS ${c100.peak_rss_mib} MiB (after load ${c100.peak_rss_mib_after_load})`);
  console.error(`RSS growth during the sweep: ${c100.sweep_rss_growth_mib} MiB (100 combos, results ${c100.result_mib} MiB), ${t2.sweep_rss_growth_mib} MiB (1000 combos, results ${t2.result_mib} MiB)`);
  const out = {
    name: "sweep",
    date: new Date().toISOString(),
    machine,
    command: "npm run bench:sweep",
    target: ">= 100M bar-evaluations/s per core (1,000 combos x 505 S&P 500 symbols)",
    threads_1: t1,
    threads_2: t2,
    scaling_1_to_2: +(t2.bar_evals_per_s / t1.bar_evals_per_s).toFixed(2),
    per_core_1_thread_M: +(t1.bar_evals_per_s_per_core / 1e6).toFixed(1),
    per_core_2_threads_M: +(t2.bar_evals_per_s_per_core / 1e6).toFixed(1),
    sweep_rss_growth_mib: { combos_100: c100.sweep_rss_growth_mib, combos_1000: t2.sweep_rss_growth_mib },
    peak_rss_mib: { combos_100: c100.peak_rss_mib, combos_1000: t2.peak_rss_mib, after_load_100: c100.peak_rss_mib_after_load, after_load_1000: t2.peak_rss_mib_after_load, result_mib_1000: t2.result_mib, result_mib_100: c100.result_mib },
  };
  const file = join(here, "results", "sweep.json");
  writeFileSync(file, `${JSON.stringify(out, null, 2)}\n`);
  console.log(`sweep: scaling 1->2 threads ${out.scaling_1_to_2}x; per core ${out.per_core_1_thread_M}M (1 thread), ${out.per_core_2_threads_M}M (2 threads) -> ${file}`);
}

await main();
