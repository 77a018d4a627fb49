/**
 * Indicator outputs keep TA-Lib's scales (issue 14): ROC is in percent, not a fraction as settings
 * and statistics are. The spec reference says so for every kind, and a run on real data shows the
 * scale the docs state: `roc(1) > 1` fires on GOOG's daily moves above +1% (it would never fire if
 * ROC were a fraction: no day doubled), and `roc(1) > 100` (a doubling) never fires.
 */
import { readFileSync, writeFileSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";

import { afterAll, describe, expect, it } from "vitest";

import { runBacktest } from "../../src/backtest/run.js";
import { RAW, ROOT } from "../helpers.js";

const GOOG = resolve(RAW, "backtesting_py/GOOG.csv");
const dir = mkdtempSync(join(tmpdir(), "barstream-units-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The rows of the indicator table in crates/strategy/README.md, by kind: the unit column's text. */
function unitColumn(): Map<string, string> {
  const text = readFileSync(resolve(ROOT, "crates/strategy/README.md"), "utf8");
  const table = text.slice(text.indexOf("| kind | fields | outputs | unit of the output |"));
  const lines = table.split("\n");
  const rows = lines.slice(2, lines.indexOf("", 2)); // up to the blank line after the table
  const out = new Map<string, string>();
  for (const r of rows) {
    const cells = r.split(" | ");
    for (const kind of cells[0]!.matchAll(/`(\w+)`/g)) out.set(kind[1]!, cells[3]!);
  }
  return out;
}

async function longTrades(rule: string): Promise<number> {
  const spec = join(dir, `${rule.replace(/\W+/g, "_")}.json`);
  writeFileSync(spec, JSON.stringify({ name: "roc_units", indicators: { r: { kind: "roc", period: 1 } }, entry_long: rule, exit_long: "r < 0" }));
  const res = await runBacktest({ data: GOOG, strategy: spec, progress: false });
  return res.universe.stats.n_trades ?? 0;
}

describe("indicator units", () => {
  it("the strategy reference names a unit for every indicator kind, percent for ROC", () => {
    const units = unitColumn();
    expect([...units.keys()].sort()).toEqual(["atr", "bbands", "donchian", "ema", "highest", "lowest", "macd", "roc", "rsi", "sma", "stddev", "wma"]);
    expect(units.get("roc")).toMatch(/percent/);
    expect(units.get("rsi")).toMatch(/0\.\.100/);
  });

  it("ROC is percent on real data: roc(1) > 1 fires on +1% days, a fraction-scaled threshold never does", async () => {
    const percent = await longTrades("r > 1");
    expect(percent).toBeGreaterThan(50);
    expect(await longTrades("r > 100")).toBe(0); // GOOG never doubled in a day
  });
});
