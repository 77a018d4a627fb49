/**
 * Start-up stays lazy: `barstream --help` loads no native addon (neither nodejs-polars, zeromq
 * nor the engine) and none of the heavy CommonJS packages; a command loads what it uses. Checked
 * with a preload that records `process.dlopen` and the require cache (tests/cli/load-trace.mjs),
 * not with timings. The positive cases prove that the trace sees what it is looking for.
 */
import { execFile } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { promisify } from "node:util";

import { afterAll, describe, expect, it } from "vitest";

import { EXAMPLES, RAW, ROOT } from "../helpers.js";

const exec = promisify(execFile);
const dir = mkdtempSync(join(tmpdir(), "barstream-load-trace-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

let n = 0;
/** Runs the bin with `args` under the load trace; its output and what it loaded. */
async function traced(args: string[]): Promise<{ stdout: string; dlopen: string[]; cjs: string[] }> {
  const file = join(dir, `trace-${n++}.json`);
  const { stdout } = await exec("node", ["--import", resolve(ROOT, "tests/cli/load-trace.mjs"), resolve(ROOT, "bin/barstream.js"), ...args], {
    cwd: ROOT,
    env: { ...process.env, BARSTREAM_LOAD_TRACE: file },
    maxBuffer: 64 << 20,
  });
  const trace = JSON.parse(readFileSync(file, "utf8")) as { dlopen: string[]; cjs: string[] };
  return { stdout, ...trace };
}

const HEAVY = ["nodejs-polars", "zeromq", "node-sqlite3-wasm", "echarts", "cli-table3", "cli-progress", "native/index.cjs"];
const loaded = (files: string[], what: string) => files.some((f) => f.split("\\").join("/").includes(what));

describe("start-up loads only what a command uses", () => {
  it("--help loads no native addon and no heavy package", async () => {
    const r = await traced(["--help"]);
    expect(r.stdout).toContain("barstream <command> [options]");
    expect(r.dlopen).toEqual([]);
    expect(HEAVY.filter((h) => loaded(r.cjs, h))).toEqual([]);
  });

  it("--version loads no native addon", async () => {
    const r = await traced(["--version"]);
    expect(r.dlopen).toEqual([]);
  });

  it("backtest --help loads the engine (its defaults come from the engine's schema) and nothing else native", async () => {
    const r = await traced(["backtest", "--help"]);
    expect(r.stdout).toContain("--commission");
    expect(r.dlopen.length).toBe(1);
    expect(r.dlopen[0]).toMatch(/native\/barstream\.[^/]*\.node$/);
    expect(HEAVY.filter((h) => loaded(r.cjs, h))).toEqual(["native/index.cjs"]);
  });

  it("a CSV backtest loads polars and the engine, not zeromq nor the SQLite wasm", async () => {
    const r = await traced(["backtest", "--data", resolve(RAW, "backtesting_py/GOOG.csv"), "--strategy", resolve(EXAMPLES, "strategies/sma_cross.json"), "--json"]);
    expect(JSON.parse(r.stdout).symbols.length).toBe(1);
    expect(loaded(r.dlopen, "nodejs-polars")).toBe(true);
    expect(loaded(r.dlopen, "native/barstream.")).toBe(true);
    expect(loaded(r.dlopen, "zeromq")).toBe(false);
    expect(loaded(r.cjs, "node-sqlite3-wasm")).toBe(false);
    expect(loaded(r.cjs, "echarts")).toBe(false);
  });
});
