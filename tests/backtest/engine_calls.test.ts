/**
 * The boundary of a universe backtest: one N-API call per batch (`BacktestRun.push`) plus one
 * `finish`, and no other engine call while it runs (no per-symbol or per-row call, no universe
 * call: Rust computes the whole run result). Every function of the addon and every method of its
 * classes is wrapped with a spy; the run goes through `runBacktest` (the gateway in src/engine).
 */
import { readdirSync } from "node:fs";
import { resolve } from "node:path";

import { afterAll, describe, expect, it, vi } from "vitest";

import { runBacktest } from "../../src/backtest/run.js";
import { native } from "../../src/engine/native.js";
import { EXAMPLES, RAW } from "../helpers.js";

const SP500 = resolve(RAW, "sp500_5yr");
const SYMBOLS = readdirSync(SP500).filter((f) => f.endsWith("_data.csv")).map((f) => f.replace(/_data\.csv$/, "")).sort().slice(0, 40);

/** Spies on every function export of the addon and every prototype method of its classes; name -> spy. */
function spyEverything() {
  const spies = new Map<string, { mock: { calls: unknown[] }; mockRestore(): void }>();
  const addon = native as unknown as Record<string, unknown>;
  for (const [name, value] of Object.entries(addon)) {
    if (typeof value !== "function") continue;
    const proto = (value as { prototype?: object }).prototype;
    const methods = proto ? Object.getOwnPropertyNames(proto).filter((m) => m !== "constructor" && typeof Object.getOwnPropertyDescriptor(proto, m)?.value === "function") : [];
    if (methods.length > 0) {
      for (const m of methods) spies.set(`${name}.${m}`, vi.spyOn(proto as Record<string, () => unknown>, m));
    } else {
      spies.set(name, vi.spyOn(addon as Record<string, () => unknown>, name));
    }
  }
  return spies;
}

describe("engine calls of a universe backtest", () => {
  const spies = spyEverything();
  afterAll(() => spies.forEach((s) => s.mockRestore()));

  it("crosses N-API once per batch plus one finish, and nothing else", async () => {
    expect(SYMBOLS.length).toBe(40);
    const r = await runBacktest({ data: SP500, symbols: SYMBOLS, strategy: resolve(EXAMPLES, "strategies/sma_cross.json"), batchSize: 8, badRows: "skip", progress: false });
    expect(r.symbols.length).toBe(40);
    expect(r.trades.length).toBeGreaterThan(0);
    const counts = Object.fromEntries([...spies].map(([k, s]) => [k, s.mock.calls.length]).filter(([, n]) => (n as number) > 0));
    // Setup, once per run: the strategy is validated when read, the settings by the engine's
    // check; the settings schema (defaults) is read at most once per process (cached).
    const { backtestConfigSchema: schemaReads = 0, ...rest } = counts as Record<string, number>;
    expect(schemaReads).toBeLessThanOrEqual(1);
    // The engine work: 40 symbols in batches of 8 are 5 pushes, then one finish, and nothing else.
    expect(rest).toEqual({ "BacktestRun.push": 5, "BacktestRun.finish": 1, "validateStrategy": 1, "validateBacktestConfig": 1 });
  });
});
