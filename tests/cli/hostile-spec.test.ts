/**
 * Hostile strategy, screen and grid files through the real CLI (issue 17, cases 1 and 2): rules
 * nested thousands deep or chained 20,000 long, and indicator periods of 1e10, end in a clear
 * error (exit 1, as every invalid spec file) or a normal run, never in a signal (before: SIGSEGV
 * from the recursive parser, SIGABRT "memory allocation failed" from `highest(1e10)`).
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";

import { afterAll, describe, expect, it } from "vitest";

import { cli, EXAMPLES, RAW } from "../helpers.js";

const GOOG = resolve(RAW, "backtesting_py/GOOG.csv");
const SP500 = resolve(RAW, "sp500_5yr");
const dir = mkdtempSync(join(tmpdir(), "barstream-hostile-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function write(name: string, value: unknown): string {
  const p = join(dir, name);
  writeFileSync(p, typeof value === "string" ? value : JSON.stringify(value));
  return p;
}

const strategy = (entry: string, indicators: Record<string, unknown> = { fast: { kind: "sma", period: 10 }, slow: { kind: "sma", period: 30 } }) => ({
  name: "hostile",
  indicators,
  entry_long: entry,
  exit_long: "crossunder(fast, slow)",
});

/** Exit code 1 with `message` on stderr, and no signal (a signal leaves `code` null). */
function expectRefused(r: { code: number; stderr: string }, message: string): void {
  expect(r.code, r.stderr).toBe(1);
  expect(r.stderr).toContain(message);
  expect(r.stderr).not.toMatch(/panicked|memory allocation|stack overflow/);
  expect(r.stderr.length).toBeLessThan(2_000); // a 10 KB rule is not echoed whole
}

const RANGE = "must be a whole number of bars in 1..=1000000; got";

describe("hostile specs through the CLI", () => {
  it("backtest: a rule of 20,000 chained `and`s (160 KB) runs, and trades exactly as its distinct terms", async () => {
    const long = write("and.json", strategy(`crossover(fast, slow)${" and 1<2".repeat(20_000)}`));
    const short = write("short.json", strategy("crossover(fast, slow) and 1<2"));
    const a = await cli(["backtest", "--data", GOOG, "--strategy", long, "--json"]);
    expect(a.code, a.stderr).toBe(0);
    const b = await cli(["backtest", "--data", GOOG, "--strategy", short, "--json"]);
    expect(b.code, b.stderr).toBe(0);
    const [ja, jb] = [JSON.parse(a.stdout), JSON.parse(b.stdout)];
    expect(ja.trades.length).toBeGreaterThan(10);
    expect(ja.trades).toEqual(jb.trades);
    expect(ja.universe.stats).toEqual(jb.universe.stats);
  });

  it("backtest: 4,000 nested parentheses are refused at the 129th, with the position", async () => {
    const deep = write("deep.json", strategy(`${"(".repeat(4_000)}close > fast${")".repeat(4_000)}`));
    const r = await cli(["backtest", "--data", GOOG, "--strategy", deep]);
    expectRefused(r, `strategy file ${deep}: entry_long: the rule nests too deeply: more than 128 levels`);
    expect(r.stderr).toContain("(at char 128 of 8012)");
  });

  it("backtest: highest/lowest/donchian/sma with a period of 1e10 are refused at the period's JSON path", async () => {
    for (const [name, kind] of [["h", "highest"], ["l", "lowest"], ["d", "donchian"], ["s", "sma"]] as const) {
      const spec = write(`${kind}.json`, { name: "p", indicators: { [name]: { kind, period: 1e10 } }, entry_long: "close > 0" });
      const r = await cli(["backtest", "--data", GOOG, "--strategy", spec]);
      expectRefused(r, `strategy file ${spec}: indicators.${name}.period: ${RANGE} 10000000000`);
    }
  });

  it("scan: a donchian period of 1e10 is refused at its JSON path", async () => {
    const screen = write("screen.json", { name: "s", threshold: 1, features: { donchian: { period: 1e10 } } });
    const r = await cli(["scan", "--data", SP500, "--symbols", "AAPL", "--screen", screen]);
    expectRefused(r, `screen file ${screen}: features.donchian.period: ${RANGE} 10000000000`);
  });

  it("sweep: a grid value of 1e10 for a period is refused before anything is allocated for it", async () => {
    const grid = write("grid.json", { params: { "indicators.fast.period": [5, 1e10] } });
    const r = await cli(["sweep", "--data", GOOG, "--strategy", resolve(EXAMPLES, "strategies/sma_cross.json"), "--grid", grid]);
    expectRefused(r, `combination 1 (indicators.fast.period=10000000000): indicators.fast.period: ${RANGE} 10000000000`);
  });
});
