#!/usr/bin/env node
/**
 * Performance gates (`npm run bench:gate`; needs `npm run build`). Runs every gate module,
 * compares each value with bench/baselines.json and prints one table row per gate; a
 * regression prints which gate, by how much and against which baseline (file + the commit
 * that last changed it). Exit 0 all pass, 1 any regression or failed check, 2 usage.
 * Gate definitions and tolerances: docs/benchmarks.md.
 *
 *   npm run bench:gate                          every gate, compared with the baselines
 *   npm run bench:gate -- --only risk,callgrind  some gate modules
 *   npm run bench:gate -- --update               rewrite bench/baselines.json (commit it)
 *   npm run bench:gate -- --json                 results as JSON on stdout
 *
 * Timed gates are ratios of two variants measured in this run (CPU time, interleaved
 * rounds, median), never absolute times; instruction counts come from callgrind.
 */
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

import Table from "cli-table3";
import yargs from "yargs";
import { hideBin } from "yargs/helpers";

import { machine } from "../fixtures.mjs";
import { baselineCommit, readBaselines, writeBaselines } from "./lib/baselines.mjs";
import { change, fmt, fmtTolerance, judge } from "./lib/verdict.mjs";

const here = dirname(fileURLToPath(import.meta.url));
const BASELINES = resolve(here, "..", "baselines.json");

/** Gate modules in run order (bench/gate/<name>.mjs). `sweep` joins once SweepJob is merged. */
const GATES = ["callgrind", "risk", "replay", "indicators", "focused", "scan", "live_decode", "sweep"];

const argv = yargs(hideBin(process.argv))
  .scriptName("bench:gate")
  .usage("$0 [--only a,b] [--update] [--json] [--rounds N]\n\nPerformance gates: ratios measured in one run and callgrind instruction counts, compared with bench/baselines.json.")
  .option("only", { type: "string", describe: `comma-separated gate modules (${GATES.join(", ")})` })
  .option("update", { type: "boolean", default: false, describe: "write the measured values as the new baselines (a reviewed commit)" })
  .option("json", { type: "boolean", default: false, describe: "print the results as JSON on stdout" })
  .option("rounds", { type: "number", default: 15, describe: "interleaved timing rounds per gate (median taken)" })
  .example("$0", "run every gate against bench/baselines.json")
  .example("$0 --only risk,callgrind", "only the risk-exit and instruction-count gates")
  .example("$0 --update", "record new baselines after a deliberate change")
  .strict()
  .fail((msg, err) => {
    console.error(err?.message ?? msg);
    process.exit(2);
  })
  .parseSync();

const only = argv.only ? argv.only.split(",").map((s) => s.trim()) : GATES;
const unknown = only.filter((g) => !GATES.includes(g));
if (unknown.length) {
  console.error(`unknown gate module(s): ${unknown.join(", ")}; known: ${GATES.join(", ")}`);
  process.exit(2);
}
if (!(argv.rounds >= 3)) {
  console.error(`--rounds must be at least 3, got ${argv.rounds}`);
  process.exit(2);
}

const log = (msg) => console.error(`[bench:gate] ${msg}`);
const results = [];
const failures = [];
const started = performance.now();
for (const name of only) {
  const t0 = performance.now();
  log(`${name} ...`);
  try {
    const mod = await import(join(here, `${name}.mjs`));
    results.push(...(await mod.run({ rounds: argv.rounds, log })));
  } catch (err) {
    failures.push({ gate: name, reason: err instanceof Error ? err.message : String(err) });
  }
  log(`${name} done in ${((performance.now() - t0) / 1e3).toFixed(1)} s`);
}

const baselines = readBaselines(BASELINES);
if (argv.update && failures.length === 0) {
  writeBaselines(BASELINES, results, machine, baselines.gates);
  log(`wrote ${results.length} baselines to ${BASELINES}; review and commit it`);
}
const current = argv.update && failures.length === 0 ? readBaselines(BASELINES) : baselines;
const judged = results.map((r) => ({ ...r, ...judge(r, current.gates[r.id]) }));
const commit = baselineCommit(BASELINES);

if (argv.json) {
  console.log(JSON.stringify({ machine, baselines: { file: BASELINES, commit }, results: judged, failures }, null, 2));
} else {
  const table = new Table({ style: { head: [], border: [] }, head: ["gate", "value", "baseline", "tolerance", "limit", "spread (min..max)", "verdict"] });
  for (const r of judged) {
    const base = current.gates[r.id]?.value;
    const spread = r.spread ? `${fmt(r, r.spread.min)}..${fmt(r, r.spread.max)} (${r.spread.rounds})` : "deterministic";
    table.push([r.id, fmt(r, r.value), base === undefined ? "-" : `${fmt(r, base)} (${change(r, base)})`, fmtTolerance(r), r.limit === undefined ? "-" : fmt(r, r.limit), spread, r.verdict]);
  }
  for (const f of failures) table.push([f.gate, "-", "-", "-", "-", "-", "CHECK FAILED"]);
  console.log(table.toString());
  console.log(`baselines: ${BASELINES} @ ${commit}; ${((performance.now() - started) / 1e3).toFixed(0)} s`);
}
for (const r of judged.filter((x) => !x.ok)) {
  console.error(`${r.verdict} ${r.id} (${r.title}): ${r.reasons.join("; ")} [baseline: bench/baselines.json @ ${commit}]`);
}
for (const f of failures) console.error(`CHECK FAILED ${f.gate}: ${f.reason}`);
process.exit(failures.length || judged.some((r) => !r.ok) ? 1 : 0);
