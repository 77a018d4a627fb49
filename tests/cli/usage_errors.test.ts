/**
 * Bad flag values are usage errors (exit 2, the flag named) before any work starts: numbers that
 * do not read, `--start` after `--end`, endpoints libzmq would misread (a tcp port of 70000 used
 * to bind 4464); and `keygen` refuses to overwrite a key pair without `--force` (exit 1).
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";

import { afterAll, describe, expect, it } from "vitest";

import { checkEndpoint } from "../../src/live/transport/endpoint.js";
import { UsageError } from "../../src/util/check.js";
import { cli, EXAMPLES, RAW } from "../helpers.js";

const GOOG = resolve(RAW, "backtesting_py/GOOG.csv");
const SMA = resolve(EXAMPLES, "strategies/sma_cross.json");
const dir = mkdtempSync(join(tmpdir(), "barstream-usage-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("bad flag values exit 2 and name the flag", () => {
  const cases: Array<[string, string[], RegExp]> = [
    ["a port above 65535 on feed --bind", ["feed", "--data", GOOG, "--bind", "tcp://127.0.0.1:70000", "--wait-subscribers", "0"], /--bind: port must be 0\.\.65535.*70000/],
    ["a port above 65535 on live --connect", ["live", "--connect", "tcp://127.0.0.1:70000", "--strategy", SMA, "--symbols", "GOOG"], /--connect: port must be 1\.\.65535/],
    ["port 0 on live --connect", ["live", "--connect", "tcp://127.0.0.1:0", "--strategy", SMA, "--symbols", "GOOG"], /--connect: port must be 1\.\.65535/],
    ["a port above 65535 on live --publish", ["live", "--connect", "tcp://127.0.0.1:5555", "--publish", "tcp://127.0.0.1:65536", "--strategy", SMA, "--symbols", "GOOG"], /--publish: port must be/],
    ["an endpoint without transport", ["feed", "--data", GOOG, "--bind", "127.0.0.1:5555"], /--bind: expected an endpoint such as tcp:\/\//],
    ["an unknown transport", ["feed", "--data", GOOG, "--bind", "udp://127.0.0.1:5555"], /--bind: transport 'udp' is not one of tcp, ipc, inproc/],
    ["a --max-frame-bytes below 1 KiB", ["live", "--connect", "tcp://127.0.0.1:5555", "--strategy", SMA, "--symbols", "GOOG", "--max-frame-bytes", "10"], /--max-frame-bytes: expected an integer from 1024 to 2147483648/],
    ["a number flag that does not read", ["backtest", "--data", GOOG, "--strategy", SMA, "--top", "abc"], /--top: expected a number, got "abc"/],
    ["a fractional --top", ["scan", "--data", GOOG, "--screen", resolve(EXAMPLES, "screens/intraday_1min.json"), "--top=2.5"], /--top: expected an integer >= 0, got 2\.5/],
    ["live --top that does not read", ["live", "--connect", "tcp://127.0.0.1:5555", "--strategy", SMA, "--symbols", "GOOG", "--top", "x"], /--top: expected a number, got "x"/],
    ["generate --bars that does not read", ["generate", "--out", join(dir, "g.csv"), "--bars", "many"], /--bars: expected a number, got "many"/],
    ["generate --bars below 1", ["generate", "--out", join(dir, "g.csv"), "--bars", "-3"], /--bars must be a positive integer, got -3/],
    ["--start after --end", ["backtest", "--data", GOOG, "--strategy", SMA, "--start", "2015-01-01", "--end", "2010-01-01"], /--start 2015-01-01 is after --end 2010-01-01/],
    ["a --start that does not read", ["feed", "--data", GOOG, "--bind", "tcp://127.0.0.1:0", "--start", "yesterday"], /--start: expected an ISO date or datetime.*"yesterday"/],
    ["scan --batch-size 0 (issue 14)", ["scan", "--data", GOOG, "--screen", resolve(EXAMPLES, "screens/intraday_1min.json"), "--batch-size", "0"], /--batch-size: expected a positive integer, got 0/],
    ["sweep --heatmap naming no grid parameter (issue 14)", ["sweep", "--data", GOOG, "--strategy", SMA, "--grid", resolve(EXAMPLES, "grids/sma_cross.json"), "--heatmap", "a,b"], /--heatmap: "a" is not a grid parameter/],
    // Every engine setting outside its range, on every command that takes it (issue 14: README says exit 2).
    ...(["backtest", "sweep", "live"] as const).flatMap((cmd): Array<[string, string[], RegExp]> => {
      const base: Record<typeof cmd, string[]> = {
        backtest: ["backtest", "--data", GOOG, "--strategy", SMA],
        sweep: ["sweep", "--data", GOOG, "--strategy", SMA, "--grid", resolve(EXAMPLES, "grids/sma_cross.json")],
        live: ["live", "--connect", "tcp://127.0.0.1:5555", "--strategy", SMA, "--symbols", "GOOG"],
      };
      const bad: Array<[string, string, RegExp]> = [
        ["commission", "5", /--commission: expected a fraction in \[0, 0\.5\).*got 5/],
        ["slippage", "0.5", /--slippage: expected a fraction in \[0, 0\.5\).*got 0\.5/],
        ["cash", "0", /--cash: expected a positive number, got 0/],
        ["commission-fixed", "-1", /--commission-fixed: expected a non-negative amount, got -1/],
        ["threads", "0", /--threads: expected a positive integer, got 0/],
      ];
      // live has no --threads (one engine, one thread).
      return bad.filter(([flag]) => cmd !== "live" || flag !== "threads").map(([flag, v, re]) => [`${cmd} --${flag} ${v}`, [...base[cmd], `--${flag}`, v], re]);
    }),
  ];
  it.each(cases)("%s", async (_what, args, message) => {
    const r = await cli(args);
    expect(r.code, r.stderr).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(r.stdout).toBe("");
  });

  it("accepts the ranges' edges: --start equal to --end, --top 0", async () => {
    const r = await cli(["backtest", "--data", GOOG, "--strategy", SMA, "--start", "2010-01-04", "--end", "2010-01-04", "--top", "0", "--json"]);
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout).symbols[0].bars).toBe(1);
  });
});

describe("checkEndpoint", () => {
  it("accepts tcp ports 1..65535, port 0 and * on a bind, ipc and inproc", () => {
    for (const ok of ["tcp://127.0.0.1:1", "tcp://127.0.0.1:65535", "tcp://*:5555", "tcp://[::1]:5555", "tcp://eth0:5555", "ipc:///tmp/feed.sock", "inproc://feed"]) {
      expect(checkEndpoint(ok, "connect", "connect")).toBe(ok);
    }
    expect(checkEndpoint("tcp://127.0.0.1:0", "bind", "bind")).toBe("tcp://127.0.0.1:0");
    expect(checkEndpoint("tcp://127.0.0.1:*", "bind", "bind")).toBe("tcp://127.0.0.1:*");
    expect(() => checkEndpoint("tcp://127.0.0.1:*", "connect", "connect")).toThrow(UsageError);
  });

  it("refuses every port outside its range (seeded random ports, deterministic)", () => {
    let x = 17;
    const rand = () => ((x = (x * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    for (let i = 0; i < 500; i++) {
      const port = Math.floor(rand() * 200_000);
      const text = rand() < 0.1 ? `${port}x` : String(port);
      for (const role of ["bind", "connect"] as const) {
        const valid = /^\d+$/.test(text) && port <= 65535 && port >= (role === "bind" ? 0 : 1);
        const call = () => checkEndpoint(`tcp://127.0.0.1:${text}`, role, role);
        if (valid) expect(call()).toBe(`tcp://127.0.0.1:${text}`);
        else expect(call, `${role} ${text}`).toThrow(UsageError);
      }
    }
  });
});

describe("keygen", () => {
  it("refuses to overwrite an existing key pair (exit 1) unless --force, and keeps the old keys", async () => {
    const keys = join(dir, "keys");
    expect((await cli(["keygen", "feed", "--dir", keys])).code).toBe(0);
    const secret = readFileSync(join(keys, "feed_secret"), "utf8");
    const again = await cli(["keygen", "feed", "--dir", keys]);
    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(/feed_secret already exists: refusing to overwrite.*--force/);
    expect(readFileSync(join(keys, "feed_secret"), "utf8")).toBe(secret);
    const forced = await cli(["keygen", "feed", "--dir", keys, "--force"]);
    expect(forced.code, forced.stderr).toBe(0);
    expect(readFileSync(join(keys, "feed_secret"), "utf8")).not.toBe(secret);
  });

  it("refuses when only the public file is there, writing nothing", async () => {
    const keys = join(dir, "half");
    expect((await cli(["keygen", "feed", "--dir", keys])).code).toBe(0);
    rmSync(join(keys, "feed_secret"));
    const r = await cli(["keygen", "feed", "--dir", keys]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/half\/feed already exists/);
    expect(existsSync(join(keys, "feed_secret"))).toBe(false);
  });
});
