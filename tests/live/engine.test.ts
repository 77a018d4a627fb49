/**
 * The `LiveEngine` napi class on real data: GOOG (backtesting.py's GOOG.csv, through the
 * project's own loader) plus three S&P 500 symbols pushed bar bursts at a time, with
 * symbols interleaved, equals `backtestBatch` on the same bars: trades, equity, stats.
 * Also: events agree with the trades, bad bursts are refused whole, finish() is a
 * snapshot, and saveState/fromState at several cut points resumes exactly.
 */
import { readFileSync } from "node:fs";
import { resolve } from "node:path";

import { describe, expect, it } from "vitest";

import { openDataset } from "../../src/data/index.js";
import { native } from "../../src/engine/native.js";
import type { BarBatch } from "../../src/data/index.js";
import { EXAMPLES, RAW } from "../helpers.js";

const spec = readFileSync(resolve(EXAMPLES, "strategies/sma_cross_risk.json"), "utf8");
const config = { cash: 10_000, commission: 0.001, commissionFixed: 1, slippage: 0.0005 };

async function load(path: string, symbols?: string[]): Promise<BarBatch> {
  const ds = await openDataset(path, { symbols, badRows: "skip" });
  return (await ds.load()).batch;
}

/** Concatenates batches (symbol order kept) into one batch. */
function concat(batches: BarBatch[]): BarBatch {
  const n = batches.reduce((s, b) => s + b.ts.length, 0);
  const out: BarBatch = {
    symbols: batches.flatMap((b) => b.symbols),
    offsets: new Int32Array(batches.reduce((s, b) => s + b.symbols.length, 0) + 1),
    ts: new BigInt64Array(n),
    open: new Float64Array(n),
    high: new Float64Array(n),
    low: new Float64Array(n),
    close: new Float64Array(n),
    volume: new Float64Array(n),
  };
  let row = 0;
  let sym = 0;
  for (const b of batches) {
    for (const k of ["ts", "open", "high", "low", "close", "volume"] as const) (out[k] as Float64Array).set(b[k] as Float64Array, row);
    for (let i = 1; i < b.offsets.length; i++) out.offsets[++sym] = row + b.offsets[i];
    row += b.ts.length;
  }
  return out;
}

/** Rows of `batch` in an arrival order: symbols interleaved (seeded), each in time order. */
function arrival(batch: BarBatch, seed: number): Array<[number, number]> {
  let s = seed;
  const rand = (n: number) => {
    s = (s * 1103515245 + 12345) % 2147483648;
    return s % n;
  };
  const next = Array.from(batch.offsets.subarray(0, -1));
  const order: Array<[number, number]> = [];
  for (;;) {
    const open = next.map((r, i) => i).filter((i) => next[i] < batch.offsets[i + 1]);
    if (open.length === 0) return order;
    const i = open[rand(open.length)];
    for (let k = rand(5); k >= 0 && next[i] < batch.offsets[i + 1]; k--) order.push([i, next[i]++]);
  }
}

function burst(batch: BarBatch, rows: Array<[number, number]>) {
  const pick = (col: Float64Array) => Float64Array.from(rows, ([, r]) => col[r]);
  return {
    symbol: Uint32Array.from(rows, ([i]) => i),
    ts: BigInt64Array.from(rows, ([, r]) => batch.ts[r]),
    open: pick(batch.open),
    high: pick(batch.high),
    low: pick(batch.low),
    close: pick(batch.close),
    volume: pick(batch.volume),
  };
}

describe("LiveEngine (napi) vs backtestBatch", async () => {
  const batch = concat([
    await load(resolve(RAW, "backtesting_py/GOOG.csv")),
    await load(resolve(RAW, "sp500_5yr"), ["AAPL", "DHR", "XOM"]),
  ]);
  const want = await native.backtestBatch(batch, spec, config);
  const engine = new native.LiveEngine(spec, config, batch.symbols);
  const order = arrival(batch, 42);
  const kinds = native.LiveEngine.eventKinds();
  const closedEvents: number[] = [];
  /** Every trade_closed event as "symbol ts side qty exitPrice pnl code". */
  const closedRows: string[] = [];
  const entryFills: number[] = [];
  let calls = 0;
  let empty: unknown = null;
  for (let at = 0, size = 1; at < order.length; at += size, size = (size * 7) % 97 + 1) {
    const ev = engine.pushBars(burst(batch, order.slice(at, at + size)));
    calls++;
    if (ev.kind.length === 0) empty ??= ev;
    ev.kind.forEach((k, e) => {
      if (kinds[k] === "trade_closed") {
        closedEvents.push(ev.pnl[e]);
        closedRows.push([ev.symbol[e], ev.ts[e], ev.side[e], ev.qty[e], ev.price[e], ev.pnl[e], ev.code[e]].join(" "));
      }
      if (kinds[k] === "fill" && ev.code[e] === 255) entryFills.push(ev.price[e]);
    });
  }
  const got = engine.finish();

  it("pushes the universe in many bursts", () => {
    expect(batch.symbols).toEqual(["GOOG", "AAPL", "DHR", "XOM"]);
    expect(calls).toBeGreaterThan(100);
    expect(want.trades.pnl.length).toBeGreaterThan(100);
  });

  it("gives exactly the trades, equity and stats of backtestBatch", () => {
    expect(got.trades).toEqual(want.trades);
    expect(got.openTrades).toEqual(want.openTrades);
    expect(got.equity).toEqual(want.equity);
    expect(got.summaries).toEqual(want.summaries);
    expect(got.exitReasons).toEqual(want.exitReasons);
    expect(Array.from(got.offsets)).toEqual(Array.from(batch.offsets));
    expect(got.ts).toEqual(batch.ts);
    expect(got.close).toEqual(batch.close);
  });

  it("reports every closed trade and every entry fill as events", () => {
    // The positions open at the end are in openTrades, not in trades: every trade closed.
    const real = Array.from(want.trades.pnl);
    expect(closedEvents.sort()).toEqual(real.sort());
    expect(want.openTrades.pnl.length).toBeGreaterThan(0);
    expect(entryFills.sort()).toEqual([...want.trades.entryPrice, ...want.openTrades.entryPrice].sort());
    expect(kinds).toEqual(["signal", "order", "fill", "position", "trade_closed"]);
    // Every column of the closed-trade events: symbol, bar time, side, qty, price, pnl, reason.
    const t = want.trades;
    const fromTrades = Array.from(t.pnl, (_, k) => k)
      .map((k) => {
        const i = t.symbolIndex[k];
        return [i, batch.ts[batch.offsets[i] + t.exitBar[k]], t.side[k], t.qty[k], t.exitPrice[k], t.pnl[k], t.exitReason[k]].join(" ");
      });
    expect(closedRows.sort()).toEqual(fromTrades.sort());
  });

  it("returns one shared frozen empty object for a burst that causes nothing", () => {
    expect(empty).not.toBeNull();
    expect(Object.isFrozen(empty)).toBe(true);
    const e = new native.LiveEngine(spec, config, ["A"]);
    const bar = { symbol: new Uint32Array(1), ts: BigInt64Array.of(1n), open: Float64Array.of(1), high: Float64Array.of(1), low: Float64Array.of(1), close: Float64Array.of(1), volume: Float64Array.of(1) };
    expect(e.pushBars(bar)).toBe(empty);
  });

  it("keeps lastTs per symbol and refuses a stale bar, applying nothing", () => {
    const last = engine.lastTs();
    batch.symbols.forEach((_, i) => expect(last[i]).toBe(batch.ts[batch.offsets[i + 1] - 1]));
    const stale = burst(batch, [[1, batch.offsets[1]]]);
    expect(() => engine.pushBars(stale)).toThrow(/^LiveEngine\.pushBars: row 0: AAPL ts \d+ is not after its previous bar at ts \d+ \(per symbol/);
    const bad = burst(batch, [[0, batch.offsets[1] - 1]]);
    bad.symbol[0] = 9;
    expect(() => engine.pushBars(bad)).toThrow("row 0: unknown symbol id 9 (the universe has 4 symbols, ids 0 to 3)");
    expect(engine.lastTs()).toEqual(last);
    expect(engine.finish().trades).toEqual(want.trades);
  });

  it("throws a clear error on a bad spec or setting", () => {
    expect(() => new native.LiveEngine("{}", config, ["A"])).toThrow(/^LiveEngine\.constructor: /);
    expect(() => new native.LiveEngine(spec, { fill: "tomorrow" }, ["A"])).toThrow(
      'LiveEngine.constructor: --fill: expected next_open or same_close, got "tomorrow"',
    );
    expect(new native.LiveEngine(spec, config, ["A", "B"]).lastTs()).toEqual(
      BigInt64Array.from([-(2n ** 63n), -(2n ** 63n)]),
    );
  });

  it("resumes exactly from saveState/fromState at several cut points", () => {
    for (const cut of [0, 1, 250, Math.floor(order.length / 2), order.length - 1]) {
      const a = new native.LiveEngine(spec, config, batch.symbols);
      for (let at = 0; at < cut; at += 64) a.pushBars(burst(batch, order.slice(at, Math.min(at + 64, cut))));
      const b = native.LiveEngine.fromState(a.saveState());
      expect(b.lastTs()).toEqual(a.lastTs());
      expect(b.symbols()).toEqual(batch.symbols);
      for (let at = cut; at < order.length; at += 64) b.pushBars(burst(batch, order.slice(at, at + 64)));
      const r = b.finish();
      expect(r.trades, `cut ${cut}`).toEqual(want.trades);
      expect(r.equity, `cut ${cut}`).toEqual(want.equity);
      expect(r.summaries, `cut ${cut}`).toEqual(want.summaries);
    }
  });

  it("moves its history out with takeHistory (the state stays small) and gives the same report once it is restored", () => {
    const e = new native.LiveEngine(spec, config, batch.symbols);
    const log: string[] = [];
    for (let at = 0; at < order.length; at += 64) {
      e.pushBars(burst(batch, order.slice(at, at + 64)));
      if (at % 2048 === 0) log.push(e.takeHistory());
    }
    log.push(e.takeHistory());
    expect(e.takeHistory()).toBe("");
    expect(e.saveState().length * 10).toBeLessThan(engine.saveState().length);
    const resumed = native.LiveEngine.fromState(e.saveState());
    expect(() => resumed.finishRun()).toThrow(/^LiveEngine\.finishRun: \w+: bars 0 to \d+ are in the history log, not in the engine: restore them first/);
    expect(() => resumed.restoreHistory(log[1])).toThrow(/^LiveEngine\.restoreHistory: history of \w+: history starts at bar \d+, expected bar 0/);
    const fresh = native.LiveEngine.fromState(e.saveState());
    for (const chunk of log) fresh.restoreHistory(chunk);
    const r = fresh.finish();
    expect(r.trades).toEqual(want.trades);
    expect(r.equity).toEqual(want.equity);
    expect(r.summaries).toEqual(want.summaries);
  });

  it("refuses a damaged or foreign state with a clear error", () => {
    const state = engine.saveState();
    expect(() => native.LiveEngine.fromState(state.slice(0, 1000))).toThrow(/^LiveEngine\.fromState: not a barstream live state/);
    expect(() => native.LiveEngine.fromState(state.replace('"version":4', '"version":9'))).toThrow(
      "LiveEngine.fromState: state version 9 cannot be read by this build, which reads version 4",
    );
    expect(() => native.LiveEngine.fromState(state.replace('"cash":', '"cash":1'))).toThrow(/checksum mismatch/);
  });
});
