#!/usr/bin/env node
/**
 * Scan benchmarks (`npm run bench:scan`; needs `npm run build`). Results with machine info go to
 * bench/results/scan.json (`--quick`: scan.quick.json, smaller universe, fewer runs).
 *
 * 1. S&P 500 daily (505 symbols, raw CSV folder, real metadata, examples/screens/sp500_daily.json):
 *    `runScan` stage timings (median of runs), for the last bar and for a one-year window; plus the engine
 *    call alone (benny): `scanBatch` over the loaded one-year window of all 505 symbols.
 *    Target: compute (bar rules + features + score) under 250 ms.
 * 2. A generated universe (`barstream generate`: 10,000 symbols x 300 daily bars, one long CSV), scanned
 *    in its own process (peak RSS is the scan's): target under 3 s on 2 cores.
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { cpus, tmpdir, totalmem } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

import b from "benny";

import { generateBars, openDataset, runScan, toCsv } from "../dist/index.js";
import { native } from "../dist/engine/native.js";

const quick = process.argv.includes("--quick");
const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, "..");
const RAW = resolve(root, "..", "shared", "data", "raw");
const machine = { cpu: cpus()[0]?.model, cores: cpus().length, memGiB: +(totalmem() / 2 ** 30).toFixed(1), node: process.version, platform: `${process.platform}-${process.arch}` };
const SP = join(RAW, "sp500_5yr");
const META = join(RAW, "sp500_meta", "constituents-financials_2018-02-08.csv");
const SCREEN = join(root, "examples", "screens", "sp500_daily.json");
const RUNS = quick ? 2 : 5;

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const stages = ["prescreen", "load", "features", "score", "write", "compute", "total"];

async function stageRuns(label, opts) {
  const runs = [];
  for (let i = 0; i < RUNS; i++) runs.push(await runScan({ ...opts, progress: false }));
  const last = runs.at(-1);
  const timing = Object.fromEntries(stages.map((s) => [s, +median(runs.map((r) => r.timing_ms[s])).toFixed(2)]));
  console.log(`${label}: ${last.prescreen.passed}/${last.prescreen.symbols_in} symbols pass, ${last.candidates.length} candidates; median ms ${JSON.stringify(timing)}`);
  return { runs: RUNS, passed: last.prescreen.passed, candidates: last.candidates.length, rows: last.rows, median_ms: timing };
}

const dir = mkdtempSync(join(tmpdir(), "barstream-scan-bench-"));
try {
  const sp = { data: SP, screen: SCREEN, meta: META, badRows: "skip", out: join(dir, "sp500.jsonl") };
  const spLast = await stageRuns("sp500 last bar", sp);
  const spYear = await stageRuns("sp500 2017", { ...sp, start: "2017-01-01", end: "2017-12-31" });

  // The engine call alone, on what the one-year scan computes (all 505 symbols, 250 warm-up bars + 2017).
  const ds = await openDataset(SP, { badRows: "skip", start: "2016-01-01", end: "2017-12-31" });
  const { batch } = await ds.load();
  const emitFrom = BigInt64Array.from(batch.symbols, () => BigInt(Date.parse("2017-01-01T00:00:00Z")) * 1_000_000n);
  const spec = await import("node:fs").then((fs) => fs.readFileSync(SCREEN, "utf8"));
  const probe = await native.scanBatch(batch, spec, emitFrom);
  const engine = await b.suite(
    `scanBatch: ${batch.symbols.length} symbols, ${batch.ts.length} bars`,
    b.add("scanBatch (2 threads)", async () => { await native.scanBatch(batch, spec, emitFrom); }),
    b.add("scanBatch (1 thread)", async () => { await native.scanBatch(batch, spec, emitFrom, 1); }),
    b.cycle(),
    b.configure({ minSamples: quick ? 3 : 20, maxTime: quick ? 1 : 3 }),
  );
  const mean = Object.fromEntries(engine.results.map((r) => [r.name, +(r.details.mean * 1000).toFixed(2)]));

  // Generated universe, scanned in its own process.
  const symbols = quick ? 2_000 : 10_000;
  const bars = 300;
  const csv = join(dir, "universe.csv");
  writeFileSync(csv, toCsv(generateBars({ symbols, bars, seed: 11, start: "2020-01-01" })));
  const screen = join(dir, "generated.json");
  // The S&P screen without its metadata rules (the generator makes no metadata).
  const s = JSON.parse(await import("node:fs").then((fs) => fs.readFileSync(SCREEN, "utf8")));
  s.name = "generated_daily";
  s.prescreen = { min_price: 10, min_avg_dollar_volume: 1e7, max_volatility: 0.04, dollar_volume_days: 20, volatility_days: 20 };
  writeFileSync(screen, JSON.stringify(s));
  const gen = [];
  for (let i = 0; i < (quick ? 1 : 3); i++) {
    const line = execFileSync("node", [join(here, "scan_child.mjs"), JSON.stringify({ data: csv, screen, batchSize: 256, out: join(dir, "generated.jsonl") })], { encoding: "utf8" });
    gen.push(JSON.parse(line));
  }
  const g = gen.at(-1);
  const genMs = Object.fromEntries(stages.map((k) => [k, +median(gen.map((r) => r.timing_ms[k])).toFixed(2)]));
  console.log(`generated ${symbols} x ${bars}: ${g.passed} pass, ${g.candidates} candidates; median ms ${JSON.stringify(genMs)}; peak RSS ${Math.max(...gen.map((r) => r.peak_rss_mib))} MiB`);

  const result = {
    name: "scan",
    date: new Date().toISOString(),
    quick,
    machine,
    command: quick ? "npm run bench:scan -- --quick" : "npm run bench:scan",
    sp500_last_bar: spLast,
    sp500_2017: spYear,
    sp500_engine_call_mean_ms: { ...mean, bars: batch.ts.length, symbols: batch.symbols.length, candidates: probe.bar.length },
    generated: { symbols, bars, rows: symbols * bars, runs: gen.length, median_ms: genMs, rows_read: g.rows, candidates: g.candidates, passed: g.passed, peak_rss_mib: Math.max(...gen.map((r) => r.peak_rss_mib)) },
    targets: {
      sp500_compute_under_250ms: Math.max(spLast.median_ms.compute, spYear.median_ms.compute) < 250,
      generated_compute_under_3s: genMs.compute < 3000,
      generated_total_under_3s: genMs.total < 3000,
    },
  };
  const file = join(here, "results", quick ? "scan.quick.json" : "scan.json");
  writeFileSync(file, `${JSON.stringify(result, null, 2)}\n`);
  console.log(`-> ${file}`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
