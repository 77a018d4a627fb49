/**
 * The plain path the sweep is checked against: one `runBacktest` per combination with the
 * parameter values substituted into the spec by an independent TypeScript walk of the dot paths
 * (the sweep substitutes in Rust).
 */
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

import { type BacktestOptions, runBacktest } from "../../src/index.js";

/** `spec` with `value` at dot path `path` (missing parent objects created). */
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

const dir = mkdtempSync(join(tmpdir(), "barstream-sweep-plain-"));
let files = 0;

/** Stats of a plain backtest of `strategy` (file) with `params` substituted: per symbol and universe. */
export async function plainBacktest(
  strategy: string,
  params: Record<string, number>,
  opts: Omit<BacktestOptions, "strategy">,
): Promise<{ perSymbol: Map<string, Record<string, unknown>>; universe: Record<string, unknown> }> {
  const file = join(dir, `spec-${files++}.json`);
  writeFileSync(file, JSON.stringify(substitute(JSON.parse(readFileSync(strategy, "utf8")), params)));
  const r = await runBacktest({ ...opts, strategy: file, progress: false });
  return { perSymbol: new Map(r.symbols.map((s) => [s.symbol, s.stats])), universe: r.universe.stats };
}
