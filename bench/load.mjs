/**
 * Load benchmark (issue 12): how long reading a universe takes, next to the engine and to the
 * nodejs-polars `readCSV` floor. Every case runs in its own child process (so each peak RSS is its own),
 * cases are interleaved round by round (order rotated each round), and the medians of wall time, CPU time
 * (user + system of the child) and peak RSS are written to bench/results/load.json with the load average.
 *
 * Cases:
 *   sp500_csv       505 raw S&P CSVs (../shared/data/raw/sp500_5yr), badRows skip, batches of 64 (as `backtest`)
 *   sp500_parquet   the same imported to hive Parquet (`barstream import ... --skip-bad-rows`), batches of 64
 *   g10k_backtest   `barstream backtest --data g10k.csv` end to end (10,000 symbols x 1,000 daily bars, one long CSV)
 *   g10k_floor      nodejs-polars readCSV of g10k.csv (the floor)
 *   m10m_load       one symbol, 10M 1-minute bars in one CSV: openDataset + load
 *   m10m_floor      nodejs-polars readCSV of that file (the floor)
 *   g1k_backtest    `backtest` of 1,000 x 1,000 (a "before" that finishes in seconds)
 *
 * Usage: node bench/load.mjs [--rounds 3] [--cases a,b] [--dist DIR] [--bin FILE] [--fixtures DIR] [--out FILE]
 *   --dist/--bin: another build (e.g. the main worktree's dist/ and bin/barstream.js) for before/after figures.
 * Child: node bench/load.mjs --child CASE --dist DIR --fixtures DIR (prints one JSON line).
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import { cpus, loadavg, totalmem } from "node:os";
import { dirname, join, resolve } from "node:path";
import { performance } from "node:perf_hooks";
import { fileURLToPath, pathToFileURL } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const RAW = resolve(here, "..", "..", "shared", "data", "raw", "sp500_5yr");
const ALL = ["sp500_csv", "sp500_parquet", "g10k_backtest", "g10k_floor", "m10m_load", "m10m_floor", "g1k_backtest"];

function arg(name, dflt) {
  const i = process.argv.indexOf(`--${name}`);
  return i < 0 ? dflt : process.argv[i + 1];
}

const dist = resolve(arg("dist", join(here, "..", "dist")));
const bin = resolve(arg("bin", join(here, "..", "bin", "barstream.js")));
const fixtures = resolve(arg("fixtures", "/tmp/barstream-load-bench"));
const F = { g10k: join(fixtures, "g10k.csv"), g1k: join(fixtures, "g1k.csv"), m10m: join(fixtures, "m10m.csv"), pq: join(fixtures, "sp500pq") };

const cpuMs = (u) => (u.user + u.system) / 1000;
const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const chunks = (xs, n) => Array.from({ length: Math.ceil(xs.length / n) }, (_, i) => xs.slice(i * n, i * n + n));

/** Child: one case, timed inside the process (set-up such as module loading is not counted). */
async function child(name) {
  const lib = await import(pathToFileURL(join(dist, "index.js")).href);
  const pl = (await import("nodejs-polars")).default;
  let rows = 0;
  const timed = async (fn) => {
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    await fn();
    return { wall_ms: performance.now() - t0, cpu_ms: cpuMs(process.cpuUsage(c0)) };
  };
  const loadAll = async (path, opts) => {
    const ds = await lib.openDataset(path, opts);
    const groups = chunks(ds.symbols, 64);
    // A build without loadGroups (before issue 12) loads batch by batch, as its backtest did.
    if (typeof ds.loadGroups === "function") for await (const { batch } of ds.loadGroups(groups)) rows += batch.ts.length;
    else for (const g of groups) rows += (await ds.load(g)).batch.ts.length;
  };
  let t;
  if (name === "sp500_csv") t = await timed(() => loadAll(RAW, { badRows: "skip" }));
  else if (name === "sp500_parquet") t = await timed(() => loadAll(F.pq, { badRows: "skip" }));
  else if (name === "m10m_load") t = await timed(() => loadAll(F.m10m, {}));
  else if (name === "m10m_floor" || name === "g10k_floor") t = await timed(() => (rows = pl.readCSV(name === "m10m_floor" ? F.m10m : F.g10k).height));
  else throw new Error(`unknown case ${name}`);
  console.log(JSON.stringify({ ...t, rows, max_rss_mib: process.resourceUsage().maxRSS / 1024 }));
}

/** One measurement of a case in a fresh process. */
function runCase(name) {
  if (name.endsWith("_backtest")) {
    const data = name === "g10k_backtest" ? F.g10k : F.g1k;
    const t0 = performance.now();
    // The terminal summary (JSON of 10,000 symbols' results exceeds a JS string); its last line has the stage times.
    const r = spawnSync("/usr/bin/time", ["-f", "TIME %U %S %M", process.execPath, bin, "backtest", "--data", data], { encoding: "utf8", maxBuffer: 1 << 30 });
    const wall = performance.now() - t0;
    const m = /TIME ([\d.]+) ([\d.]+) (\d+)/.exec(r.stderr);
    if (r.status !== 0 || !m) throw new Error(`${name}: exit ${r.status}\n${r.stderr.slice(-2000)}`);
    const stages = /load (\d+) ms, compute (\d+) ms/.exec(r.stdout);
    return { wall_ms: wall, cpu_ms: (Number(m[1]) + Number(m[2])) * 1000, max_rss_mib: Number(m[3]) / 1024, load_ms: stages ? Number(stages[1]) : undefined, compute_ms: stages ? Number(stages[2]) : undefined };
  }
  const r = spawnSync(process.execPath, [fileURLToPath(import.meta.url), "--child", name, "--dist", dist, "--fixtures", fixtures], { encoding: "utf8" });
  if (r.status !== 0) throw new Error(`${name}: exit ${r.status}\n${r.stderr.slice(-2000)}`);
  return JSON.parse(r.stdout.trim().split("\n").pop());
}

async function ensureFixtures(cases) {
  mkdirSync(fixtures, { recursive: true });
  const { longCsv, minuteCsv } = await import("./load_fixtures.mjs");
  if (cases.some((c) => c.startsWith("g10k")) && !existsSync(F.g10k)) longCsv(F.g10k, 10_000, 1_000);
  if (cases.includes("g1k_backtest") && !existsSync(F.g1k)) longCsv(F.g1k, 1_000, 1_000);
  if (cases.some((c) => c.startsWith("m10m")) && !existsSync(F.m10m)) minuteCsv(F.m10m, 10_000_000);
  if (cases.includes("sp500_parquet") && !existsSync(F.pq)) {
    const r = spawnSync(process.execPath, [bin, "import", RAW, "--out", F.pq, "--skip-bad-rows"], { stdio: "inherit" });
    if (r.status !== 0) throw new Error("import failed");
  }
}

async function main() {
  const cases = (arg("cases") ?? ALL.join(",")).split(",");
  const rounds = Number(arg("rounds", "3"));
  await ensureFixtures(cases);
  const samples = Object.fromEntries(cases.map((c) => [c, []]));
  const loads = [loadavg()[0]];
  for (let r = 0; r < rounds; r++) {
    const order = cases.map((_, i) => cases[(i + r) % cases.length]);
    for (const c of order) {
      const s = runCase(c);
      samples[c].push(s);
      console.error(`round ${r + 1} ${c}: wall ${s.wall_ms.toFixed(0)} ms, cpu ${s.cpu_ms.toFixed(0)} ms, rss ${s.max_rss_mib.toFixed(0)} MiB`);
    }
    loads.push(loadavg()[0]);
  }
  const summary = Object.fromEntries(
    cases.map((c) => {
      const xs = samples[c];
      const med = (k) => (xs.every((x) => typeof x[k] === "number") ? +median(xs.map((x) => x[k])).toFixed(1) : undefined);
      return [c, { wall_ms: med("wall_ms"), cpu_ms: med("cpu_ms"), max_rss_mib: med("max_rss_mib"), load_ms: med("load_ms"), compute_ms: med("compute_ms"), rows: xs[0].rows, rounds: xs }];
    }),
  );
  const out = {
    name: "load",
    date: new Date().toISOString(),
    machine: { cpu: cpus()[0]?.model, cores: cpus().length, memGiB: +(totalmem() / 2 ** 30).toFixed(1), node: process.version },
    build: { dist, bin },
    rounds,
    load_average_1min: { per_round: loads.map((l) => +l.toFixed(2)), median: +median(loads).toFixed(2) },
    cases: summary,
  };
  const file = resolve(arg("out", join(here, "results", "load.json")));
  writeFileSync(file, `${JSON.stringify(out, null, 2)}\n`);
  for (const [c, s] of Object.entries(summary)) console.log(`${c.padEnd(15)} wall ${String(s.wall_ms).padStart(9)} ms  cpu ${String(s.cpu_ms).padStart(9)} ms  peak RSS ${String(s.max_rss_mib).padStart(7)} MiB`);
  console.log(`load average (1 min) per round: ${out.load_average_1min.per_round.join(", ")}; written to ${file}`);
}

if (process.argv.includes("--child")) await child(arg("child"));
else await main();
