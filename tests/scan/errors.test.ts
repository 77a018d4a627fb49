/** Bad screen specs, bad metadata files and bad options: clear errors naming the file, path, row or field; exit 1. */
import { execFile } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { promisify } from "node:util";

import { afterAll, describe, expect, it } from "vitest";

import { runScan } from "../../src/scan/run.js";
import { EXAMPLES, RAW, ROOT } from "../helpers.js";

const exec = promisify(execFile);
const DATA = join(RAW, "sp500_5yr");
const META = join(RAW, "sp500_meta/constituents-financials_2018-02-08.csv");
const SCREEN = resolve(EXAMPLES, "screens/sp500_daily.json");
const dir = mkdtempSync(join(tmpdir(), "scan-errors-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function file(name: string, text: string): string {
  const p = join(dir, name);
  writeFileSync(p, text);
  return p;
}
// The cases poke arbitrary paths of a parsed screen spec; typing each path would hide what a case breaks.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Spec = any;
const spec = (edit: (s: Spec) => void) => {
  const s = JSON.parse(readFileSync(SCREEN, "utf8"));
  edit(s);
  return JSON.stringify(s);
};
const scan = (screen: string, meta?: string) => runScan({ data: DATA, screen, meta, symbols: ["AAPL", "XOM"], progress: false });

describe("scan errors", () => {
  it("names the JSON path of a bad screen spec, via the CLI with exit code 1", async () => {
    const bad = file("bad.json", spec((s) => (s.features.donchian.period = 0)));
    const r = await exec("node", [resolve(ROOT, "bin/barstream.js"), "scan", "--data", DATA, "--screen", bad]).catch((e) => e);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`screen file ${bad}: features.donchian.period: must be a whole number of bars in 1..=1000000; got 0 at line`);
  });

  it.each([
    ["unknown key", (s: Spec) => (s.features.donchian.perid = 3), "features.donchian.perid: unknown field `perid`, expected `period` or `weight`"],
    ["wrong type", (s: Spec) => (s.threshold = "2"), 'threshold: invalid type: string "2", expected f64'],
    ["range", (s: Spec) => (s.prescreen.max_volatility = -1), "prescreen.max_volatility: must be a finite number > 0; got -1"],
    ["bad regex", (s: Spec) => (s.prescreen.symbols.pattern = "^[A-Z"), "prescreen.symbols.pattern: not a valid regular expression"],
    ["warm-up too short", (s: Spec) => (s.warmup_bars = 20), "warmup_bars: must be at least the features' lookback of 113 bars; got 20"],
  ])("rejects a spec with a %s", async (_label, edit, message) => {
    await expect(scan(file("s.json", spec(edit)), META)).rejects.toThrow(message);
  });

  it("says a metadata rule needs --meta, and an unknown sector needs fixing", async () => {
    await expect(scan(SCREEN, undefined)).rejects.toThrow("prescreen market-cap/sector rules need universe metadata: pass --meta FILE");
    const s = file("sector.json", spec((x) => (x.prescreen.sectors = { Enrgy: { min_market_cap: 1 } })));
    await expect(scan(s, META)).rejects.toThrow(`prescreen.sectors.Enrgy: no such sector in meta file ${META} (sectors: Consumer Discretionary,`);
  });

  it.each([
    ["missing column", "Symbol,Sector\nAAPL,Tech\n", "no 'Market Cap' column among [Symbol, Sector]"],
    ["bad number", "Symbol,Sector,Market Cap\nAAPL,Tech,1e12\nXOM,Energy,lots\n", "row 2: field 'Market Cap' = 'lots' is not a number"],
    ["duplicate symbol", "Symbol,Sector,Market Cap\nAAPL,Tech,1\nAAPL,Tech,2\n", "row 2: symbol 'AAPL' already listed in row 1"],
    ["empty symbol", "Symbol,Sector,Market Cap\n,Tech,1\n", "row 1: field 'Symbol' is empty"],
  ])("rejects a metadata file with a %s, naming file and row", async (_label, text, message) => {
    const meta = file("meta.csv", text);
    await expect(scan(SCREEN, meta)).rejects.toThrow(`meta file ${meta}`);
    await expect(scan(SCREEN, meta)).rejects.toThrow(message);
  });

  it("rejects --start after --end and an unknown symbol", async () => {
    await expect(runScan({ data: DATA, screen: SCREEN, meta: META, start: "2017-01-01", end: "2016-01-01" })).rejects.toThrow("--start 2017-01-01 is after --end 2016-01-01");
    await expect(runScan({ data: DATA, screen: SCREEN, meta: META, symbols: ["NOPE"] })).rejects.toThrow("unknown symbol(s) NOPE");
  });
});
