/**
 * Cancelling a sweep at a known point, in process: `SweepJob.cancel()` is called from the
 * progress poll once `progress()` reports a fixed number of finished (combination, symbol)
 * pairs, never after a sleep. Whatever the machine's speed, the run is then cancelled with at
 * least that many rows and far fewer than all of them (the grid is sized so the rest takes
 * seconds; the cancel lands within a poll tick), and the finished rows are exactly what the
 * uncancelled run would give: equal to plain backtests. The CLI's Ctrl-C path is in cli.test.ts.
 */
import { readFileSync } from "node:fs";
import { resolve } from "node:path";

import { describe, expect, it } from "vitest";

import { openDataset } from "../../src/index.js";
import { engineConfig, resolveBacktestOptions } from "../../src/backtest/options.js";
import { native } from "../../src/engine/native.js";
import { EXAMPLES, RAW } from "../helpers.js";
import { plainBacktest } from "./plain.js";

const SP500 = resolve(RAW, "sp500_5yr");
const SMA = resolve(EXAMPLES, "strategies", "sma_cross.json");
const SYMBOLS = ["AAPL", "MSFT", "XOM", "JPM", "KO", "PG", "INTC", "CSCO", "PFE", "WMT", "GE", "T", "VZ", "CVX", "MRK", "JNJ", "IBM", "ORCL", "HD", "DIS"];
/** 59 x 281 = 16,579 combinations x 20 symbols: about 330,000 pairs, seconds of work on one thread. */
const GRID = JSON.stringify({ params: { "indicators.fast.period": { from: 2, to: 60, step: 1 }, "indicators.slow.period": { from: 20, to: 300, step: 1 } } });
/** The known point: cancel once this many pairs are finished (a few per cent of the run). */
const AT = 10_000;

const asNum = (v: unknown) => (v === null || v === undefined ? NaN : (v as number));

describe("SweepJob cancelled from the progress poll", () => {
  it(`at >= ${AT.toLocaleString("en-US")} finished pairs: cancelled, consistent rows, each equal to a plain backtest`, async () => {
    const opts = { data: SP500, symbols: SYMBOLS, badRows: "skip" as const };
    const { batch } = await (await openDataset(SP500, opts)).load();
    const k = batch.symbols.length;
    expect(k).toBe(SYMBOLS.length);
    const config = engineConfig(resolveBacktestOptions(opts, { data: SP500, strategy: SMA }));
    // One thread and a 1 MiB accumulator budget: passes of a few dozen combinations, so some
    // combinations finish every symbol (universe rows) well before the cancel point.
    const job = new native.SweepJob(batch, readFileSync(SMA, "utf8"), GRID, { ...config, threads: 1, memoryBudgetMb: 1 });
    expect(job.units).toBe(16_579 * k);

    let seenAtCancel = -1;
    const poll = setInterval(() => {
      const done = job.progress();
      if (seenAtCancel < 0 && done >= AT) {
        seenAtCancel = done;
        job.cancel();
      }
    }, 1);
    const r = await job.run().finally(() => clearInterval(poll));

    expect(r.cancelled).toBe(true);
    expect(seenAtCancel).toBeGreaterThanOrEqual(AT);
    const rows = r.perSymbol.combo.length;
    expect(rows).toBe(job.progress()); // every finished pair is a row, nothing else
    expect(rows).toBeGreaterThanOrEqual(seenAtCancel);
    expect(rows).toBeLessThan(job.units);
    const m = r.metricNames.length;
    expect(r.perSymbol.symbolIndex.length).toBe(rows);
    expect(r.perSymbol.metrics.length).toBe(rows * m);

    // Universe rows: the first n combinations (passes finish in order), each finished for every symbol.
    const n = r.universe.combo.length;
    expect(n).toBeGreaterThan(0);
    expect(Array.from(r.universe.combo)).toEqual(Array.from({ length: n }, (_, c) => c));
    const symbolsOf = new Map<number, Set<number>>();
    r.perSymbol.combo.forEach((c, i) => symbolsOf.set(c, (symbolsOf.get(c) ?? new Set()).add(r.perSymbol.symbolIndex[i])));
    for (const c of r.universe.combo) expect([c, symbolsOf.get(c)?.size]).toEqual([c, k]);
    // No (combination, symbol) pair twice.
    expect([...symbolsOf.values()].reduce((a, s) => a + s.size, 0)).toBe(rows);

    // Finished rows equal plain backtests of their combination: the first, a middle and the last
    // per-symbol row, and the first and last universe rows.
    const params = (c: number) => Object.fromEntries(job.paths.map((p, j) => [p, job.values[c * job.paths.length + j]]));
    for (const i of [0, Math.floor(rows / 2), rows - 1]) {
      const c = r.perSymbol.combo[i];
      const sym = batch.symbols[r.perSymbol.symbolIndex[i]];
      const want = (await plainBacktest(SMA, params(c), opts)).perSymbol.get(sym)!;
      r.metricNames.forEach((name, j) => expect([c, sym, name, r.perSymbol.metrics[i * m + j]]).toEqual([c, sym, name, asNum(want[name])]));
    }
    for (const u of [0, n - 1]) {
      const c = r.universe.combo[u];
      const want = (await plainBacktest(SMA, params(c), opts)).universe;
      r.metricNames.forEach((name, j) => {
        const [got, exp] = [r.universe.metrics[u * m + j], asNum(want[name])];
        // The one documented tolerance (tests/sweep/parity.test.ts): universe sqn within 1e-10 relative.
        if (name === "sqn" && Number.isFinite(exp)) expect(Math.abs(got - exp)).toBeLessThanOrEqual(1e-10 * Math.abs(exp));
        else expect([c, name, got]).toEqual([c, name, exp]);
      });
    }
  });
});
