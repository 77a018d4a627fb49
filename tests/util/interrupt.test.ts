/**
 * Issue 17 cases 10 and 11, end to end on the real bin: nothing half-written.
 *
 * Kills land at exact points through the test seam `BARSTREAM_TEST_HOLD` (src/util/test-seams.ts):
 * the CLI prints "barstream-test: holding at <point> of <file>" and waits; the test then sends the
 * signal. No sleeps. A full disk is a real one: a 96 KiB tmpfs mounted in a user namespace
 * (`unshare -rm`), where the test is skipped only if the machine has no user namespaces.
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";

import { describe, expect, it } from "vitest";

import { openDataset } from "../../src/index.js";
import { cli, RAW, ROOT } from "../helpers.js";
import { BIN, type Proc, start } from "../live/procs.js";

const GOOG = resolve(RAW, "backtesting_py", "GOOG.csv");
const SP500 = resolve(RAW, "sp500_5yr");
const SMA = "examples/strategies/sma_cross.json";
const GRID = "examples/grids/sma_cross.json";
const tmp = () => mkdtempSync(join(tmpdir(), "barstream-interrupt-"));

/** `start` with the test seam set. */
function startHeld(hold: string, args: string[]): Proc {
  const saved = process.env.BARSTREAM_TEST_HOLD;
  process.env.BARSTREAM_TEST_HOLD = hold;
  try {
    return start(args);
  } finally {
    if (saved === undefined) delete process.env.BARSTREAM_TEST_HOLD;
    else process.env.BARSTREAM_TEST_HOLD = saved;
  }
}

/** Every file of `dir` (hidden ones too) with its bytes. */
const snapshot = (dir: string) => new Map(readdirSync(dir).map((n) => [n, readFileSync(join(dir, n))]));
const temps = (dir: string) => readdirSync(dir).filter((n) => /\.tmp-\d+-[0-9a-f]{8}$/.test(n));

describe("backtest --out killed while writing (case 10)", () => {
  for (const [point, file] of [["rename", "equity.csv"], ["mid-write", "trades.jsonl"]] as const) {
    it(`SIGKILL at ${point} of ${file}: that file is the previous run's, byte for byte; no summary.json; a rerun is whole`, async () => {
      const out = tmp();
      const args = ["backtest", "--data", GOOG, "--strategy", SMA, "--out", out];
      expect((await cli([...args, "--end", "2006-12-31"])).code).toBe(0);
      const before = snapshot(out);
      expect([...before.keys()].sort()).toEqual(["equity.csv", "open_trades.csv", "skipped.csv", "summary.json", "symbols.csv", "trades.csv", "trades.jsonl"]);

      const p = startHeld(`${point}:${file}`, args);
      await p.waitFor(new RegExp(`holding at ${point} of .*${file}`));
      p.child.kill("SIGKILL");
      expect(await p.exited).toBe("SIGKILL");

      const after = snapshot(out);
      expect(after.get(file)!.equals(before.get(file)!)).toBe(true);
      expect(after.has("summary.json")).toBe(false); // removed first, written last: visibly incomplete
      expect(temps(out)).toHaveLength(1); // the held file's temporary file, which SIGKILL cannot remove

      const full = await cli(args);
      expect(full.code, full.stderr).toBe(0);
      expect(temps(out)).toEqual([]); // the killed run's temporary file is cleaned up
      expect(readFileSync(join(out, file)).equals(before.get(file)!)).toBe(false);
      expect(JSON.parse(readFileSync(join(out, "summary.json"), "utf8")).universe.trades).toBeGreaterThan(0);
      // Every data file left by the kill was whole: the earlier run's bytes or the (deterministic) new run's.
      const done = snapshot(out);
      for (const [name, bytes] of after) {
        if (/\.tmp-/.test(name)) continue;
        expect(bytes.equals(before.get(name)!) || bytes.equals(done.get(name)!), name).toBe(true);
      }
    });
  }
});

describe("import interrupted (case 10)", () => {
  it("a killed import leaves a dataset that every run refuses, naming the folder and the fix", async () => {
    const out = join(tmp(), "ds");
    const p = startHeld("rename:symbol=MSFT", ["import", SP500, "--out", out, "--symbols", "AAPL,MSFT,XOM", "--skip-bad-rows"]);
    await p.waitFor(/holding at rename of .*symbol=MSFT/);
    p.child.kill("SIGKILL");
    expect(await p.exited).toBe("SIGKILL");
    expect(existsSync(join(out, "symbol=AAPL", "data.parquet"))).toBe(true); // a partial dataset

    const refused = /the import into this folder did not finish .*delete .* and run 'barstream import' again/;
    await expect(openDataset(out)).rejects.toThrow(refused);
    const bt = await cli(["backtest", "--data", out, "--strategy", SMA]);
    expect(bt.code).toBe(1);
    expect(bt.stderr).toMatch(refused);
    const again = await cli(["import", SP500, "--out", out, "--symbols", "AAPL,MSFT,XOM", "--skip-bad-rows"]);
    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(/not empty \(it holds an earlier import, finished or not: delete it to import again\)/);
  });

  it("a finished import is marked complete and loads; a hand-made dataset (no marker) loads as before", async () => {
    const out = join(tmp(), "ds");
    const r = await cli(["import", SP500, "--out", out, "--symbols", "AAPL,MSFT", "--skip-bad-rows"]);
    expect(r.code, r.stderr).toBe(0);
    const marker = JSON.parse(readFileSync(join(out, "_barstream_import.json"), "utf8"));
    expect(marker).toMatchObject({ format: 1, complete: true, symbols: 2 });
    expect((await openDataset(out)).symbols).toEqual(["AAPL", "MSFT"]);

    const hand = tmp();
    mkdirSync(join(hand, "symbol=AAPL"));
    writeFileSync(join(hand, "symbol=AAPL", "data.parquet"), readFileSync(join(out, "symbol=AAPL", "data.parquet")));
    expect((await openDataset(hand)).symbols).toEqual(["AAPL"]);
    writeFileSync(join(hand, "_barstream_import.json"), JSON.stringify({ format: 1, complete: false, src: "x", started: "2026-01-01T00:00:00Z" }));
    await expect(openDataset(hand)).rejects.toThrow(/did not finish/);
  });
});

describe("sweep --out (cases 10 and 11)", () => {
  it("a reused --out keeps nothing of the earlier run: no stale best_strategy.json, heatmap or ranked tables", async () => {
    const out = tmp();
    const plain = await cli(["sweep", "--data", GOOG, "--strategy", SMA, "--grid", GRID, "--out", out]);
    expect(plain.code, plain.stderr).toBe(0);
    expect(existsSync(join(out, "best_strategy.json"))).toBe(true);
    writeFileSync(join(out, "notes.txt"), "mine");
    const wf = await cli(["sweep", "--data", GOOG, "--strategy", SMA, "--grid", GRID, "--out", out, "--walk-forward", "rolling", "--wf-splits", "3"]);
    expect(wf.code, wf.stderr).toBe(0);
    expect(readdirSync(out).sort()).toEqual(["notes.txt", "skipped.csv", "summary.json", "walk_forward.json"]);
  });

  it("Ctrl-C while the files are written: a message, every file whole (summary complete), exit 130", async () => {
    const out = tmp();
    const p = start(["sweep", "--data", GOOG, "--strategy", SMA, "--grid", GRID, "--out", out]);
    expect(await p.exited, p.stderr()).toBe(0);
    const full = snapshot(out);

    const out2 = tmp();
    const q = startHeld("rename:per_symbol.parquet", ["sweep", "--data", GOOG, "--strategy", SMA, "--grid", GRID, "--out", out2]);
    await q.waitFor(/holding at rename of .*per_symbol\.parquet/);
    q.child.kill("SIGINT");
    expect(await q.exited, q.stderr()).toBe(130);
    expect(q.stderr()).toMatch(/barstream: SIGINT received, finishing the files being written, then exiting 130/);
    expect(q.stderr()).toMatch(/barstream: interrupted after the sweep finished; every file written is whole/);
    const got = snapshot(out2);
    expect([...got.keys()].sort()).toEqual([...full.keys()].sort());
    for (const name of ["ranked.csv", "per_symbol.csv", "best_strategy.json", "heatmap.json"]) {
      expect(got.get(name)!.equals(full.get(name)!), name).toBe(true);
    }
    expect(JSON.parse(got.get("summary.json")!.toString()).complete).toBe(true);
  });
});

const userns = spawnSync("unshare", ["-rm", "true"]).status === 0;

describe.runIf(userns)("full disk (case 10): a real 96 KiB tmpfs", () => {
  it("backtest --out and scan --out fail with 'disk full', naming the file; the previous files survive, no temp file", () => {
    const work = tmp();
    const mnt = join(work, "mnt");
    const res = join(work, "res");
    mkdirSync(mnt);
    mkdirSync(res);
    const screen = join(work, "screen.json");
    writeFileSync(screen, JSON.stringify({ name: "t", features: { ma_cross: { kind: "sma", fast: 5, slow: 20, weight: 1 }, donchian: { period: 10, weight: 1 } }, threshold: 1, emit_last_bars: 5000 }));
    const bt = `node ${BIN} backtest --data ${GOOG} --strategy ${SMA} --out ${mnt}/bt`;
    const scan = `node ${BIN} scan --data ${GOOG} --screen ${screen} --out ${mnt}/cands.jsonl`;
    // Small runs first (they fit), then the full runs (they do not); results copied out before the mount goes.
    const script = [
      `mount -t tmpfs -o size=96k tmpfs ${mnt}`,
      `${bt} --end 2005-06-30 >/dev/null 2>&1 && ${scan} --end 2005-01-01 >/dev/null 2>&1 || exit 9`,
      `cp -a ${mnt}/. ${res}/old`,
      `${bt} >/dev/null 2>${res}/bt.err; echo $? >${res}/bt.code`,
      `${scan} >/dev/null 2>${res}/scan.err; echo $? >${res}/scan.code`,
      `cp -a ${mnt}/. ${res}/new`,
    ].join("\n");
    const r = spawnSync("unshare", ["-rm", "sh", "-c", script], { cwd: ROOT, encoding: "utf8" });
    expect(r.status, r.stderr).toBe(0);
    const text = (f: string) => readFileSync(join(res, f), "utf8");

    expect(text("bt.code").trim()).toBe("1");
    expect(text("bt.err")).toMatch(new RegExp(`^barstream: --out ${mnt}/bt/\\S+: cannot write \\(disk full \\(ENOSPC\\)\\); the previous file, if any, is unchanged\\n$`));
    expect(existsSync(join(res, "new", "bt", "summary.json"))).toBe(false);
    expect(temps(join(res, "new", "bt"))).toEqual([]);
    // Each file is the earlier run's or the new run's, whole: never a cut one.
    const fresh = tmp();
    expect(spawnSync("node", [BIN, "backtest", "--data", GOOG, "--strategy", SMA, "--out", fresh], { cwd: ROOT }).status).toBe(0);
    for (const [name, bytes] of snapshot(join(res, "new", "bt"))) {
      const old = readFileSync(join(res, "old", "bt", name));
      expect(bytes.equals(old) || bytes.equals(readFileSync(join(fresh, name))), name).toBe(true);
    }
    expect(readFileSync(join(res, "new", "bt", "equity.csv")).equals(readFileSync(join(res, "old", "bt", "equity.csv")))).toBe(true);

    expect(text("scan.code").trim()).toBe("1");
    expect(text("scan.err")).toBe(`barstream: --out ${mnt}/cands.jsonl: cannot write (disk full (ENOSPC)); the previous file, if any, is unchanged\n`);
    expect(readFileSync(join(res, "new", "cands.jsonl")).equals(readFileSync(join(res, "old", "cands.jsonl")))).toBe(true);
    expect(temps(join(res, "new"))).toEqual([]);
  });
});
