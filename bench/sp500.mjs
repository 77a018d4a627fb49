/**
 * `barstream backtest` over the 505-symbol S&P 500 set from Parquet: wall time and peak
 * RSS by stage (import is set-up and reported apart; then load, compute, aggregate, report).
 * Also the load of the raw CSV folder with `badRows: "skip"` on its own (`raw_csv_load_ms`;
 * the figure docs/data.md quotes, once a wall-clock bound in tests/data/validation.test.ts).
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { performance } from "node:perf_hooks";
import { fileURLToPath } from "node:url";

import { importDataset, openDataset, renderSummary, runBacktest, toJson } from "../dist/index.js";

const here = dirname(fileURLToPath(import.meta.url));
const RAW = resolve(here, "..", "..", "shared", "data", "raw", "sp500_5yr");
const rssMiB = () => +(process.memoryUsage().rss / 2 ** 20).toFixed(1);
const peakMiB = () => +(process.resourceUsage().maxRSS / 1024).toFixed(1);

/** Runs the stages and writes bench/results/sp500.json. */
export async function sp500Stages(machine) {
  const dir = mkdtempSync(join(tmpdir(), "barstream-sp500-"));
  try {
    // First, so it is the process's first load (as in a CLI run); only the counts are kept.
    const tl = performance.now();
    const rawRows = (await (await openDataset(RAW, { badRows: "skip" })).load()).report.rowsKept;
    const rawLoadMs = performance.now() - tl;
    const t0 = performance.now();
    const imp = await importDataset(RAW, join(dir, "sp500"), { badRows: "skip" });
    const importMs = performance.now() - t0;
    const before = peakMiB();
    const t1 = performance.now();
    const result = await runBacktest({
      data: join(dir, "sp500"),
      strategy: resolve(here, "..", "examples", "strategies", "sma_cross_risk.json"),
      commission: 0.001,
      batchSize: 128,
      progress: false,
    });
    const runMs = performance.now() - t1;
    const peakAfterRun = peakMiB();
    const t2 = performance.now();
    renderSummary(result);
    JSON.stringify(toJson(result, false));
    const reportMs = performance.now() - t2;
    const out = {
      name: "sp500_backtest",
      date: new Date().toISOString(),
      machine,
      symbols: result.data.symbols,
      bars: result.data.rows_kept,
      trades: result.trades.length,
      raw_csv_load_ms: rawLoadMs,
      raw_csv_rows_kept: rawRows,
      import_ms: importMs,
      import_rows_skipped: imp.skipped,
      stages_ms: { ...result.timing_ms, report: reportMs, total_run: runMs },
      compute_plus_report_ms: result.timing_ms.compute + result.timing_ms.aggregate + reportMs,
      peak_rss_mib: { before_run: before, after_run: peakAfterRun, at_end: peakMiB(), rss_now: rssMiB() },
    };
    const file = join(here, "results", "sp500.json");
    writeFileSync(file, `${JSON.stringify(out, null, 2)}\n`);
    console.log(
      `sp500: raw CSV load ${rawLoadMs.toFixed(0)} ms; ${out.symbols} symbols, ${out.bars} bars: load ${out.stages_ms.load.toFixed(0)} ms, compute ${out.stages_ms.compute.toFixed(0)} ms, ` +
        `aggregate ${out.stages_ms.aggregate.toFixed(0)} ms, report ${reportMs.toFixed(0)} ms; compute+report ${out.compute_plus_report_ms.toFixed(0)} ms; ` +
        `peak RSS ${out.peak_rss_mib.at_end} MiB -> ${file}`,
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
