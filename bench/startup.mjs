#!/usr/bin/env node
/**
 * Start-up benchmark (`npm run bench:startup`; needs `npm run build`). Whole processes, as a
 * person runs them: each case is a child process, the cases run in interleaved rounds (every
 * round runs every case once, in a rotated order), and the medians of wall time and of the
 * child's CPU time (user + sys) are reported. `node -e 0` runs in the same rounds: the floor
 * that no CLI on this Node can go below. Results with machine info and the load average go to
 * bench/results/startup.json.
 *
 * Cases: `node -e 0`, a module importing yargs and yargs/helpers only (what the parser alone
 * costs), `barstream --help`, `barstream backtest --help`, the GOOG backtest of README
 * (2,148 daily bars, terminal output) and the same with `--json`.
 *
 * Flags: `--rounds N` (default 9, at least 7 recommended), `--compare DIR` (also run DIR's
 * bin/barstream.js in the same rounds, e.g. a build of an older commit; its rows are labelled
 * with `--compare-label`, default "compare"), `--out FILE` (default bench/results/startup.json;
 * `--no-write` prints only).
 *
 * Timing: each child runs under `bash -c` which reads $EPOCHREALTIME just before and after the
 * command (wall, without bash's own start) and prints `times` (the children's user and sys CPU
 * from getrusage). stdout and stderr go to /dev/null (not a TTY: no progress bar, no colours).
 */
import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import { cpus, loadavg, totalmem } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, "..");
const argv = process.argv.slice(2);
const flag = (name, dflt) => {
  const i = argv.indexOf(name);
  return i >= 0 ? argv[i + 1] : dflt;
};
const ROUNDS = Number(flag("--rounds", "9"));
const COMPARE = flag("--compare", undefined);
const COMPARE_LABEL = flag("--compare-label", "compare");
const OUT = flag("--out", join(here, "results", "startup.json"));
const WRITE = !argv.includes("--no-write");

const GOOG = resolve(root, "..", "shared", "data", "raw", "backtesting_py", "GOOG.csv");
const STRATEGY = join(root, "examples", "strategies", "sma_cross.json");
if (!existsSync(join(root, "dist", "cli.js"))) throw new Error("bench/startup.mjs: no dist/; run 'npm run build:ts' first");
if (!existsSync(GOOG)) throw new Error(`bench/startup.mjs: ${GOOG} is missing (the shared data folder beside the checkout)`);

const goog = ["backtest", "--data", GOOG, "--strategy", STRATEGY, "--commission", "0.002"];
const CASES = [
  { name: "--help", args: ["--help"] },
  { name: "backtest --help", args: ["backtest", "--help"] },
  { name: "GOOG backtest", args: goog },
  { name: "GOOG backtest --json", args: goog.concat("--json") },
];

/** Every (label, case) to run: `node -e 0`, this checkout's cases, then --compare's. */
const runs = [
  { label: "node", name: "node -e 0", cmd: [process.execPath, "-e", "0"] },
  // What the argument parser alone costs: every barstream command starts by importing it.
  { label: "node", name: "import yargs", cmd: [process.execPath, "--input-type=module", "-e", 'import "yargs"; import "yargs/helpers";'] },
];
for (const [label, dir] of [["barstream", root], ...(COMPARE ? [[COMPARE_LABEL, resolve(COMPARE)]] : [])]) {
  for (const c of CASES) runs.push({ label, name: c.name, cmd: [process.execPath, join(dir, "bin", "barstream.js"), ...c.args], cwd: dir });
}

const SCRIPT = 't0=$EPOCHREALTIME; "$@" >/dev/null 2>&1; rc=$?; t1=$EPOCHREALTIME; times; echo "$t0 $t1 $rc"';

/** Seconds of a bash `times` field, e.g. `0m0.271s`. */
const seconds = (s) => {
  const m = /^(\d+)m([\d.]+)s$/.exec(s);
  if (!m) throw new Error(`bench/startup.mjs: cannot read bash times field ${JSON.stringify(s)}`);
  return Number(m[1]) * 60 + Number(m[2]);
};

function once(r) {
  const p = spawnSync("bash", ["-c", SCRIPT, "_", ...r.cmd], { cwd: r.cwd ?? root, encoding: "utf8" });
  const lines = p.stdout.trim().split("\n");
  if (p.status !== 0 || lines.length < 3) throw new Error(`bench/startup.mjs: ${r.name}: bash failed: ${p.stderr}`);
  const [t0, t1, rc] = lines.at(-1).split(" ");
  if (rc !== "0") throw new Error(`bench/startup.mjs: ${r.label} ${r.name} exited ${rc}: ${r.cmd.join(" ")}`);
  const [user, sys] = lines.at(-2).trim().split(/\s+/).map(seconds); // children's user and sys
  return { wallMs: (Number(t1) - Number(t0)) * 1000, cpuMs: (user + sys) * 1000 };
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
const round1 = (x) => Math.round(x * 10) / 10;

const loadBefore = loadavg();
const samples = runs.map(() => []);
for (let round = 0; round < ROUNDS; round++) {
  for (let k = 0; k < runs.length; k++) {
    const i = (k + round) % runs.length; // rotate the order: no case always runs first or after the same one
    samples[i].push(once(runs[i]));
  }
  process.stderr.write(`round ${round + 1}/${ROUNDS}\r`);
}
const loadAfter = loadavg();
process.stderr.write("\n");

const results = runs.map((r, i) => ({
  label: r.label,
  case: r.name,
  command: r.cmd.map((a) => (a === process.execPath ? "node" : a.startsWith(root) ? a.slice(root.length + 1) : a)).join(" "),
  wallMsMedian: round1(median(samples[i].map((s) => s.wallMs))),
  cpuMsMedian: round1(median(samples[i].map((s) => s.cpuMs))),
  wallMsMin: round1(Math.min(...samples[i].map((s) => s.wallMs))),
  cpuMsMin: round1(Math.min(...samples[i].map((s) => s.cpuMs))),
  runs: samples[i].length,
}));

let commit = "unknown";
try {
  commit = execFileSync("git", ["rev-parse", "--short", "HEAD"], { cwd: root, encoding: "utf8" }).trim();
} catch {
  /* not a git checkout */
}
const report = {
  when: new Date().toISOString(),
  commit,
  machine: { cpu: cpus()[0]?.model, cores: cpus().length, memGiB: +(totalmem() / 2 ** 30).toFixed(1), node: process.version, platform: `${process.platform}-${process.arch}` },
  loadavg: { before: loadBefore.map((x) => +x.toFixed(2)), after: loadAfter.map((x) => +x.toFixed(2)) },
  rounds: ROUNDS,
  targets: { "--help": "< 150 ms wall", "GOOG backtest": "< 400 ms wall (idle machine)" },
  compare: COMPARE ? { label: COMPARE_LABEL, dir: resolve(COMPARE) } : undefined,
  results,
};

const pad = (s, n) => String(s).padEnd(n);
console.log(`load average ${report.loadavg.before.join(" ")} -> ${report.loadavg.after.join(" ")}; ${ROUNDS} interleaved rounds; medians`);
console.log(`${pad("", 12)}${pad("case", 24)}${pad("wall ms", 10)}cpu ms (user+sys)`);
for (const r of results) console.log(`${pad(r.label, 12)}${pad(r.case, 24)}${pad(r.wallMsMedian, 10)}${r.cpuMsMedian}`);
if (WRITE) {
  mkdirSync(dirname(OUT), { recursive: true });
  writeFileSync(OUT, `${JSON.stringify(report, null, 2)}\n`);
  console.log(`wrote ${OUT}`);
}
