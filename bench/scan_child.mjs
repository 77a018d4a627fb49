#!/usr/bin/env node
/**
 * One scan in its own process (so that peak RSS is the scan's alone). argv[2]: JSON of runScan options.
 * Prints one JSON line: stage timings, row counts, candidate count, peak RSS (MiB).
 */
import { runScan } from "../dist/index.js";

const opts = JSON.parse(process.argv[2]);
const r = await runScan({ ...opts, progress: false });
const out = {
  symbols: r.prescreen.symbols_in,
  passed: r.prescreen.passed,
  candidates: r.candidates.length,
  rows: r.rows,
  timing_ms: r.timing_ms,
  peak_rss_mib: +(process.resourceUsage().maxRSS / 1024).toFixed(1),
};
process.stdout.write(`${JSON.stringify(out)}\n`);
