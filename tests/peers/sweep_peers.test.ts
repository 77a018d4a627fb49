/**
 * The parameter sweep (`SweepJob`) against two peer libraries' goldens, on real data:
 * - vectorbt 1.2.0: SMA-cross grid (periods 10..100 step 10, fast < slow) over 28 S&P 500
 *   symbols, long only, signal-bar close fills, all cash fractional
 *   (tests/golden/vectorbt/sma_cross_sweep.json, made by make_sma_cross_sweep.py there);
 * - backtesting.py 0.6.6: `Backtest.optimize` of its README SmaCross over GOOG.csv, periods
 *   10..200 step 10 (tests/golden/backtesting_py/sma_cross_sweep_goog.json, made by
 *   make_sma_cross_sweep_goog.py there).
 * Cells where the two SMAs tie exactly on some bar are left out of the vectorbt comparison:
 * there float rounding decides the cross in either library (docs/peers.md "Why cells differ").
 */
import { readFileSync } from "node:fs";
import { resolve } from "node:path";

import { describe, expect, it } from "vitest";

import { openDataset } from "../../src/index.js";
import { native } from "../../src/engine/native.js";
import { EXAMPLES, RAW, ROOT } from "../helpers.js";

interface VbtGolden {
  windows: number[];
  combos: [number, number][];
  symbols: string[];
  bars: Record<string, number>;
  total_return: number[][];
  trades: number[][];
  exact_ties: number[][];
}
interface BtGolden {
  windows: number[];
  combos: [number, number][];
  total_return: (number | null)[];
  trades_closed: number[];
}
const golden = <T>(path: string): T => JSON.parse(readFileSync(resolve(ROOT, "tests/golden", path), "utf8")) as T;

const gridJson = (windows: number[]): string =>
  JSON.stringify({
    params: { "indicators.fast.period": windows, "indicators.slow.period": windows },
    constraints: ["indicators.fast.period < indicators.slow.period"],
  });

/** Runs a sweep and returns per (combo, symbol) total_return and n_trades, plus the job's combos. */
async function sweep(batch: Parameters<typeof native.backtestBatch>[0], spec: string, windows: number[], config: object) {
  const job = new native.SweepJob(batch, spec, gridJson(windows), { ...config, threads: 2 });
  const combos = Array.from({ length: job.combos }, (_, c) => [job.values[c * 2], job.values[c * 2 + 1]]);
  const res = await job.run();
  const nm = res.metricNames.length;
  const ri = res.metricNames.indexOf("total_return"), ti = res.metricNames.indexOf("n_trades");
  const k = batch.symbols.length;
  const ret = new Float64Array(job.combos * k).fill(NaN), trades = new Float64Array(job.combos * k).fill(NaN);
  res.perSymbol.combo.forEach((c, r) => {
    const cell = c * k + res.perSymbol.symbolIndex[r];
    ret[cell] = res.perSymbol.metrics[r * nm + ri];
    trades[cell] = res.perSymbol.metrics[r * nm + ti];
  });
  return { paths: job.paths, combos, cancelled: res.cancelled, ret, trades };
}

describe("sweep = vectorbt's SMA-cross sweep on 28 S&P 500 symbols", async () => {
  const g = golden<VbtGolden>("vectorbt/sma_cross_sweep.json");
  const ds = await openDataset(resolve(RAW, "sp500_5yr"), { badRows: "skip", symbols: g.symbols });
  const { batch } = await ds.load();
  const spec = JSON.stringify({
    name: "sma_cross_long_only",
    indicators: { fast: { kind: "sma", period: 10, input: "close" }, slow: { kind: "sma", period: 20, input: "close" } },
    entry_long: "crossover(fast, slow)",
    exit_long: "crossunder(fast, slow)",
    sizing: { mode: "fraction", value: 1.0, whole_units: false },
  });
  const s = await sweep(batch, spec, g.windows, { cash: 10_000, commission: 0, fill: "same_close" });

  it("runs on the same bars and the same combinations, in the same order", () => {
    expect(batch.symbols).toEqual(g.symbols);
    batch.symbols.forEach((sym, i) => expect([sym, batch.offsets[i + 1] - batch.offsets[i]]).toEqual([sym, g.bars[sym]]));
    expect(s.paths).toEqual(["indicators.fast.period", "indicators.slow.period"]);
    expect(s.combos).toEqual(g.combos);
    expect(s.cancelled).toBe(false);
  });

  it("has vectorbt's trade count and total return (1e-12) on every cell without an exact SMA tie", async () => {
    const k = g.symbols.length;
    const bad: unknown[] = [];
    let compared = 0;
    // vectorbt's trades.count() includes the trade still open at the end; the sweep's n_trades
    // counts closed trades only, so add the open positions a plain backtest of each combination lists.
    const spec0 = JSON.parse(spec) as { indicators: { fast: { period: number }; slow: { period: number } } };
    const open: number[][] = [];
    for (const [f, sl] of g.combos) {
      spec0.indicators.fast.period = f;
      spec0.indicators.slow.period = sl;
      const r = await native.backtestBatch(batch, JSON.stringify(spec0), { cash: 10_000, commission: 0, fill: "same_close" });
      open.push(r.summaries.map((x) => x.openTrades));
    }
    g.combos.forEach((params, c) =>
      g.symbols.forEach((sym, j) => {
        if (g.exact_ties[c][j] > 0) return;
        compared++;
        const ret = s.ret[c * k + j], trades = s.trades[c * k + j] + open[c][j];
        if (trades !== g.trades[c][j] || !(Math.abs(ret - g.total_return[c][j]) <= 1e-12))
          bad.push({ params, sym, trades, vbt_trades: g.trades[c][j], ret, vbt_ret: g.total_return[c][j] });
      }),
    );
    expect(bad).toEqual([]);
    // Not vacuous: ties are the exception (43 of 1,260 cells in this golden).
    expect(compared).toBeGreaterThan(0.95 * g.combos.length * k);
  });
});

describe("sweep = backtesting.py's optimize() of its SmaCross on GOOG.csv", async () => {
  const g = golden<BtGolden>("backtesting_py/sma_cross_sweep_goog.json");
  const ds = await openDataset(resolve(RAW, "backtesting_py/GOOG.csv"));
  const { batch } = await ds.load();
  const spec = readFileSync(resolve(EXAMPLES, "strategies/sma_cross.json"), "utf8");
  const config = { cash: 10_000, commission: 0.002, fill: "next_open" };
  const s = await sweep(batch, spec, g.windows, config);

  it("has the same combinations in the same order", () => {
    expect(s.combos).toEqual(g.combos);
  });

  it("has backtesting.py's Return [%] / 100 for every combination that closed a trade (1e-12)", () => {
    const bad = g.combos.flatMap((params, c) => {
      const want = g.total_return[c];
      return want === null || Math.abs(s.ret[c] - want) <= 1e-12 ? [] : [{ params, ret: s.ret[c], bt: want }];
    });
    expect(bad).toEqual([]);
    expect(g.total_return.filter((r) => r !== null).length).toBeGreaterThan(0.9 * g.combos.length);
  });

  it("has backtesting.py's # Trades (closed trades; the position open at the end is not a trade)", async () => {
    // The sweep's n_trades counts closed trades, as backtesting.py's # Trades; a plain backtest
    // of each combination lists the open position apart (openTrades), as backtesting.py does.
    const spec0 = JSON.parse(spec) as { indicators: { fast: { period: number }; slow: { period: number } } };
    for (const [c, [f, sl]] of g.combos.entries()) {
      spec0.indicators.fast.period = f;
      spec0.indicators.slow.period = sl;
      const r = await native.backtestBatch(batch, JSON.stringify(spec0), config);
      expect([f, sl, r.trades.exitReason.length]).toEqual([f, sl, g.trades_closed[c]]);
      expect([f, sl, s.trades[c]]).toEqual([f, sl, g.trades_closed[c]]);
      expect(r.openTrades.exitReason.every((x) => r.exitReasons[x] === "open")).toBe(true);
    }
  });
});
