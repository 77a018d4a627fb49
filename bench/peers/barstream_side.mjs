/**
 * barstream's side of the peer comparison: load the same bars, run the same SMA-cross grid
 * in-process through dist/ (wall time around the compute call, data load excluded), and hand
 * back per (combo, symbol) `total_return` (fraction), `n_trades` (the `end_of_data` trade
 * included) and, from the plain runs, `closed_trades` (without it).
 *
 * Two ways to run a grid:
 * - `sweepJob`: the N-API `SweepJob` (issue 5's sweep, docs/sweep.md), one call for the grid;
 * - `plainPerCombo`: one `backtestBatch` per combination with the periods substituted into
 *   the spec, the reference the sweep is parity-tested against (docs/sweep-api.md).
 */
import { performance } from "node:perf_hooks";

import { openDataset } from "../../dist/index.js";
import { native } from "../../dist/engine/native.js";

/** `name` indicator periods substituted into a copy of `spec` (an object). */
const withPeriods = (spec, fast, slow) => {
  const s = structuredClone(spec);
  s.indicators.fast.period = fast;
  s.indicators.slow.period = slow;
  return JSON.stringify(s);
};

/**
 * Loads `path` with `--skip-bad-rows` semantics (optionally only `symbols`).
 * Returns `{ batch, report, fingerprint }`; `fingerprint[symbol]` = bars, first/last UTC
 * date (YYYY-MM-DD) and the sum of closes, as bench/peers/peerdata.py computes them;
 * `loadMs`: wall time of open + load.
 */
export async function loadBars(path, symbols) {
  const t0 = performance.now();
  const ds = await openDataset(path, { badRows: "skip" });
  const { batch, report } = await ds.load(symbols ?? ds.symbols);
  const loadMs = performance.now() - t0;
  const fingerprint = {};
  batch.symbols.forEach((s, i) => {
    const a = batch.offsets[i], b = batch.offsets[i + 1];
    let sum = 0;
    for (let r = a; r < b; r++) sum += batch.close[r];
    const day = (r) => new Date(Number(batch.ts[r] / 1_000_000n)).toISOString().slice(0, 10);
    fingerprint[s] = { bars: b - a, first: b > a ? day(a) : null, last: b > a ? day(b - 1) : null, close_sum: sum };
  });
  return { batch, report, fingerprint, loadMs };
}

/** The sweep grid file (docs/sweep-api.md) for every pair fast < slow of `windows`. */
export function gridJson(windows) {
  return JSON.stringify({
    params: { "indicators.fast.period": windows, "indicators.slow.period": windows },
    constraints: ["indicators.fast.period < indicators.slow.period"],
  });
}

/** Empty result matrices, combos x symbols. */
const matrices = (nc, ns) => ({
  totalReturn: Array.from({ length: nc }, () => new Float64Array(ns).fill(NaN)),
  nTrades: Array.from({ length: nc }, () => new Int32Array(ns).fill(-1)),
});

/** True when this build has the N-API sweep (the addon has SweepJob). */
export const hasSweepJob = () => typeof native.SweepJob === "function";

/**
 * Runs the grid with one `SweepJob`. `combos`: [fast, slow] pairs the peer ran, in order; the
 * job's expansion must give the same list (checked). Returns matrices + wall ms + the job's
 * own counters.
 */
export async function sweepJob(batch, spec, windows, combos, config) {
  const job = new native.SweepJob(batch, JSON.stringify(spec), gridJson(windows), config);
  const fi = job.paths.indexOf("indicators.fast.period"), si = job.paths.indexOf("indicators.slow.period");
  const np = job.paths.length;
  if (job.combos !== combos.length) throw new Error(`SweepJob expanded ${job.combos} combos, the peer ran ${combos.length}`);
  combos.forEach(([f, s], c) => {
    if (job.values[c * np + fi] !== f || job.values[c * np + si] !== s)
      throw new Error(`combo ${c}: SweepJob has (${job.values[c * np + fi]}, ${job.values[c * np + si]}), the peer (${f}, ${s})`);
  });
  const c0 = process.cpuUsage(), t0 = performance.now();
  const res = await job.run();
  const wallMs = performance.now() - t0;
  const cpu = process.cpuUsage(c0);
  if (res.cancelled) throw new Error("SweepJob was cancelled");
  const m = matrices(combos.length, batch.symbols.length);
  const nm = res.metricNames.length;
  const ri = res.metricNames.indexOf("total_return"), ti = res.metricNames.indexOf("n_trades");
  if (ri < 0 || ti < 0) throw new Error(`SweepJob metrics lack total_return / n_trades: ${res.metricNames.join(", ")}`);
  const { combo, symbolIndex, metrics } = res.perSymbol;
  for (let r = 0; r < combo.length; r++) {
    m.totalReturn[combo[r]][symbolIndex[r]] = metrics[r * nm + ri];
    m.nTrades[combo[r]][symbolIndex[r]] = metrics[r * nm + ti];
  }
  return {
    ...m,
    wallMs,
    // CPU time of the whole process (all threads) over the run: robust to other jobs on the machine.
    cpuMs: (cpu.user + cpu.system) / 1000,
    computeMs: res.computeMs,
    barEvaluations: res.barEvaluations,
    indicatorsComputed: res.indicatorsComputed,
    indicatorsRequested: res.indicatorsRequested,
  };
}

/**
 * One `backtestBatch` per combination (all symbols in one call each). Also returns
 * `closedTrades` (trades without the `end_of_data` one), which backtesting.py counts.
 */
export async function plainPerCombo(batch, spec, combos, config) {
  const m = matrices(combos.length, batch.symbols.length);
  const closedTrades = Array.from({ length: combos.length }, () => new Int32Array(batch.symbols.length));
  let wallMs = 0;
  for (let c = 0; c < combos.length; c++) {
    const specJson = withPeriods(spec, combos[c][0], combos[c][1]);
    const t0 = performance.now();
    const res = await native.backtestBatch(batch, specJson, config);
    wallMs += performance.now() - t0;
    res.summaries.forEach((s, i) => {
      m.totalReturn[c][i] = s.stats.total_return;
      m.nTrades[c][i] = s.stats.n_trades;
      closedTrades[c][i] = s.stats.n_trades;
    });
    const eod = res.exitReasons.indexOf("end_of_data");
    res.trades.exitReason.forEach((r, k) => {
      if (r === eod) closedTrades[c][res.trades.symbolIndex[k]] -= 1;
    });
  }
  return { ...m, closedTrades, wallMs };
}
