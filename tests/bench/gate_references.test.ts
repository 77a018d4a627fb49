/**
 * The plain JS references of the performance gates (bench/gate/reference) on REAL bars:
 * five Binance 1-minute files (crypto_1m_binance, 201,600 bars). The gates time native vs
 * reference, which only means something if both compute the same thing; the gates check
 * that on generated bars before timing, this test checks it on real data (independent
 * source: the references are separate textbook implementations, not derived from Rust).
 * Also covers `indicatorValues` (the binding the indicators gate calls) and the gate's
 * verdict arithmetic.
 */
import { resolve } from "node:path";

import { describe, expect, it } from "vitest";

import { openDataset } from "../../src/index.js";
import { native } from "../../src/engine/native.js";
import { RAW } from "../helpers.js";
// @ts-expect-error plain .mjs module without types
import { atr, ema, rsi, sma } from "../../bench/gate/reference/indicators.mjs";
// @ts-expect-error plain .mjs module without types
import { smaCrossReplay } from "../../bench/gate/reference/replay.mjs";
// @ts-expect-error plain .mjs module without types
import { judge } from "../../bench/gate/lib/verdict.mjs";

type Series = Float64Array;
const close = (a: ArrayLike<number>, b: ArrayLike<number>, tol: number) => {
  expect(a.length).toBe(b.length);
  for (let i = 0; i < a.length; i++) {
    if (Number.isNaN(a[i]) || Number.isNaN(b[i])) {
      expect([i, Number.isNaN(a[i])]).toEqual([i, Number.isNaN(b[i])]);
      continue;
    }
    if (Math.abs(a[i] - b[i]) > tol * Math.max(1, Math.abs(a[i]))) expect([i, a[i]]).toEqual([i, b[i]]);
  }
};

describe("gate references on real 1-minute bars", async () => {
  const { batch } = await (await openDataset(resolve(RAW, "crypto_1m_binance"), { badRows: "skip" })).load();
  const symbol = (s: number) => {
    const [a, b] = [batch.offsets[s], batch.offsets[s + 1]];
    return { open: batch.open.subarray(a, b), high: batch.high.subarray(a, b), low: batch.low.subarray(a, b), close: batch.close.subarray(a, b), volume: batch.volume.subarray(a, b) };
  };

  it("SMA, EMA, RSI and ATR equal indicatorValues to 1e-9 on every symbol", () => {
    const spec = JSON.stringify({
      name: "t",
      indicators: { s: { kind: "sma", period: 10 }, e: { kind: "ema", period: 20 }, r: { kind: "rsi", period: 14 }, a: { kind: "atr", period: 14 } },
      entry_long: "r < 30",
    });
    expect(batch.symbols.length).toBe(5);
    for (let s = 0; s < batch.symbols.length; s++) {
      const b = symbol(s);
      const got = native.indicatorValues(spec, b.open, b.high, b.low, b.close, b.volume);
      expect(got.map((g) => g.name)).toEqual(["s", "e", "r", "a"]);
      const want: Series[] = [sma(b.close, 10), ema(b.close, 20), rsi(b.close, 14), atr(b.high, b.low, b.close, 14)];
      want.forEach((w, k) => close(got[k].values, w, 1e-9));
      // TA-Lib warm-up lengths: first value at period - 1 (SMA, EMA) and period (RSI, ATR).
      expect([9, 19, 14, 14].map((i, k) => Number.isNaN(got[k].values[i - 1]) && !Number.isNaN(got[k].values[i]))).toEqual([true, true, true, true]);
    }
  });

  it("indicatorValues names the lengths when columns differ", () => {
    const b = symbol(0);
    expect(() => native.indicatorValues(JSON.stringify({ name: "t", indicators: { s: { kind: "sma", period: 3 } }, entry_long: "s > 0" }), b.open, b.high, b.low, b.close.subarray(1), b.volume)).toThrow(/columns differ in length/);
  });

  // Not on these bars: their prices sit on a 1e-4 grid, so SMA(10) and SMA(30) are often
  // EXACTLY equal, and a running sum's last-bit noise (the reference) turns such a tie into
  // a cross the engine (re-anchored sums, TA-Lib values) does not see. The replay check
  // runs on the daily S&P 500 bars below instead.
});

describe("gate replay reference on real daily bars (S&P 500, 505 symbols)", async () => {
  const { batch } = await (await openDataset(resolve(RAW, "sp500_5yr"), { badRows: "skip" })).load();
  const symbol = (s: number) => {
    const [a, b] = [batch.offsets[s], batch.offsets[s + 1]];
    return { open: batch.open.subarray(a, b), high: batch.high.subarray(a, b), low: batch.low.subarray(a, b), close: batch.close.subarray(a, b), volume: batch.volume.subarray(a, b) };
  };

  // A bar where SMA(10) and SMA(30) are mathematically equal (cent prices make it happen)
  // is decided by the last bit of each sum; the reference's plain running sum and the
  // engine's re-anchored sums may round such a tie apart. Symbols with a near-tie
  // (|fast - slow| <= 1e-9 x slow) anywhere are left out; the rest must agree exactly.
  it("the SMA-cross reference replay equals backtestBatch on every tie-free symbol: same trades, equity to 1e-9", async () => {
    const cfg = { cash: 10_000, commission: 0.001, slippage: 0.0005 };
    const spec = JSON.stringify({ name: "x", indicators: { fast: { kind: "sma", period: 10 }, slow: { kind: "sma", period: 30 } }, entry_long: "crossover(fast, slow)", exit_long: "crossunder(fast, slow)" });
    const r = await native.backtestBatch(batch, spec, { ...cfg, threads: 1 });
    let checked = 0;
    let trades = 0;
    for (let s = 0; s < batch.symbols.length; s++) {
      const b = symbol(s);
      const [f, sl] = [sma(b.close, 10), sma(b.close, 30)];
      if (f.some((x: number, i: number) => Math.abs(x - sl[i]) <= 1e-9 * Math.abs(sl[i]))) continue;
      const ref = smaCrossReplay(b, 10, 30, cfg);
      const rows = [...r.trades.symbolIndex.keys()].filter((i) => r.trades.symbolIndex[i] === s);
      expect([batch.symbols[s], ref.trades.map((t: { entryBar: number; exitBar: number }) => [t.entryBar, t.exitBar])]).toEqual([batch.symbols[s], rows.map((i) => [r.trades.entryBar[i], r.trades.exitBar[i]])]);
      close(ref.trades.map((t: { pnl: number }) => t.pnl), rows.map((i) => r.trades.pnl[i]), 1e-9);
      // The position still open after the last bar (engine default closeAtEnd "none").
      const open = [...r.openTrades.symbolIndex.keys()].filter((i) => r.openTrades.symbolIndex[i] === s);
      expect(open.map((i) => [r.openTrades.entryBar[i], r.openTrades.exitBar[i]])).toEqual(ref.open ? [[ref.open.entryBar, ref.open.exitBar]] : []);
      close(ref.open ? [ref.open.pnl] : [], open.map((i) => r.openTrades.pnl[i]), 1e-9);
      close(ref.equity, r.equity.subarray(batch.offsets[s], batch.offsets[s + 1]), 1e-9);
      checked++;
      trades += rows.length;
    }
    // 461 of the 505 symbols have no near-tie (counted when this test was written).
    expect(checked).toBe(461);
    expect(trades).toBeGreaterThan(10_000);
  });
});

describe("gate verdicts", () => {
  const ratioGate = { id: "g", title: "g", unit: "ratio", better: "higher", tolerance: { rel: 0.3 } };
  it("passes inside the tolerance and fails past it, naming the baseline", () => {
    expect(judge({ ...ratioGate, value: 7.1 }, { value: 10 }).ok).toBe(true);
    const bad = judge({ ...ratioGate, value: 6.9 }, { value: 10 });
    expect(bad.verdict).toBe("REGRESSION");
    expect(bad.reasons[0]).toContain("vs baseline 10.00x (-31.0%; allowed down to 7.00x)");
  });
  it("an overhead (lower is better, absolute points) and a hard limit", () => {
    const g = { id: "o", title: "o", unit: "fraction", better: "lower", tolerance: { abs: 0.01 }, limit: 0.03 };
    expect(judge({ ...g, value: 0.025 }, { value: 0.02 }).ok).toBe(true);
    expect(judge({ ...g, value: 0.031 }, { value: 0.025 }).reasons.join()).toContain("above the hard limit 3.00%");
    expect(judge({ ...g, value: 0.026 }, { value: 0.01 }).reasons.join()).toContain("+1.60 points");
  });
  it("a gate without a baseline fails", () => {
    expect(judge({ ...ratioGate, value: 1 }, undefined).verdict).toBe("NO BASELINE");
  });
});
