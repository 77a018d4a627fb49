#!/usr/bin/env node
/**
 * Peers, side by side (issue 5): the same SMA-cross sweep with vectorbt, backtesting.py and
 * barstream on the same bars, agreement checked where the semantics match, time ratios from
 * this one run. Writes bench/results/peers.json (or peers.quick.json) and prints a table.
 *
 *   npm run bench:peers                  # full: 505 S&P 500 symbols, bench/peers/grid.json (periods 10..200 step 10: 190 combos)
 *   node bench/peers/run.mjs --quick     # 50 symbols, the first 10 periods (10..100: 45 combos)
 *   node bench/peers/run.mjs --symbols 100 --windows 5,10,20,50,100,200
 *
 * Needs `npm run build` (dist/ + native addon) and python3.11 (setup.sh makes the venv).
 * Details and the semantics matched: docs/peers.md.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { loadavg } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";

import Table from "cli-table3";

import { machine } from "../fixtures.mjs";
import { compareCells, compareData } from "./agree.mjs";
import { hasSweepJob, loadBars, plainPerCombo, sweepJob } from "./barstream_side.mjs";
import { runPeer, setupPeers } from "./python.mjs";

const here = dirname(fileURLToPath(import.meta.url));
const ROOT = resolve(here, "..", "..");
const RAW = resolve(ROOT, "..", "shared", "data", "raw");

const { values: opt } = parseArgs({
  options: {
    quick: { type: "boolean", default: false },
    symbols: { type: "string" },
    windows: { type: "string" },
  },
});
const range = (a, b, step) => Array.from({ length: Math.floor((b - a) / step) + 1 }, (_, i) => a + i * step);
/** The default periods: bench/peers/grid.json (the file `barstream sweep --grid` takes), fast = slow list. */
function gridWindows() {
  const { params } = JSON.parse(readFileSync(join(here, "grid.json"), "utf8"));
  const [f, sl] = [params["indicators.fast.period"], params["indicators.slow.period"]];
  if (JSON.stringify(f) !== JSON.stringify(sl)) throw new Error("bench/peers/grid.json: fast and slow periods must be the same list");
  return range(f.from, f.to, f.step);
}
const windows = opt.windows ? opt.windows.split(",").map(Number) : opt.quick ? gridWindows().slice(0, 10) : gridWindows();
const nSymbols = opt.symbols ? Number(opt.symbols) : opt.quick ? 50 : 0;
const log = (msg) => process.stderr.write(`${msg}\n`);

/** Long-only SMA cross, all equity, fractional units: vectorbt's from_signals(size=np.inf). */
const LONG_ONLY = JSON.parse(readFileSync(join(here, "sma_cross_long_only.json"), "utf8"));
const VBT_CONFIG = { cash: 10_000, commission: 0, fill: "same_close" };
/** backtesting.py's README SmaCross: long + short, its default sizing (tests/golden/backtesting_py). */
const BT_SPEC = JSON.parse(readFileSync(join(ROOT, "examples", "strategies", "sma_cross.json"), "utf8"));
const BT_CONFIG = { cash: 10_000, commission: 0.002, fill: "next_open" };
const TOL = 1e-9;
/** Reasons a vectorbt cell can differ (docs/peers.md "Why cells differ"). */
const WHY = {
  tie: "tie: vectorbt's crossed_above/below fires on below -> equal -> above; strict crossover agrees",
  exact: "exact tie: SMA(fast) == SMA(slow) on some bar in exact (integer) arithmetic; float rounding decides the next bar's cross",
  near: "near tie: fast and slow SMA within 1e-9 relative on some bar (no exact tie); SMA rounding decides the cross",
  none: "not explained",
};

/**
 * barstream on `bars` for `combos`: plain per-combo runs (reference, 2 threads) and, when
 * built, the SweepJob at 1 and 2 threads. Returns { plain, sweep1, sweep2, sweepVsPlain }.
 */
async function barstreamRuns(batch, spec, config, combos) {
  await native_warmup(batch, spec, config);
  const plain = await plainPerCombo(batch, spec, combos, { ...config, threads: 2 });
  if (!hasSweepJob()) return { plain };
  const sweep1 = await sweepJob(batch, spec, windows, combos, { ...config, threads: 1 });
  const sweep2 = await sweepJob(batch, spec, windows, combos, { ...config, threads: 2 });
  const sweepVsPlain = compareCells({
    combos, symbols: batch.symbols, peerRet: plain.totalReturn, peerTrades: plain.nTrades,
    ourRet: sweep2.totalReturn, ourTrades: sweep2.nTrades, tol: 0,
  });
  return { plain, sweep1, sweep2, sweepVsPlain };
}

/** One untimed small call so the first timed one does not pay page-in. */
async function native_warmup(batch, spec, config) {
  await plainPerCombo(batch, spec, [[windows[0], windows[1]]], { ...config, threads: 2 });
}

/** No colours: the table goes to files and READMEs as it is. */
const PLAIN = { head: [], border: [] };
const fmtS = (ms) => (ms >= 1000 ? `${(ms / 1000).toFixed(2)} s` : `${ms.toFixed(1)} ms`);
const rate = (evals, ms) => {
  const r = (evals / ms) * 1000;
  return r >= 1e6 ? `${(r / 1e6).toFixed(1)}M` : `${(r / 1e3).toFixed(1)}k`;
};

async function main() {
  const loadBefore = loadavg();
  setupPeers();
  const symArgs = nSymbols ? ["--symbols", String(nSymbols)] : [];
  log(`peers: vectorbt sweep (${windows.length} periods)...`);
  const vbt = runPeer("vectorbt_sweep.py", ["--windows", windows.join(","), ...symArgs]);
  log("peers: backtesting.py optimize...");
  const bt = runPeer("backtesting_py_sweep.py", ["--windows", windows.join(","), "--symbol", "GOOG"]);
  const combos = vbt.combos;

  log("peers: barstream on the S&P 500 bars...");
  const sp = await loadBars(join(RAW, "sp500_5yr"), vbt.symbols);
  const spData = compareData(vbt.data, sp.fingerprint);
  const spRuns = await barstreamRuns(sp.batch, LONG_ONLY, VBT_CONFIG, combos);
  const spOurs = spRuns.sweep2 ?? spRuns.plain;
  const strict = vbt.strict_crossover;
  const tieWhy = (c, s) => (strict.exact_ties[c][s] > 0 ? WHY.exact : strict.near_ties[c][s] > 0 ? WHY.near : WHY.none);
  const strictAgrees = (c, s) =>
    strict.trades[c][s] === spOurs.nTrades[c][s] && Math.abs(strict.total_return[c][s] - spOurs.totalReturn[c][s]) <= TOL;
  const vbtAgree = compareCells({
    combos, symbols: vbt.symbols, peerRet: vbt.total_return, peerTrades: vbt.trades,
    ourRet: spOurs.totalReturn, ourTrades: spOurs.nTrades, tol: TOL,
    explain: (c, s) => (strictAgrees(c, s) ? WHY.tie : tieWhy(c, s)),
  });
  const vbtNoTie = compareCells({
    combos, symbols: vbt.symbols, peerRet: vbt.total_return, peerTrades: vbt.trades,
    ourRet: spOurs.totalReturn, ourTrades: spOurs.nTrades, tol: TOL,
    explain: (c, s) => (strict.near_ties[c][s] > 0 ? WHY.near : WHY.none), only: (c, s) => strict.exact_ties[c][s] === 0,
  });
  const vbtStrictAgree = compareCells({
    combos, symbols: vbt.symbols, peerRet: strict.total_return, peerTrades: strict.trades,
    ourRet: spOurs.totalReturn, ourTrades: spOurs.nTrades, tol: TOL,
    explain: tieWhy,
  });

  log("peers: barstream on GOOG...");
  const goog = await loadBars(join(RAW, "backtesting_py", "GOOG.csv"));
  const gRuns = await barstreamRuns(goog.batch, BT_SPEC, BT_CONFIG, bt.combos);
  const col = (m) => m.map((row) => row[0]);
  const btAgree = compareCells({
    combos: bt.combos, symbols: ["GOOG"], peerRet: bt.total_return.map((r) => [r]),
    peerTrades: bt.trades_closed.map((t) => [t]),
    ourRet: col(gRuns.plain.totalReturn).map((r) => [r]), ourTrades: col(gRuns.plain.closedTrades).map((t) => [t]), tol: TOL,
  });

  const spEvals = vbt.bar_evaluations, gEvals = bt.bar_evaluations;
  const rows = [];
  /** One ratio row: wall and CPU time of the peer (s) and of barstream (ms); ratios peer / barstream. */
  const add = (what, peerS, peerCpuS, ours) =>
    rows.push({
      what, peer_s: peerS, barstream_ms: ours.wallMs, ratio: (peerS * 1000) / ours.wallMs,
      peer_cpu_s: peerCpuS, barstream_cpu_ms: ours.cpuMs ?? null, cpu_ratio: ours.cpuMs ? (peerCpuS * 1000) / ours.cpuMs : null,
    });
  const spMain = spRuns.sweep2 ?? spRuns.plain;
  const kind = spRuns.sweep2 ? "sweep" : "plain per-combo";
  if (spRuns.sweep1) add("vectorbt (1 core) / barstream sweep, 1 thread", vbt.compute_s, vbt.compute_cpu_s, spRuns.sweep1);
  add(`vectorbt (1 core) / barstream ${kind}, 2 threads`, vbt.compute_s, vbt.compute_cpu_s, spMain);
  const gMain = gRuns.sweep2 ?? gRuns.plain;
  add(`backtesting.py optimize (2 procs) / barstream ${kind}, 2 threads`, bt.compute_s, bt.compute_cpu_s, gMain);
  const spBest2 = spMain.wallMs, gBest = gMain.wallMs;

  const result = {
    name: "peers",
    date: new Date().toISOString(),
    quick: opt.quick,
    machine,
    peer_machine: vbt.machine,
    // 1-minute load average before and after: on a shared 2-core VM anything above ~2 means
    // other jobs took CPU time during the run and every timing here is slowed by them.
    loadavg_1m: { before: loadBefore[0], after: loadavg()[0] },
    windows,
    combos: combos.length,
    sweep_job: hasSweepJob(),
    vectorbt: {
      versions: vbt.versions, settings: vbt.settings, symbols: vbt.symbols.length, bars: vbt.bars,
      bar_evaluations: spEvals, load_s: vbt.load_s, jit_warmup_s: vbt.jit_warmup_s, compute_s: vbt.compute_s,
      compute_cpu_s: vbt.compute_cpu_s,
    },
    backtesting_py: {
      versions: bt.versions, settings: bt.settings, symbol: bt.symbol, bars: bt.bars, bar_evaluations: gEvals,
      load_s: bt.load_s, compute_s: bt.compute_s, compute_cpu_s: bt.compute_cpu_s, best: bt.best,
    },
    barstream: {
      sp500: {
        load_ms: sp.loadMs, skipped: sp.report.skipped,
        plain_per_combo_ms_2threads: spRuns.plain.wallMs,
        sweep_ms_1thread: spRuns.sweep1?.wallMs ?? null, sweep_ms_2threads: spRuns.sweep2?.wallMs ?? null,
        sweep_cpu_ms_1thread: spRuns.sweep1?.cpuMs ?? null, sweep_cpu_ms_2threads: spRuns.sweep2?.cpuMs ?? null,
        sweep_compute_ms_2threads: spRuns.sweep2?.computeMs ?? null,
        indicators_computed: spRuns.sweep2?.indicatorsComputed ?? null, indicators_requested: spRuns.sweep2?.indicatorsRequested ?? null,
        sweep_vs_plain: spRuns.sweepVsPlain ?? null,
      },
      goog: {
        plain_per_combo_ms_2threads: gRuns.plain.wallMs,
        sweep_ms_1thread: gRuns.sweep1?.wallMs ?? null, sweep_ms_2threads: gRuns.sweep2?.wallMs ?? null,
        sweep_vs_plain: gRuns.sweepVsPlain ?? null,
      },
    },
    agreement: {
      data_sp500: spData,
      vectorbt: { against: spRuns.sweep2 ? "SweepJob (2 threads)" : "plain backtestBatch per combo", ...vbtAgree },
      vectorbt_cells_without_exact_tie: { against: spRuns.sweep2 ? "SweepJob (2 threads)" : "plain backtestBatch per combo", ...vbtNoTie },
      vectorbt_strict_crossover: { against: spRuns.sweep2 ? "SweepJob (2 threads)" : "plain backtestBatch per combo", ...vbtStrictAgree },
      backtesting_py: { against: "plain backtestBatch per combo (closed trades)", ...btAgree },
    },
    ratios: rows,
  };
  const file = join(ROOT, "bench", "results", opt.quick ? "peers.quick.json" : "peers.json");
  writeFileSync(file, `${JSON.stringify(result, null, 1)}\n`);

  const x = (v) => (v === null ? "-" : `${v.toFixed(v >= 100 ? 0 : 1)}x`);
  const t = new Table({ style: PLAIN, head: ["same SMA-cross sweep", "peer wall", "barstream wall", "ratio", "peer CPU", "barstream CPU", "CPU ratio"] });
  for (const r of rows)
    t.push([r.what, `${r.peer_s.toFixed(2)} s`, fmtS(r.barstream_ms), x(r.ratio), `${r.peer_cpu_s.toFixed(2)} s`,
      r.barstream_cpu_ms === null ? "-" : fmtS(r.barstream_cpu_ms), x(r.cpu_ratio)]);
  console.log(`${combos.length} combos (periods ${windows[0]}..${windows.at(-1)}, fast < slow); S&P 500: ${vbt.symbols.length} symbols, ` +
    `${vbt.bars.toLocaleString("en-US")} bars (${spEvals.toLocaleString("en-US")} bar-evaluations); GOOG: ${bt.bars.toLocaleString("en-US")} bars`);
  console.log(t.toString());
  if (spRuns.sweep2)
    console.log(`barstream sweep: ${spRuns.sweep2.indicatorsComputed.toLocaleString("en-US")} distinct SMA series computed for ` +
      `${spRuns.sweep2.indicatorsRequested.toLocaleString("en-US")} requested (each period once per symbol, shared by its combos)`);
  const r2 = new Table({ style: PLAIN, head: ["bar-evaluations / s", "value"] });
  r2.push(["vectorbt (1 core)", rate(spEvals, vbt.compute_s * 1000)]);
  if (spRuns.sweep1) r2.push(["barstream sweep, 1 thread", rate(spEvals, spRuns.sweep1.wallMs)]);
  r2.push([`barstream ${spRuns.sweep2 ? "sweep" : "plain per-combo"}, 2 threads`, rate(spEvals, spBest2)]);
  r2.push(["backtesting.py optimize (2 processes)", rate(gEvals, bt.compute_s * 1000)]);
  r2.push([`barstream on GOOG, 2 threads`, rate(gEvals, gBest)]);
  console.log(r2.toString());
  const a = new Table({ style: PLAIN, head: ["agreement", "cells", "same trades", "agree (|Δ return| <= 1e-9)", "max |Δ return| (same trades)", "data"] });
  a.push(["vectorbt (total return, trades)", vbtAgree.cells, vbtAgree.trades_equal, vbtAgree.agree,
    vbtAgree.max_abs_diff_equal_trades.toExponential(2), `${spData.symbols - spData.mismatches.length}/${spData.symbols} symbols same bars`]);
  a.push(["vectorbt, cells without an exact SMA tie", vbtNoTie.cells, vbtNoTie.trades_equal, vbtNoTie.agree,
    vbtNoTie.max_abs_diff_equal_trades.toExponential(2), "same"]);
  a.push(["vectorbt, strict crossover signals", vbtStrictAgree.cells, vbtStrictAgree.trades_equal, vbtStrictAgree.agree,
    vbtStrictAgree.max_abs_diff_equal_trades.toExponential(2), "same"]);
  a.push(["backtesting.py (Return [%], # Trades)", btAgree.cells, btAgree.trades_equal, btAgree.agree,
    btAgree.max_abs_diff_equal_trades.toExponential(2), "same GOOG.csv"]);
  if (spRuns.sweepVsPlain) a.push(["barstream sweep vs plain backtestBatch (S&P)", spRuns.sweepVsPlain.cells, spRuns.sweepVsPlain.trades_equal,
    spRuns.sweepVsPlain.agree, spRuns.sweepVsPlain.max_abs_diff_equal_trades.toExponential(2), "bit-equal required"]);
  console.log(a.toString());
  for (const [name, ag] of [["vectorbt", vbtAgree], ["vectorbt (no exact tie)", vbtNoTie], ["vectorbt strict", vbtStrictAgree], ["backtesting.py", btAgree]]) {
    for (const [why, n] of Object.entries(ag.why_counts)) console.log(`  ${name}: ${n} cells differ, ${why}`);
    for (const d of ag.disagreements.filter((x) => x.why === WHY.none).slice(0, 5)) console.log(`  ${name} differs, not explained: ${JSON.stringify(d)}`);
  }
  console.log(`load average (1 min) before ${loadBefore[0].toFixed(1)}, after ${loadavg()[0].toFixed(1)} on ${machine.cores} cores -> ${file}`);
}

await main();
