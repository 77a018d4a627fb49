/**
 * `barstream backtest --candidates`: the report gains coverage (terminal, --json, --out),
 * --verify prints the parity check and the speedup, and bad input gives a clear message:
 * missing file, malformed line, unknown symbol, candidate outside the data or between bars.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";

import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { cli, EXAMPLES, RAW } from "../helpers.js";
import { line, writeBreakouts } from "./helpers.js";

const DATA = resolve(RAW, "sp500_5yr");
const STRATEGY = resolve(EXAMPLES, "strategies/sma_cross.json");
const dir = mkdtempSync(join(tmpdir(), "barstream-focus-cli-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));


function write(name: string, lines: string[]): string {
  const f = join(dir, name);
  writeFileSync(f, `${lines.join("\n")}\n`);
  return f;
}

// AAPL's first bars: 2013-02-08 (Fri), 2013-02-11 (Mon), ...; its last bar 2018-02-07.
const DAY = 86_400_000_000_000n;
const FEB_08_2013 = 1_360_281_600_000_000_000n;
const base = ["backtest", "--data", DATA, "--symbols", "AAPL,MSFT", "--strategy", STRATEGY];

describe("backtest --candidates", () => {
  let good: string;
  beforeAll(async () => {
    good = join(dir, "good.jsonl");
    await writeBreakouts(resolve(RAW, "sp500_5yr"), good, 60, 2);
  });

  it("prints coverage and, with --verify, the parity check and speedup", async () => {
    const r = await cli([...base, "--candidates", good, "--verify"]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain("Focused replay");
    expect(r.stdout).toMatch(/Coverage\s+│ \d+\.\d\d%: [\d,]+ of 2,518 bars simulated/);
    expect(r.stdout).toContain("identical (trades, equity, statistics, bit for bit)");
    expect(r.stdout).toMatch(/Speedup \(engine time\)\s+│ \d+\.\dx: focused/);
    // Candidates of the other 503 symbols are not in the selection: counted, with a warning.
    expect(r.stderr).toMatch(/candidate\(s\) name symbols not in the data, skipped/);
  });

  it("puts the focus section in --json and in --out's summary.json", async () => {
    const out = join(dir, "out");
    const r = await cli([...base, "--candidates", good, "--window", "7", "--json", "--out", out]);
    expect(r.code, r.stderr).toBe(0);
    const j = JSON.parse(r.stdout);
    expect(j.focus.window).toBe(7);
    expect(j.focus.symbols.map((s: { symbol: string }) => s.symbol)).toEqual(["AAPL", "MSFT"]);
    expect(j.focus.coverage).toBeGreaterThan(0);
    expect(j.focus.coverage).toBeLessThanOrEqual(1);
    expect(j.focus.candidates.used + j.focus.candidates.unknown_symbol).toBe(j.focus.lines);
    expect(j.settings.candidates).toBe(good);
    const summary = JSON.parse(readFileSync(join(out, "summary.json"), "utf8"));
    expect(summary.focus.bars_simulated).toBe(j.focus.bars_simulated);
  });

  it("maps a time between two bars to the next bar and counts it", async () => {
    // Saturday 2013-02-09 -> Monday 2013-02-11 (AAPL's second bar).
    const f = write("snap.jsonl", [line("AAPL", FEB_08_2013 + DAY), line("AAPL", FEB_08_2013)]);
    const r = await cli([...base, "--candidates", f, "--json"]);
    expect(r.code, r.stderr).toBe(0);
    const c = JSON.parse(r.stdout).focus.candidates;
    expect(c).toEqual({ used: 2, exact: 1, snapped: 1, unknown_symbol: 0, outside_data: 0 });
    expect(r.stderr).toContain("1 candidate(s) fall between two bars; each uses the next bar");
  });

  it("skips candidates outside the data or of unknown symbols with a warning, and fails when none is left", async () => {
    const before = FEB_08_2013 - 30n * DAY;
    const after = FEB_08_2013 + 2000n * DAY;
    const some = write("some.jsonl", [line("AAPL", FEB_08_2013), line("AAPL", before), line("AAPL", after), line("NOPE", FEB_08_2013)]);
    let r = await cli([...base, "--candidates", some, "--json"]);
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout).focus.candidates).toEqual({ used: 1, exact: 1, snapped: 0, unknown_symbol: 1, outside_data: 2 });
    expect(r.stderr).toContain("2 candidate(s) fall before the first or after the last bar of their symbol, skipped");
    expect(r.stderr).toContain("1 candidate(s) name symbols not in the data, skipped (e.g. NOPE)");

    r = await cli([...base, "--candidates", write("outside.jsonl", [line("AAPL", before), line("MSFT", after)])]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/none of the 2 candidates matches a bar of the data \(0 unknown symbol, 2 outside the data\)/);
    r = await cli([...base, "--candidates", write("unknown.jsonl", [line("NOPE", FEB_08_2013)])]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("none of the 1 candidates names a symbol of the data (e.g. NOPE)");
  });

  it("names the file, line and field of a malformed line and exits 1", async () => {
    const f = write("bad.jsonl", [line("AAPL", FEB_08_2013), line("AAPL", FEB_08_2013).replace('"side":"long"', '"side":"flat"')]);
    const r = await cli([...base, "--candidates", f]);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(`barstream: ${f} line 2: field 'side' must be "long" or "short", got "flat"\n`);
  });

  it("says a missing candidates file cannot be read, and --verify needs --candidates", async () => {
    let r = await cli([...base, "--candidates", join(dir, "nope.jsonl")]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`candidates file ${join(dir, "nope.jsonl")}: cannot read (ENOENT)`);
    r = await cli([...base, "--verify"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("--verify: expected --candidates with it");
  });

  it("teaches focused replay in --help", async () => {
    const r = await cli(["backtest", "--help"]);
    expect(r.stdout).toContain("--candidates");
    expect(r.stdout).toContain("--window");
    expect(r.stdout).toContain("--verify");
    expect(r.stdout).toContain("Focused replay around scan candidates");
  });
});
