/**
 * The plain path the sweep is checked against: one backtest per combination with the parameter
 * values substituted into the spec by an independent TypeScript walk of the dot paths (the sweep
 * substitutes in Rust). The backtest is `runBacktest`'s own pipeline (a `BacktestRun` pushed the
 * loaded symbols, converted by `fromRunResult`) with the bars loaded once per data selection
 * instead of once per combination.
 */
import { readFileSync } from "node:fs";

import { type BacktestOptions, type BarBatch, openDataset } from "../../src/index.js";
import { engineConfig, resolveBacktestOptions } from "../../src/backtest/options.js";
import { EngineRun } from "../../src/engine/backtest.js";
import { fromRunResult } from "../../src/backtest/result.js";
import type { Stats } from "../../src/types/backtest.js";

/** `spec` with each value at its dot path (missing parent objects created). */
export function substitute(spec: unknown, params: Record<string, number>): unknown {
  const out = structuredClone(spec) as Record<string, unknown>;
  for (const [path, value] of Object.entries(params)) {
    const keys = path.split(".");
    let o = out;
    for (const k of keys.slice(0, -1)) {
      if (typeof o[k] !== "object" || o[k] === null) o[k] = {};
      o = o[k] as Record<string, unknown>;
    }
    o[keys[keys.length - 1]] = value;
  }
  return out;
}

const batches = new Map<string, Promise<BarBatch>>();

/** Stats of a plain backtest of `strategy` (file) with `params` substituted: per symbol and universe. */
export async function plainBacktest(
  strategy: string,
  params: Record<string, number>,
  opts: Omit<BacktestOptions, "strategy">,
): Promise<{ perSymbol: Map<string, Record<string, unknown>>; universe: Record<string, unknown> }> {
  const o = resolveBacktestOptions(opts, { data: "", strategy });
  const key = JSON.stringify([o.data, o.symbols, o.start, o.end, o.badRows]);
  if (!batches.has(key)) {
    batches.set(key, openDataset(o.data, { symbols: o.symbols, start: o.start, end: o.end, badRows: o.badRows }).then(async (d) => (await d.load()).batch));
  }
  const batch = await batches.get(key)!;
  const spec = JSON.stringify(substitute(JSON.parse(readFileSync(strategy, "utf8")), params));
  const run = new EngineRun(spec, engineConfig(o));
  await run.push(batch);
  const r = fromRunResult(await run.finish(), {}, {});
  const byKey = (s: Stats): Record<string, unknown> => ({ ...s });
  return { perSymbol: new Map(r.symbols.map((s) => [s.symbol, byKey(s.stats)])), universe: byKey(r.universe.stats) };
}
