#!/usr/bin/env node
/**
 * End-to-end live benchmark, real processes on tcp loopback (npm run bench:live; needs
 * `npm run build`). Bars are real: the five 1-minute Binance files (201,600 bars) and the
 * 505-symbol S&P 500 folder (619,017 bars), strategy sma_cross_risk (SMA 10/30 + all five
 * risk exits).
 *
 *  1. throughput: `feed --no-drop` (lossless, so the feed runs exactly as fast as `live`
 *     consumes) -> `live --publish` (binary decisions); bars/s from the feed's streaming
 *     time, and where `live` spends it: decode+validate, N-API crossing, engine, publish.
 *     The N-API / engine split uses a cost model of pushBars measured here on the same bars
 *     (per call a + per bar b, from bursts of 1 and 1024 bars).
 *  2. gaps: plain PUB/SUB (drops allowed, libzmq's default 1000-message high-water mark)
 *     at rising --rate; the highest rate with zero sequence gaps.
 *  3. latency: this process publishes bars at a steady rate and subscribes to live's
 *     decisions; bar publication -> first decision of that bar received here (both hops),
 *     p50 / p99.
 *
 * Writes bench/results/live.json with machine info.
 */
import { spawn } from "node:child_process";
import { cpus, loadavg, totalmem } from "node:os";
import { writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { performance } from "node:perf_hooks";

import { Subscriber } from "zeromq";

import { openDataset } from "../dist/data/index.js";
import { replayOrder, rowSymbols } from "../dist/feed/merge.js";
import { WirePublisher } from "../dist/live/transport/publisher.js";
import { decodeFrames } from "../dist/live/wire/index.js";
import { native } from "../dist/engine/native.js";

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, "..");
const BIN = join(root, "bin", "barstream.js");
const RAW = resolve(root, "..", "shared", "data", "raw");
const CRYPTO = join(RAW, "crypto_1m_binance");
const SP500 = join(RAW, "sp500_5yr");
const STRATEGY = join(root, "examples", "strategies", "sma_cross_risk.json");
const quick = process.argv.includes("--quick");
const machine = { cpu: cpus()[0]?.model, cores: cpus().length, memGiB: +(totalmem() / 2 ** 30).toFixed(1), node: process.version, platform: `${process.platform}-${process.arch}` };

/** Spawns the CLI; resolves `exited` with { code, stdout, stderr }. */
function cli(args) {
  const child = spawn(process.execPath, [BIN, ...args], { cwd: root, stdio: ["ignore", "pipe", "pipe"] });
  let stdout = "";
  let stderr = "";
  const watchers = [];
  child.stdout.on("data", (d) => (stdout += d));
  child.stderr.on("data", (d) => {
    stderr += d;
    for (const w of watchers.splice(0)) {
      const m = stderr.match(w.re);
      if (m) w.resolve(m);
      else watchers.push(w);
    }
  });
  const exited = new Promise((res) => child.on("exit", (code) => res({ code, stdout, stderr })));
  const waitFor = (re) => new Promise((resolve, reject) => {
    const m = stderr.match(re);
    if (m) return resolve(m);
    watchers.push({ re, resolve });
    exited.then(() => reject(new Error(`process exited before /${re.source}/:\n${stderr}`)));
  });
  return { child, exited, waitFor };
}

async function feedToLive(data, feedArgs, liveArgs = []) {
  const feed = cli(["feed", "--data", data, "--bind", "tcp://127.0.0.1:0", "--json", ...feedArgs]);
  const [, endpoint] = await feed.waitFor(/feed: bound (tcp:\/\/\S+?),/);
  const live = cli(["live", "--connect", endpoint, "--strategy", STRATEGY, "--exit-on-eos", "--json", "--quiet", "--profile", ...liveArgs]);
  const [f, l] = await Promise.all([feed.exited, live.exited]);
  if (f.code !== 0 || l.code !== 0) throw new Error(`feed ${f.code} / live ${l.code}:\n${f.stderr}\n${l.stderr}`);
  return { feed: JSON.parse(f.stdout), live: JSON.parse(l.stdout).live };
}

// ---- pushBars cost model on the crypto bars, in this process --------------------------
async function costModel() {
  const ds = await openDataset(CRYPTO);
  const { batch } = await ds.load();
  const order = replayOrder(batch);
  const sym = rowSymbols(batch);
  const n = order.length;
  const cols = { symbol: new Uint32Array(n), ts: new BigInt64Array(n), open: new Float64Array(n), high: new Float64Array(n), low: new Float64Array(n), close: new Float64Array(n), volume: new Float64Array(n) };
  order.forEach((r, j) => {
    cols.symbol[j] = sym[r];
    for (const c of ["ts", "open", "high", "low", "close", "volume"]) cols[c][j] = batch[c][r];
  });
  const spec = (await import("node:fs")).readFileSync(STRATEGY, "utf8");
  const time = (m) => {
    let best = Infinity;
    for (let rep = 0; rep < 3; rep++) {
      const e = new native.LiveEngine(spec, {}, batch.symbols);
      const views = [];
      for (let at = 0; at < n; at += m) views.push(Object.fromEntries(Object.entries(cols).map(([k, v]) => [k, v.subarray(at, Math.min(n, at + m))])));
      const t0 = performance.now();
      for (const v of views) e.pushBars(v);
      best = Math.min(best, performance.now() - t0);
    }
    return best;
  };
  const t1 = time(1);
  const t1024 = time(1024);
  const perCallNs = ((t1 - t1024) / (n * (1 - 1 / 1024))) * 1e6;
  const perBarNs = (t1024 / n) * 1e6 - perCallNs / 1024;
  return { bars: n, ms_burst_1: t1, ms_burst_1024: t1024, napi_per_call_ns: perCallNs, engine_per_bar_ns: perBarNs };
}

function split(run, model) {
  const l = run.live;
  const wall = run.feed.seconds * 1000;
  const napi = (l.bursts * model.napi_per_call_ns) / 1e6;
  const engine = Math.max(0, l.stage_ms.engine - napi);
  const other = wall - l.stage_ms.decode - l.stage_ms.engine - l.stage_ms.publish;
  const pct = (x) => +((100 * x) / wall).toFixed(1);
  return {
    wall_ms: +wall.toFixed(1),
    decode_validate_ms: +l.stage_ms.decode.toFixed(1),
    napi_ms: +napi.toFixed(1),
    engine_ms: +engine.toFixed(1),
    publish_ms: +l.stage_ms.publish.toFixed(1),
    zeromq_receive_and_loop_ms: +other.toFixed(1),
    pct: { decode_validate: pct(l.stage_ms.decode), napi: pct(napi), engine: pct(engine), publish: pct(l.stage_ms.publish), zeromq_receive_and_loop: pct(other) },
  };
}

async function throughput(model) {
  const out = {};
  for (const [name, data, extra] of [["crypto_1m_5_symbols", CRYPTO, []], ["sp500_daily_505_symbols", SP500, ["--skip-bad-rows"]]]) {
    if (quick && name.startsWith("sp500")) continue;
    const run = await feedToLive(data, ["--no-drop", "--encoding", "binary", ...extra], ["--publish", "tcp://127.0.0.1:0", "--publish-encoding", "binary"]);
    out[name] = {
      bars: run.feed.bars,
      bars_per_sec: Math.round(run.feed.barsPerSecond),
      gaps: run.live.gaps.count,
      applied: run.live.applied,
      engine_calls: run.live.bursts,
      mean_bars_per_call: +(run.live.applied / run.live.bursts).toFixed(1),
      decisions: run.live.events,
      split: split(run, model),
    };
    console.log(`${name}: ${out[name].bars_per_sec.toLocaleString("en-US")} bars/s, ${out[name].gaps} gaps, ${out[name].mean_bars_per_call} bars per engine call`, JSON.stringify(out[name].split.pct));
  }
  return out;
}

async function gapLadder(maxRate) {
  const rates = [25_000, 50_000, 75_000, 100_000, 125_000, 150_000].filter((r) => r < maxRate * 1.2);
  const steps = [];
  for (const rate of quick ? rates.slice(0, 2) : rates) {
    const run = await feedToLive(CRYPTO, ["--rate", String(rate), "--encoding", "binary"]);
    steps.push({ rate, achieved: Math.round(run.feed.barsPerSecond), gaps: run.live.gaps.count, missing: run.live.gaps.missing, applied: run.live.applied });
    console.log(`rate ${rate}: achieved ${steps.at(-1).achieved}, gaps ${run.live.gaps.count} (${run.live.gaps.missing} lost)`);
  }
  const clean = steps.filter((s) => s.gaps === 0);
  return { steps, max_rate_zero_gaps: clean.length ? Math.max(...clean.map((s) => s.achieved)) : 0 };
}

/**
 * A stand-in for `live` with no work: it republishes every bar it receives (PUB/SUB both
 * ways, same sockets as live). Measured with the same harness, it is the transport floor
 * of this machine.
 */
const ECHO = `
import { Publisher, Subscriber } from "zeromq";
const pub = new Publisher({ linger: 0 });
await pub.bind("tcp://127.0.0.1:0");
process.stderr.write("live: connected to x; publishing decisions on " + pub.lastEndpoint + "\\n");
const sub = new Subscriber({ linger: 0 });
sub.connect(process.argv[1]);
sub.subscribe("bar.", "ctl.");
let hb = setInterval(() => pub.send(["ctl.hb", "{}"]).catch(() => {}), 200);
for await (const m of sub) { if (m[0].toString() === "ctl.eos") break; await pub.send(m); }
clearInterval(hb);
process.stdout.write("{}");
pub.close(); sub.close();
`;

function echoProcess(endpoint) {
  const child = spawn(process.execPath, ["--input-type=module", "-e", ECHO, endpoint], { cwd: root, stdio: ["ignore", "pipe", "pipe"] });
  let stderr = "";
  let stdout = "";
  child.stdout.on("data", (d) => (stdout += d));
  const exited = new Promise((res) => child.on("exit", (code) => res({ code, stdout: stdout || "{}", stderr })));
  const waitFor = (re) => new Promise((resolve) => {
    const check = () => { const m = stderr.match(re); if (m) resolve(m); };
    child.stderr.on("data", (d) => { stderr += d; check(); });
  });
  return { child, exited, waitFor };
}

async function latency(rate, count, echo = false) {
  const ds = await openDataset(CRYPTO);
  const { batch } = await ds.load();
  const order = replayOrder(batch).subarray(0, count);
  const sym = rowSymbols(batch);
  const pub = await WirePublisher.bind("tcp://127.0.0.1:0", { encoding: "binary", heartbeatMs: 200, symbols: batch.symbols });
  const live = echo
    ? echoProcess(pub.endpoint)
    : cli(["live", "--connect", pub.endpoint, "--strategy", STRATEGY, "--publish", "tcp://127.0.0.1:0", "--publish-encoding", "binary", "--quiet", "--json", "--profile"]);
  const [, decisions] = await live.waitFor(/publishing decisions on (tcp:\/\/\S+)/);
  const sub = new Subscriber({ linger: 0 });
  sub.connect(decisions);
  sub.subscribe();
  const sentAt = new Map();
  const lat = [];
  let warmEnd = Infinity; // decisions of the first 10% of bars (JIT warm-up, indicator warm-up) are not counted
  let heartbeats = 0;
  const reader = (async () => {
    for await (const frames of sub) {
      const now = performance.now();
      if (frames[0].toString() === "ctl.hb") {
        heartbeats++;
        continue;
      }
      const m = decodeFrames(frames);
      if (m.type === "eos") continue;
      const key = `${m.symbol}@${m.ts}`;
      const t = sentAt.get(key);
      if (t !== undefined) {
        if (t >= warmEnd) lat.push(now - t);
        sentAt.delete(key); // first decision of the bar only
      }
    }
  })().catch(() => undefined);
  await pub.waitSubscribers(1);
  while (heartbeats === 0) await new Promise((r) => setTimeout(r, 10)); // our subscription to live's decisions is in place
  const t0 = performance.now();
  warmEnd = t0 + ((order.length / 10) / rate) * 1000;
  for (let j = 0; j < order.length; j++) {
    // Sleep (no busy wait: on 2 cores a spinning sender would steal the live process's CPU).
    const wait = t0 + (j / rate) * 1000 - performance.now();
    if (wait >= 1) await new Promise((r) => setTimeout(r, wait));
    const r = order[j];
    const s = batch.symbols[sym[r]];
    sentAt.set(`${s}@${batch.ts[r]}`, performance.now());
    pub.publishBar(s, batch.ts[r], batch.open[r], batch.high[r], batch.low[r], batch.close[r], batch.volume[r]);
    await pub.flushed();
  }
  await pub.endOfStream();
  await new Promise((r) => setTimeout(r, 300));
  live.child.kill("SIGINT");
  const inside = echo ? undefined : JSON.parse((await live.exited).stdout).live.burst_latency_us;
  if (echo) await live.exited;
  sub.close();
  await reader;
  await pub.close();
  lat.sort((a, b) => a - b);
  const q = (p) => +(lat[Math.min(lat.length - 1, Math.floor(p * lat.length))] * 1000).toFixed(1);
  const res = { what: echo ? "transport floor: echo process instead of live" : "live", rate, bars: order.length, measured_bars_with_decisions: lat.length, p50_us: q(0.5), p90_us: q(0.9), p99_us: q(0.99), max_us: q(1 - 1e-12), inside_live_per_engine_call_us: inside };
  console.log(`${echo ? "echo" : "live"} latency at ${rate} bars/s: p50 ${res.p50_us} us, p99 ${res.p99_us} us (${lat.length} bars with decisions); inside live: ${JSON.stringify(inside)}`);
  return res;
}

const loadAtStart = loadavg()[0]; // the machine is shared: other jobs' load skews every figure
const model = await costModel();
console.log(`pushBars: ${model.napi_per_call_ns.toFixed(0)} ns per call + ${model.engine_per_bar_ns.toFixed(0)} ns per bar`);
const tp = await throughput(model);
const gaps = await gapLadder(tp.crypto_1m_5_symbols.bars_per_sec);
const lat = [];
for (const rate of quick ? [1000] : [1000, 10_000]) {
  lat.push(await latency(rate, quick ? 5000 : 30_000));
  lat.push(await latency(rate, quick ? 5000 : 30_000, true));
}
const result = {
  name: "live",
  date: new Date().toISOString(),
  machine,
  load_avg_1m_at_start: +loadAtStart.toFixed(2),
  load_avg_1m_at_end: +loadavg()[0].toFixed(2),
  command: quick ? "node bench/live.mjs --quick" : "npm run bench:live",
  strategy: "examples/strategies/sma_cross_risk.json",
  push_bars_cost_model: model,
  throughput: tp,
  gaps_plain_pubsub: gaps,
  latency_bar_to_decision: lat,
};
writeFileSync(join(here, "results", quick ? "live.quick.json" : "live.json"), `${JSON.stringify(result, null, 2)}\n`);
console.log(`-> bench/results/${quick ? "live.quick.json" : "live.json"}`);
