/**
 * `runSweep`: a parameter sweep of one strategy over a dataset. Every symbol goes to the engine
 * in one job (a combination's universe statistics need every symbol's curve), the engine runs
 * the combinations off the JS thread in ranges that fit the memory budget, and only the best
 * `keep` rows per ranking are kept here (src/sweep/collect.ts) and ranked. With `walkForward`, the
 * grid runs in-sample per fold and the in-sample best runs out-of-sample (src/sweep/walkforward.ts).
 */
import { readFile } from "node:fs/promises";
import { performance } from "node:perf_hooks";

import { engineConfig } from "../backtest/options.js";
import { type BarBatch, openDataset } from "../data/index.js";
import { info } from "../util/log.js";
import { UsageError } from "../util/check.js";
import { progress } from "../util/progress.js";
import { type EngineSweepJob, type GridExpansion, type SweepEngineConfig, sweepEngine } from "../engine/sweep.js";
import { type CollectedSweep, collectRanges } from "./collect.js";
import { HeatmapBuilder } from "./heatmap.js";
import { AllResultsWriter } from "./stream.js";
import { resolveSweepOptions } from "./options.js";
import { checkSweepMetrics } from "./metrics.js";
import { rankRows } from "./rank.js";
import { runWalkForward, timeline, walkForwardFolds } from "./walkforward.js";
import type { MetricRows, SweepEngineFigures, SweepOptions, SweepResult, WalkForwardReport } from "../types/sweep.js";
import { loadStrategy } from "../backtest/pipeline.js";

async function readGrid(file: string): Promise<string> {
  try {
    return await readFile(file, "utf8");
  } catch (err) {
    throw new Error(`grid file ${file}: cannot read (${(err as NodeJS.ErrnoException).code ?? err})`);
  }
}

const EMPTY_ROWS = (names: string[], perSymbol: boolean): MetricRows => ({
  combo: new Int32Array(0),
  symbolIndex: perSymbol ? new Int32Array(0) : undefined,
  metrics: new Float64Array(0),
  names,
});

/**
 * Runs a parameter sweep (see docs/sweep.md).
 *
 * @throws Error for bad options (unknown metric: lists the valid ones), an unreadable or invalid
 *   strategy or grid (grid errors carry the JSON path, an invalid combination its parameters),
 *   a heatmap parameter not in the grid, a selection above `maxBars` bars, or too
 *   little data for the walk-forward folds; DataError for bad rows unless `badRows: "skip"`.
 */
export async function runSweep(opts: SweepOptions): Promise<SweepResult> {
  const t0 = performance.now();
  const o = resolveSweepOptions(opts);
  const engine = sweepEngine();
  const strategy = await loadStrategy(o.strategy);
  const gridJson = await readGrid(o.grid);
  let grid: GridExpansion;
  try {
    grid = engine.expandGrid(strategy.text, gridJson);
  } catch (err) {
    throw new Error(`grid file ${o.grid}: ${(err as Error).message}`);
  }
  const heat = o.heatmap ?? (grid.paths.length >= 2 ? [grid.paths[0], grid.paths[1]] as [string, string] : undefined);
  for (const p of heat ?? []) {
    if (!grid.paths.includes(p)) throw new UsageError(`--heatmap: ${JSON.stringify(p)} is not a grid parameter; grid parameters: ${grid.paths.join(", ")}`);
  }

  let cancelRequested = false;
  let cancelCurrent: (() => void) | undefined;
  opts.onCancellable?.(() => {
    cancelRequested = true;
    cancelCurrent?.();
  });

  const dataset = await openDataset(o.data, { symbols: o.symbols, start: o.start, end: o.end, badRows: o.badRows, timeUnit: o.timeUnit, table: o.table, timeframe: o.timeframe });
  const { batch, report } = await dataset.load();
  if (batch.ts.length > o.maxBars) {
    throw new Error(
      `--data ${o.data}: ${batch.ts.length.toLocaleString("en-US")} bars; a sweep holds every symbol in one engine call ` +
        `(universe statistics need all curves) and is limited to ${o.maxBars.toLocaleString("en-US")} bars: narrow it with --symbols or --start/--end`,
    );
  }
  if (batch.ts.length === 0) throw new Error(`--data ${o.data}: no bars in the selected symbols and dates`);
  const t1 = performance.now();

  const config: SweepEngineConfig = { ...engineConfig(o), memoryBudgetMb: o.memoryBudgetMb };
  const figures: SweepEngineFigures = { indicators_computed: 0, indicators_requested: 0, bar_evaluations: 0, compute_ms: 0, bar_evaluations_per_s: 0 };
  let heatmap: HeatmapBuilder | undefined;
  let stream: AllResultsWriter | undefined;
  const runGrid = async (json: string, window: Partial<Pick<SweepEngineConfig, "evalFromTs" | "evalToTs">>, label: string, extra: Pick<Parameters<typeof collectRanges>[1], "heatmap" | "stream"> = {}) => {
    const job = engine.newJob(batch, strategy.text, json, { ...config, ...window });
    const collect = (j: EngineSweepJob) => collectRanges(j, { symbols: batch.symbols.length, metric: o.metric, direction: o.direction, keep: o.keep, ...extra });
    const res = await runJob(job, batch, label, o.progress, (c) => (cancelCurrent = c), () => cancelRequested, collect);
    checkSweepMetrics(res.metricNames);
    figures.indicators_computed += res.indicatorsComputed;
    figures.indicators_requested += res.indicatorsRequested;
    figures.bar_evaluations += res.barEvaluations;
    figures.compute_ms += res.computeMs;
    return { grid: { paths: job.paths, values: job.values, combos: job.combos, fullGridSize: grid.fullGridSize }, result: res, comboSpec: (c: number) => job.comboSpec(c) };
  };

  let names: string[] = [];
  let universe = EMPTY_ROWS(names, false);
  let perSymbol = EMPTY_ROWS(names, true);
  let finished = { combos: 0, pairs: 0 };
  let complete: boolean;
  let walkForward: WalkForwardReport | undefined;
  let comboSpec: ((combo: number) => string) | undefined;
  if (o.walkForward) {
    const folds = walkForwardFolds(timeline(batch.ts), o.walkForward, o.wfSplits, o.wfOos);
    walkForward = await runWalkForward({
      folds, gridJson, symbols: batch.symbols, metric: o.metric, direction: o.direction, mode: o.walkForward, oos: o.wfOos,
      run: runGrid, cancelled: () => cancelRequested,
    });
    complete = walkForward.complete;
  } else {
    if (heat) {
      try {
        heatmap = new HeatmapBuilder(grid, o.metric, o.direction, heat[0], heat[1]);
      } catch (err) {
        // Too many cells: an error when asked for by --heatmap, no heatmap when it was the default.
        if (o.heatmap) throw err;
        info(`sweep: no heatmap (${(err as Error).message.replace(/^--heatmap [^:]*: /, "")})`);
      }
    }
    if (o.allResults) stream = await AllResultsWriter.open(o.allResults, { paths: grid.paths, values: grid.values, symbols: batch.symbols });
    try {
      const run = await runGrid(gridJson, {}, "sweep", { heatmap, stream });
      await stream?.close();
      const { result } = run;
      comboSpec = run.comboSpec;
      names = result.metricNames;
      universe = { ...result.universe, names };
      perSymbol = { ...result.perSymbol, names };
      finished = result.finished;
      complete = !result.cancelled;
    } catch (err) {
      await stream?.abort();
      throw err;
    }
  }
  figures.bar_evaluations_per_s = figures.compute_ms > 0 ? figures.bar_evaluations / (figures.compute_ms / 1000) : 0;
  const universeRanking = rankRows(universe, o.metric, o.direction);
  const perSymbolRanking = rankRows(perSymbol, o.metric, o.direction);
  const bestCombo = universeRanking.order.length ? universe.combo[universeRanking.order[0]] : undefined;
  const best = bestCombo === undefined || !comboSpec ? undefined : { combo: bestCombo, spec: comboSpec(bestCombo) };

  const { progress: _p, direction, strategy: sfile, grid: gfile, data: dpath, ...settings } = o;
  return {
    complete,
    strategy: { name: strategy.name, file: sfile },
    grid: { file: gfile, paths: grid.paths, combos: grid.combos, full_grid_size: grid.fullGridSize, values: grid.values },
    settings,
    data: { path: dpath, symbols: batch.symbols, bars: batch.ts.length, rows_read: report.rowsRead, skipped: report.skipped, skipped_rows: report.skippedRows, files: report.files.length },
    metric: o.metric,
    direction,
    universe,
    universeRanking,
    perSymbol,
    perSymbolRanking,
    heatmap: heatmap?.heatmap(),
    best,
    walkForward,
    finished,
    allResults: stream?.files,
    engine: figures,
    timing_ms: { load: t1 - t0, sweep: performance.now() - t1, total: performance.now() - t0 },
  };
}

/**
 * Runs one engine job through `work` with a progress bar fed by polling `job.progress()`
 * (combinations done = units / symbols). `register` receives the job's cancel; a cancel
 * requested before the job started cancels it at once (its ranges then resolve at once with
 * what is complete, nothing).
 */
async function runJob(
  job: EngineSweepJob,
  batch: BarBatch,
  label: string,
  show: boolean,
  register: (cancel: () => void) => void,
  cancelled: () => boolean,
  work: (job: EngineSweepJob) => Promise<CollectedSweep>,
): Promise<CollectedSweep> {
  const k = Math.max(batch.symbols.length, 1);
  const count = (x: number, what: string) => `${x.toLocaleString("en-US")} ${what}${x === 1 ? "" : "s"}`;
  info(`${label}: ${count(job.combos, "combination")} x ${count(batch.symbols.length, "symbol")} started`, !show);
  const bar = progress(label, job.combos, show, "combos");
  register(() => job.cancel());
  if (cancelled()) job.cancel();
  const timer = setInterval(() => bar.update(job.progress() / k), 200);
  try {
    return await work(job);
  } finally {
    clearInterval(timer);
    bar.stop();
  }
}
