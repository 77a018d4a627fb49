/**
 * Live checkpoints as files (issue 17 cases 9, 12, 13), real CLI processes on tcp loopback:
 * an edited state file is refused, a temp file left by a killed checkpoint is removed,
 * history written after the last checkpoint is cut off, and the state file stays the
 * same size however many bars the run has seen (the history goes to FILE.history.jsonl).
 * Golden values: `backtest` on the same bars.
 */
import { appendFileSync, existsSync, mkdtempSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

import { describe, expect, it } from "vitest";

import { EXAMPLES } from "../helpers.js";
import { CRYPTO, GOOG } from "./fixtures.js";
import { expectSameResult, run, start, startFeed } from "./procs.js";

const RISK = `${EXAMPLES}/strategies/sma_cross_risk.json`;
const COSTS = ["--commission", "0.001", "--cash", "10000"];
const tmp = () => mkdtempSync(join(tmpdir(), "barstream-ckpt-"));

const backtest = async (args: string[]) => JSON.parse((await run(["backtest", ...args, "--strategy", RISK, ...COSTS, "--json"])).stdout);

/** Feeds `data` (feed flags `range`) losslessly to a `live --state state --exit-on-eos` run; its exit code, stderr and report. */
async function liveRun(data: string, state: string, range: string[] = [], strategy = true) {
  const { feed, endpoint } = await startFeed(["--data", data, "--no-drop", ...range]);
  const live = start(["live", "--connect", endpoint, ...(strategy ? ["--strategy", RISK, ...COSTS] : []), "--state", state, "--exit-on-eos", "--json", "--quiet"]);
  const code = await live.exited;
  feed.child.kill("SIGTERM");
  await feed.exited;
  return { code, stderr: live.stderr(), report: code === 0 ? JSON.parse(live.stdout()) : undefined };
}

describe("live checkpoints (real CLI processes)", () => {
  it("a state file whose cash was edited is refused: exit 1 naming the file, nothing run", async () => {
    const state = join(tmp(), "run.state");
    const first = await liveRun(GOOG, state);
    expect(first.code, first.stderr).toBe(0);
    const s = JSON.parse(readFileSync(state, "utf8"));
    expect(s.config.cash).toBe(10_000);
    s.config.cash = 20_000; // what a user editing the file would do; the seal stays as it was
    writeFileSync(state, JSON.stringify(s));
    const second = await liveRun(GOOG, state, [], false);
    expect(second.code).toBe(1);
    expect(second.stderr).toContain(`state file ${state} was modified or corrupted (checksum mismatch)`);
  });

  it("removes a stale FILE.tmp, cuts history written after the last checkpoint, and the resumed report is the backtest's", async () => {
    const dir = tmp();
    const state = join(dir, "run.state");
    const first = await liveRun(GOOG, state, ["--end", "2008-12-31"]);
    expect(first.code, first.stderr).toBe(0);
    // What a kill leaves: a half-written checkpoint and half a history line past the state's count.
    writeFileSync(`${state}.tmp`, Buffer.alloc(1 << 20, 0x7b));
    const torn = '{"format":"barstream-live-history","version":1,"symbols":[{"id":0,"sym';
    appendFileSync(`${state}.history.jsonl`, torn);
    const second = await liveRun(GOOG, state, [], false);
    expect(second.code, second.stderr).toBe(0);
    expect(second.stderr).toContain(`removed ${state}.tmp, left by a checkpoint that was interrupted`);
    expect(second.stderr).toContain(`history log ${state}.history.jsonl: dropped ${torn.length} bytes written after the last checkpoint`);
    expect(existsSync(`${state}.tmp`)).toBe(false);
    expect(second.report.live.resumed).toBe(true);
    expectSameResult(second.report, await backtest(["--data", GOOG]));
  });

  it("keeps the state file bounded: after N and 4N bars about the same size; the history log grows instead", async () => {
    const sizes: Array<{ state: number; log: number }> = [];
    for (const end of ["2023-02-07T23:59:00", undefined]) {
      const state = join(tmp(), "run.state");
      const range = end ? ["--end", end] : [];
      const r = await liveRun(CRYPTO, state, range);
      expect(r.code, r.stderr).toBe(0);
      expect(r.report.live.applied).toBe(end ? 50_400 : 201_600);
      expectSameResult(r.report, await backtest(["--data", CRYPTO, ...range]));
      sizes.push({ state: statSync(state).size, log: statSync(`${state}.history.jsonl`).size });
    }
    const [n, n4] = sizes;
    expect(n4.state / n.state, JSON.stringify(sizes)).toBeLessThan(1.25);
    expect(n4.log / n.log, JSON.stringify(sizes)).toBeGreaterThan(3.5);
  });
});
