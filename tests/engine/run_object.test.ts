/**
 * `BacktestRun` (native/src/binding_run.rs over crates/engine/src/outcome): the run result
 * computed once in Rust equals what `runBacktest` assembled in TypeScript before it moved onto
 * `BacktestRun` (./legacy.ts: `backtestBatch`/`focusedBatch` per batch, rows in TS, the universe
 * from `universeStats`/`universeCurves`): per-symbol stats, universe stats, every trade, every
 * equity curve, the universe curves, for the full replay and for focused replay; `runBacktest`
 * (now on `BacktestRun`) gives that same result; `LiveEngine.finishRun()` gives the same shape
 * and values; the statistics and settings schemas cover what crosses.
 */
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

import { describe, expect, it } from "vitest";

import { runBacktest } from "../../src/backtest/run.js";
import type { BacktestResult } from "../../src/types/backtest.js";
import { engineConfig, resolveBacktestOptions } from "../../src/backtest/options.js";
import { type BarBatch, openDataset } from "../../src/data/index.js";
import { nsToIso } from "../../src/data/time.js";
import { bySymbol, candidateBars, noMatches } from "../../src/backtest/focus/match.js";
import { native, type Native } from "../../src/engine/native.js";
import { legacyRun, type LegacyRun } from "./legacy.js";
import { readCandidates } from "../../src/scan/candidates.js";
import { DEFAULT_DATA } from "../../src/util/paths.js";
import { writeBreakouts } from "../focus/helpers.js";
import { EXAMPLES } from "../helpers.js";

const STRATEGY = join(EXAMPLES, "strategies", "sma_cross_risk.json");
const OPTS = { data: DEFAULT_DATA, strategy: STRATEGY, batchSize: 2, progress: false, commission: 0.001, slippage: 0.0005, commissionFixed: 1, ohlc: true };
/** The default starting cash per symbol (OPTS leaves it). */
const OPTS_CASH = 10_000;

function config() {
  return engineConfig(resolveBacktestOptions(OPTS, { data: DEFAULT_DATA, strategy: STRATEGY }));
}

function chunks<T>(xs: T[], n: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < xs.length; i += n) out.push(xs.slice(i, i + n));
  return out;
}

/** Asserts `run` (the run object's result) equals `ref` (the former path's) exactly; with `ohlc`, its open/high/low are `batches`'. */
function assertSameRun(run: Native.BindingRunResult, ref: LegacyRun, ohlc: BarBatch[] | false) {
  // Per symbol.
  expect(run.symbols.map((s) => s.symbol)).toEqual(ref.symbols.map((s) => s.symbol));
  run.symbols.forEach((s, i) => {
    const r = ref.symbols[i];
    expect(s.bars).toBe(r.bars);
    expect(s.trades).toBe(r.trades);
    expect(s.openTrades).toBe(r.open_trades);
    expect(s.ambiguousBars).toBe(r.ambiguous_bars);
    expect(s.rejectedOrders).toBe(r.rejected_orders);
    expect(nsToIso(s.firstTs as bigint)).toBe(r.first_time);
    expect(nsToIso(s.lastTs as bigint)).toBe(r.last_time);
    expect(Object.keys(s.stats).sort()).toEqual(Object.keys(r.stats).sort());
    expect(s.stats).toEqual(r.stats);
  });
  // Universe.
  expect(Object.keys(run.universe.stats).sort()).toEqual(Object.keys(ref.universe.stats).sort());
  expect(run.universe.stats).toEqual(ref.universe.stats);
  expect(run.universe.trades).toBe(ref.universe.trades);
  expect(run.universe.ambiguousBars).toBe(ref.universe.ambiguous_bars);
  expect(run.universe.rejectedOrders).toBe(ref.universe.rejected_orders);
  expect(run.universe.initialCash).toBe(ref.universe.initial_cash);
  // Every trade.
  const t = run.trades;
  expect(t.pnl.length).toBe(ref.trades.length);
  ref.trades.forEach((r, k) => {
    expect(run.symbols[t.symbolIndex[k]].symbol).toBe(r.symbol);
    expect(t.pnl[k]).toBe(r.pnl);
    expect(t.returnFrac[k]).toBe(r.return_frac);
    expect(t.qty[k]).toBe(r.qty);
    expect(t.commission[k]).toBe(r.commission);
    expect(t.entryPrice[k]).toBe(r.entry_price);
    expect(t.exitPrice[k]).toBe(r.exit_price);
    expect(t.mfe[k]).toBe(r.mfe);
    expect(t.mae[k]).toBe(r.mae);
    expect(t.entryBar[k]).toBe(r.entry_bar);
    expect(t.exitBar[k]).toBe(r.exit_bar);
    expect(t.barsHeld[k]).toBe(r.bars_held);
    expect(t.side[k] > 0 ? "long" : "short").toBe(r.side);
    expect(nsToIso(t.entryTs[k])).toBe(r.entry_time);
    expect(nsToIso(t.exitTs[k])).toBe(r.exit_time);
    expect(run.exitReasons[t.exitReason[k]]).toBe(r.exit_reason);
  });
  // Every equity curve (and the bars behind it).
  const c = run.curves;
  ref.equity.forEach((e, i) => {
    const [lo, hi] = [c.offsets[i], c.offsets[i + 1]];
    expect(e.symbol).toBe(run.symbols[i].symbol);
    expect(c.equity.subarray(lo, hi)).toEqual(e.equity);
    expect(c.ts.subarray(lo, hi)).toEqual(e.ts);
    expect(c.close.subarray(lo, hi)).toEqual(e.close);
    if (!ohlc) expect(c.open).toBeNull();
  });
  if (ohlc) {
    const cat = (k: "open" | "high" | "low") => Float64Array.from(ohlc.flatMap((b) => Array.from(b[k])));
    expect(c.open).toEqual(cat("open"));
    expect(c.high).toEqual(cat("high"));
    expect(c.low).toEqual(cat("low"));
  }
  // Universe curves: the former universeCurves, and the HTML page's former drawdown.
  const u = ref.curves;
  expect(run.universe.curves.ts).toEqual(u.ts);
  expect(run.universe.curves.equity).toEqual(u.equity);
  expect(run.universe.curves.hold).toEqual(u.hold);
  expect(Array.from(run.universe.curves.drawdown)).toEqual(u.drawdown);
}

/** Asserts `runBacktest`'s result (`got`) carries exactly the former path's rows, curves and universe. */
function assertSameResult(got: BacktestResult, ref: LegacyRun) {
  expect(got.symbols).toEqual(ref.symbols);
  expect(got.trades).toEqual(ref.trades);
  expect(got.equity.map((e) => [e.symbol, e.ts, e.equity, e.close])).toEqual(ref.equity.map((e) => [e.symbol, e.ts, e.equity, e.close]));
  const { curves, ...universe } = got.universe;
  expect(universe).toEqual(ref.universe);
  expect([curves.ts, curves.equity, curves.hold, Array.from(curves.drawdown)]).toEqual([ref.curves.ts, ref.curves.equity, ref.curves.hold, ref.curves.drawdown]);
}

describe("BacktestRun", () => {
  it("gives the former path's result on the bundled synthetic data (batches of 2, pushed concurrently)", async () => {
    const spec = readFileSync(STRATEGY, "utf8");
    const dataset = await openDataset(DEFAULT_DATA);
    const batches = await Promise.all(chunks(dataset.symbols, 2).map(async (g) => (await dataset.load(g)).batch));
    const ref = await legacyRun(batches, spec, config(), OPTS_CASH);
    assertSameResult(await runBacktest(OPTS), ref);
    const run = new native.BacktestRun(spec, config(), { keepOhlc: true, threads: 2 });
    // All pushes in flight at once: the result keeps the push order.
    const pushed = await Promise.all(batches.map((b) => run.push(b)));
    expect(pushed.map((p) => p.symbols)).toEqual(batches.map((b) => b.symbols.length));
    expect(run.symbols).toBe(dataset.symbols.length);
    const res = await run.finish();
    expect(res.symbols.length).toBeGreaterThan(1);
    expect(res.trades.pnl.length).toBeGreaterThan(0);
    assertSameRun(res, ref, batches);
    expect(() => run.finish()).toThrow(/BacktestRun.finish: already called/);
    expect(() => run.push(batches[0])).toThrow(/the run is finished/);
  });

  it("pushFocused gives the former focused result, each curve rebuilt in Rust", async () => {
    const dir = mkdtempSync(join(tmpdir(), "barstream-runobj-"));
    const file = join(dir, "candidates.jsonl");
    await writeBreakouts(DEFAULT_DATA, file, 20, 3);
    const spec = readFileSync(STRATEGY, "utf8");
    const dataset = await openDataset(DEFAULT_DATA);
    const { groups } = bySymbol(await readCandidates(file), dataset.symbols);
    const batches = await Promise.all(chunks(dataset.symbols, 2).map(async (g) => (await dataset.load(g)).batch));
    const ref = await legacyRun(batches, spec, config(), OPTS_CASH, (b) => {
      const c = candidateBars(b, groups, noMatches());
      return { bars: c.bars, offsets: c.offsets, halfWidth: 5 };
    });
    assertSameResult(await runBacktest({ ...OPTS, ohlc: false, candidates: file, window: 5 }), ref);
    const run = new native.BacktestRun(spec, config());
    for (const g of chunks(dataset.symbols, 2)) {
      const { batch } = await dataset.load(g);
      const c = candidateBars(batch, groups, noMatches());
      const out = await run.pushFocused(batch, { bars: c.bars, offsets: c.offsets, halfWidth: 5 }, true);
      expect(out.focus.length).toBe(batch.symbols.length);
      expect(out.verify?.identical).toBe(true);
    }
    assertSameRun(await run.finish(), ref, false);
  });

  it("LiveEngine.finishRun gives the same run result as BacktestRun on the same bars", async () => {
    const spec = readFileSync(STRATEGY, "utf8");
    const dataset = await openDataset(DEFAULT_DATA);
    const { batch } = await dataset.load(dataset.symbols);
    const run = new native.BacktestRun(spec, config());
    await run.push(batch);
    const want = await run.finish();
    const live = new native.LiveEngine(spec, config(), batch.symbols);
    batch.symbols.forEach((_, i) => {
      const [lo, hi] = [batch.offsets[i], batch.offsets[i + 1]];
      live.pushBars({
        symbol: new Uint32Array(hi - lo).fill(i),
        ts: batch.ts.slice(lo, hi),
        open: batch.open.slice(lo, hi),
        high: batch.high.slice(lo, hi),
        low: batch.low.slice(lo, hi),
        close: batch.close.slice(lo, hi),
        volume: batch.volume.slice(lo, hi),
      });
    });
    expect(live.finishRun()).toEqual(want);
  });

  it("refuses a bad setting with the engine's message naming the flag", () => {
    const spec = readFileSync(STRATEGY, "utf8");
    expect(() => native.validateBacktestConfig({ commission: 0.5 })).toThrow("--commission: expected a fraction in [0, 0.5), e.g. 0.002 for 0.2%, got 0.5");
    expect(() => native.validateBacktestConfig({ fill: "tomorrow" })).toThrow('--fill: expected next_open or same_close, got "tomorrow"');
    expect(() => native.validateBacktestConfig({ closeAtEnd: "later" })).toThrow('--close-at-end: expected none, last_close or last_open, got "later"');
    expect(() => native.validateBacktestConfig({ commission: 0.002, cash: 5000 })).not.toThrow();
    expect(() => new native.BacktestRun(spec, { slippage: -1 })).toThrow("BacktestRun.constructor: --slippage: expected a fraction in [0, 0.5)");
  });
});

describe("schemas", () => {
  it("statsSchema names exactly the keys of BindingStats, with TS's labels and directions", async () => {
    const schema = native.statsSchema();
    const spec = readFileSync(STRATEGY, "utf8");
    const dataset = await openDataset(DEFAULT_DATA);
    const run = new native.BacktestRun(spec, {});
    await run.push((await dataset.load(dataset.symbols.slice(0, 1))).batch);
    const res = await run.finish();
    expect(schema.map((d) => d.name).sort()).toEqual(Object.keys(res.universe.stats).sort());
    const byName = new Map(schema.map((d) => [d.name, d]));
    expect(byName.get("max_drawdown")).toMatchObject({ label: "Max drawdown", better: "lower", format: "percent", unit: "fraction" });
    expect(byName.get("equity_final")).toMatchObject({ label: "Final equity", better: "higher", format: "money" });
    // Universe exposure is undefined: the key is present, the value null.
    expect(res.universe.stats.exposure).toBeNull();
  });

  it("backtestConfigSchema lists the engine's settings with defaults and ranges", () => {
    const s = new Map(native.backtestConfigSchema().map((d) => [d.key, d]));
    expect(s.get("commission")).toMatchObject({ flag: "commission", default: 0, kind: "number", min: 0, minInclusive: true, max: 0.5, maxInclusive: false });
    expect(s.get("cash")).toMatchObject({ default: 10000, max: null });
    expect(s.get("fill")).toMatchObject({ default: "next_open", kind: "choice", choices: ["next_open", "same_close"] });
    expect(s.get("closeAtEnd")).toMatchObject({ flag: "close-at-end", default: "none", kind: "choice", choices: ["none", "last_close", "last_open"] });
    expect(s.get("threads")?.default).toBeNull();
  });
});
