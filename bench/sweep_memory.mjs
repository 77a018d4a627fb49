#!/usr/bin/env node
/**
 * Sweep memory and time, main vs this checkout (issue 17 case 15): the CLI `sweep` over GOOG
 * (backtesting.py's sample, 2,148 daily bars) with an SMA-cross grid of 100,000 and 400,000
 * combinations (fast 2..201 / 2..401 x slow 2..501 / 2..1001, no constraint), `--out` to a fresh
 * folder. Each run is `/usr/bin/time -f "%e %U %S %M"` around `node bin/barstream.js`: wall,
 * user + system CPU, peak RSS. Builds interleaved (main, branch, branch --all-results) for
 * `--rounds` rounds (default 3); medians printed as a markdown table and written to
 * bench/results/sweep_memory.json.
 *
 * `node bench/sweep_memory.mjs [--main /work/main] [--rounds 3] [--sizes 100000,400000]`
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { cpus, loadavg, tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const branch = resolve(here, "..");
const arg = (name, dflt) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : dflt;
};
const main = resolve(arg("main", "/work/main"));
const rounds = Number(arg("rounds", "3"));
const sizes = arg("sizes", "100000,400000").split(",").map(Number);
const GOOG = resolve(branch, "..", "shared", "data", "raw", "backtesting_py", "GOOG.csv");
const SPEC = resolve(branch, "examples", "strategies", "sma_cross.json");
const GRIDS = { 100000: [201, 501], 400000: [401, 1001] };

const work = mkdtempSync(join(tmpdir(), "sweep-memory-"));
const gridFile = (combos) => {
  const [f, s] = GRIDS[combos];
  const file = join(work, `grid_${combos}.json`);
  writeFileSync(file, JSON.stringify({ params: { "indicators.fast.period": { from: 2, to: f, step: 1 }, "indicators.slow.period": { from: 2, to: s, step: 1 } } }));
  return file;
};

/** One CLI run: wall s, CPU s (user + system), peak RSS MiB, MiB written to --out. */
function run(root, combos, extra) {
  const out = mkdtempSync(join(work, "out-"));
  const timeFile = join(work, "time.txt");
  const args = ["-o", timeFile, "-f", "%e %U %S %M", "node", join(root, "bin", "barstream.js"), "sweep", "--data", GOOG, "--strategy", SPEC, "--grid", gridFile(combos), "--out", out, "--json", ...extra];
  execFileSync("/usr/bin/time", args, { cwd: root, stdio: ["ignore", "ignore", "ignore"] });
  const [wall, user, sys, rssKb] = execFileSync("cat", [timeFile]).toString().trim().split("\n").pop().split(" ").map(Number);
  const bytes = Number(execFileSync("du", ["-sb", out]).toString().split("\t")[0]);
  rmSync(out, { recursive: true, force: true });
  return { wall, cpu: user + sys, rss_mib: rssKb / 1024, out_mib: bytes / 2 ** 20 };
}

const median = (xs) => [...xs].sort((a, b) => a - b)[xs.length >> 1];
const builds = [
  ["main", main, []],
  ["branch", branch, []],
  ["branch --all-results", branch, ["--all-results"]],
];
const samples = {};
const load = [loadavg()[0]];
for (const combos of sizes) {
  for (let r = 0; r < rounds; r++) {
    for (const [name, root, extra] of builds) {
      const s = run(root, combos, extra);
      (samples[`${combos} ${name}`] ??= []).push(s);
      console.error(`${combos} ${name} round ${r + 1}: wall ${s.wall} s, cpu ${s.cpu.toFixed(1)} s, peak RSS ${s.rss_mib.toFixed(0)} MiB, --out ${s.out_mib.toFixed(1)} MiB`);
    }
  }
}
load.push(loadavg()[0]);
const rows = Object.entries(samples).map(([key, xs]) => {
  const [combos, ...name] = key.split(" ");
  return { combos: Number(combos), build: name.join(" "), wall_s: median(xs.map((x) => x.wall)), cpu_s: median(xs.map((x) => x.cpu)), peak_rss_mib: median(xs.map((x) => x.rss_mib)), out_mib: median(xs.map((x) => x.out_mib)), samples: xs };
});
console.log(`| combos | build | wall s | CPU s | peak RSS MiB | --out MiB |\n|---|---|---|---|---|---|`);
for (const r of rows) console.log(`| ${r.combos.toLocaleString("en-US")} | ${r.build} | ${r.wall_s.toFixed(1)} | ${r.cpu_s.toFixed(1)} | ${r.peak_rss_mib.toFixed(0)} | ${r.out_mib.toFixed(1)} |`);
console.log(`medians of ${rounds} interleaved rounds; load average ${load.map((x) => x.toFixed(1)).join(" -> ")}; ${cpus().length} cores (${cpus()[0].model})`);
writeFileSync(join(here, "results", "sweep_memory.json"), `${JSON.stringify({ date: new Date().toISOString(), rounds, load, rows }, null, 2)}\n`);
rmSync(work, { recursive: true, force: true });
