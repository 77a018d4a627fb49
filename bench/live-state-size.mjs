#!/usr/bin/env node
/**
 * Size of a live run's state file and the live process's memory as bars accumulate
 * (issue 17 case 13). Starts `feed` (lossless) and `live --state` from one checkout,
 * samples the live process's resident memory and the state file while it runs, and prints
 * one JSON line: bars, the state file's size and the live RSS when 90% of the bars were
 * checkpointed (the streaming phase, before the final report), the peak RSS, the final
 * state and history log sizes.
 *
 * Usage: node bench/live-state-size.mjs ROOT DATA.csv STRATEGY.json
 *   ROOT: a checkout with a built bin/barstream.js (compare two checkouts with the same data).
 */
import { spawn } from "node:child_process";
import { mkdtempSync, openSync, readSync, closeSync, readFileSync, statSync, existsSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";

const [root, data, strategy] = process.argv.slice(2).map((p) => resolve(p));
const bin = join(root, "bin/barstream.js");
const state = join(mkdtempSync(join(tmpdir(), "live-size-")), "run.state");

/** `totals.applied` from the head of the state file (it comes before the engine text). */
function applied() {
  try {
    const fd = openSync(state, "r");
    const buf = Buffer.alloc(1 << 16);
    const n = readSync(fd, buf, 0, buf.length, 0);
    closeSync(fd);
    const m = /"applied":(\d+)/.exec(buf.subarray(0, n).toString());
    return m ? Number(m[1]) : 0;
  } catch {
    return 0;
  }
}

const rssKb = (pid, field) => {
  try {
    return Number(new RegExp(`${field}:\\s+(\\d+)`).exec(readFileSync(`/proc/${pid}/status`, "utf8"))[1]);
  } catch {
    return 0;
  }
};

const feed = spawn(process.execPath, [bin, "feed", "--bind", "tcp://127.0.0.1:0", "--data", data, "--no-drop"], { stdio: ["ignore", "ignore", "pipe"] });
const endpoint = await new Promise((res) => {
  let err = "";
  feed.stderr.on("data", (d) => {
    err += d;
    const m = /bound (tcp:\/\/[0-9.]+:\d+)/.exec(err);
    if (m) res(m[1]);
  });
});
const bars = readFileSync(data, "utf8").split("\n").filter(Boolean).length - 1;
const live = spawn(process.execPath, [bin, "live", "--connect", endpoint, "--strategy", strategy, "--state", state, "--exit-on-eos", "--quiet", "--json"], { stdio: ["ignore", "ignore", "inherit"] });
let at90;
let peak = 0;
const timer = setInterval(() => {
  peak = Math.max(peak, rssKb(live.pid, "VmHWM"));
  if (!at90 && applied() >= 0.9 * bars) at90 = { state_bytes: statSync(state).size, rss_mb: +(rssKb(live.pid, "VmRSS") / 1024).toFixed(1) };
}, 50);
const code = await new Promise((res) => live.on("exit", res));
clearInterval(timer);
feed.kill("SIGTERM");
const log = `${state}.history.jsonl`;
console.log(JSON.stringify({
  root, bars, exit: code, at_90pct: at90, peak_rss_mb: +(peak / 1024).toFixed(1),
  final_state_bytes: statSync(state).size, history_log_bytes: existsSync(log) ? statSync(log).size : 0,
}));
