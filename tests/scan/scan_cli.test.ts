/**
 * `barstream scan` end to end on the real S&P 500 set with its metadata: the candidates file, the report,
 * batching and symbol-subset parity, no look-ahead through the whole pipeline, and fired reasons checked
 * against the raw CSV by plain loops.
 */
import { execFile } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { promisify } from "node:util";

import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { runScan } from "../../src/scan/run.js";
import type { ScanResult } from "../../src/types/scan.js";
import { readCandidates } from "../../src/scan/candidates.js";
import { EXAMPLES, RAW, ROOT } from "../helpers.js";
import { rawRows } from "./reference.js";

const exec = promisify(execFile);
const BIN = resolve(ROOT, "bin/barstream.js");
const DATA = join(RAW, "sp500_5yr");
const META = join(RAW, "sp500_meta/constituents-financials_2018-02-08.csv");
const SCREEN = resolve(EXAMPLES, "screens/sp500_daily.json");
const dir = mkdtempSync(join(tmpdir(), "scan-cli-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const key = (c: { symbol: string; ts_ns: string; side: string; score: number; reasons: string[] }) => `${c.symbol} ${c.ts_ns} ${c.side} ${c.score} ${c.reasons.join("+")}`;

describe("barstream scan on the S&P 500", () => {
  let full: ScanResult;
  beforeAll(async () => {
    full = await runScan({ data: DATA, screen: SCREEN, meta: META, start: "2016-01-01", end: "2016-12-31", badRows: "skip", progress: false });
  });

  it("writes a sorted candidates file equal to the --json report, inside the window", async () => {
    const out = join(dir, "c.jsonl");
    const args = [BIN, "scan", "--data", DATA, "--screen", SCREEN, "--meta", META, "--start", "2016-01-01", "--end", "2016-12-31", "--skip-bad-rows", "--out", out, "--json"];
    const { stdout } = await exec("node", args, { cwd: ROOT, maxBuffer: 64 << 20 });
    const report = JSON.parse(stdout) as ScanResult;
    const file = await readCandidates(out, { sorted: true }); // also checks the format and the order
    expect(file.length).toBeGreaterThan(200);
    expect(file).toEqual(report.candidates);
    expect(file.map(key)).toEqual(full.candidates.map(key));
    for (const c of file) {
      expect(c.ts >= "2016-01-01" && c.ts <= "2016-12-31T23:59:59").toBe(true);
      expect(c.score).toBeGreaterThanOrEqual(2);
    }
    expect(report.summary.long + report.summary.short).toBe(file.length);
    expect(Object.keys(report.timing_ms)).toEqual(expect.arrayContaining(["prescreen", "load", "features", "score", "write"]));
    // Filters pushed into the scan: far fewer rows than the 619,040 of the set, and exactly the window.
    const skipped = Object.values(report.rows.skipped).reduce((a, n) => a + n, 0);
    expect(Math.abs(report.rows.load.read - report.rows.load.needed)).toBeLessThanOrEqual(skipped);
    expect(report.rows.load.needed).toBeLessThan(619_040 / 2);
  });

  it("gives the same candidates whatever the batch size or symbol subset", async () => {
    const small = await runScan({ data: DATA, screen: SCREEN, meta: META, start: "2016-01-01", end: "2016-12-31", badRows: "skip", batchSize: 60, progress: false });
    expect(small.candidates.map(key)).toEqual(full.candidates.map(key));
    const subset = ["AAPL", "CMG", "MSFT", "XOM", "JPM"];
    const part = await runScan({ data: DATA, screen: SCREEN, meta: META, symbols: subset, start: "2016-01-01", end: "2016-12-31", progress: false });
    expect(part.candidates.map(key)).toEqual(full.candidates.filter((c) => subset.includes(c.symbol)).map(key));
    expect(part.candidates.length).toBeGreaterThan(5);
  });

  it("has no look-ahead: a later --end changes no candidate up to the earlier end", async () => {
    const early = await runScan({ data: DATA, screen: SCREEN, meta: META, start: "2016-01-01", end: "2016-06-30", badRows: "skip", progress: false });
    const upTo = full.candidates.filter((c) => c.ts <= "2016-06-30T23:59:59");
    expect(early.candidates.map(key)).toEqual(upTo.map(key));
    expect(upTo.length).toBeGreaterThan(50);
  });

  it("fires Donchian breakouts and gaps where plain loops over the raw CSV say so", () => {
    let checked = 0;
    const bySymbol = new Map<string, typeof full.candidates>();
    for (const c of full.candidates) bySymbol.set(c.symbol, [...(bySymbol.get(c.symbol) ?? []), c]);
    for (const [symbol, cs] of bySymbol) {
      const all = rawRows(symbol).filter((r) => r.valid);
      for (const c of cs) {
        const t = all.findIndex((r) => r.date === c.ts.slice(0, 10));
        const bar = all[t]!;
        if (c.reasons.includes("donchian_breakout_up")) {
          const hi = Math.max(...all.slice(t - 20, t).map((r) => r.high));
          expect(bar.close, `${symbol} ${c.ts}`).toBeGreaterThan(hi);
          checked++;
        }
        if (c.reasons.includes("gap_down")) {
          expect(bar.open / all[t - 1]!.close - 1, `${symbol} ${c.ts}`).toBeLessThanOrEqual(-0.02);
          checked++;
        }
      }
    }
    expect(checked).toBeGreaterThan(30);
  });

  it("teaches with --help: options and examples", async () => {
    const { stdout } = await exec("node", [BIN, "scan", "--help"], { cwd: ROOT });
    expect(stdout).toContain("--screen");
    expect(stdout).toContain("--meta");
    expect(stdout).toContain("Examples:");
  });

  it("scans intraday 1-minute ETF bars with the intraday example", async () => {
    const r = await runScan({ data: join(RAW, "intraday_etf_1min"), screen: resolve(EXAMPLES, "screens/intraday_1min.json"), start: "2024-06-03", end: "2024-06-28", progress: false });
    expect(r.prescreen.symbols_in).toBe(3);
    const reasons = new Set(r.candidates.flatMap((c) => c.reasons));
    expect(reasons.has("session_high_break") || reasons.has("session_low_break")).toBe(true);
    expect(r.candidates.length).toBeGreaterThan(10);
  });
});

