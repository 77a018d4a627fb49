/**
 * Gate `sweep_sharing_gain`.
 *
 * A 20-combination SMA-cross sweep (fast 5..50 step 5 x slow {60, 120}, 1 thread) vs the
 * plain single runs it replaces: every combination's universe metrics must equal a plain
 * `backtestBatch` run of the substituted spec (the sweep's parity contract, docs/sweep.md)
 * on a sample of combinations, then the gate is the sharing gain
 * (combos x CPU(one plain run)) / CPU(sweep) (higher is better): indicators shared across
 * combinations and one pass over the bars per symbol must beat running them one by one.
 */
import { replayInput } from "../fixtures.mjs";
import { native } from "../../dist/engine/native.js";
import { interleaved, ratio } from "./lib/measure.mjs";

const CONFIG = { cash: 100_000, commission: 0.001, slippage: 0.0002, threads: 1 };
const SPEC = {
  name: "sma_cross",
  indicators: { fast: { kind: "sma", period: 10 }, slow: { kind: "sma", period: 30 } },
  entry_long: "crossover(fast, slow)",
  exit_long: "crossunder(fast, slow)",
  sizing: { mode: "fraction", value: 1.0, whole_units: false },
};
const GRID = JSON.stringify({ params: { "indicators.fast.period": { from: 5, to: 50, step: 5 }, "indicators.slow.period": [60, 120] } });

/**
 * @param {{rounds: number}} opts
 * @returns {Promise<object[]>} one gate result
 * @throws Error when the native addon has no `SweepJob` (addon built before the sweep existed)
 */
export async function run({ rounds }) {
  if (typeof native.SweepJob !== "function") throw new Error("sweep gate: native.SweepJob is missing (rebuild the addon: npm run build:native)");
  const symbols = 2;
  const bars = 100_000;
  const input = replayInput(symbols, bars, 7);
  const specJson = JSON.stringify(SPEC);
  const job = () => new native.SweepJob(input, specJson, GRID, CONFIG).run();
  const first = new native.SweepJob(input, specJson, GRID, CONFIG);
  const result = await first.run();
  const combos = first.combos;
  const m = result.metricNames.indexOf("total_return");
  if (m < 0) throw new Error(`sweep gate: no total_return among metricNames ${result.metricNames.join(", ")}`);
  // Parity on a sample (first, middle, last combination): universe total return equals the plain run's.
  for (const c of [0, combos >> 1, combos - 1]) {
    const spec = structuredClone(SPEC);
    spec.indicators.fast.period = first.values[c * 2];
    spec.indicators.slow.period = first.values[c * 2 + 1];
    const plain = await native.backtestBatch(input, JSON.stringify(spec), CONFIG);
    const row = Array.from(result.universe.combo).indexOf(c);
    const curve = plain.equity; // universe equity = per-symbol curves summed (same bars per symbol here)
    const start = CONFIG.cash * symbols;
    let end = 0;
    for (let s = 0; s < symbols; s++) end += curve[input.offsets[s + 1] - 1];
    const want = end / start - 1;
    const got = result.universe.metrics[row * result.metricNames.length + m];
    if (!(Math.abs(got - want) <= 1e-9 * Math.max(1, Math.abs(want)))) throw new Error(`sweep gate: combo ${c} universe total_return ${got} vs plain backtest ${want}`);
  }
  const samples = await interleaved({ sweep: job, single: () => native.backtestBatch(input, specJson, CONFIG) }, { rounds });
  const r = ratio(samples.single.map((x) => x * combos), samples.sweep);
  return [
    {
      id: "sweep_sharing_gain",
      title: `sweep: ${combos} combinations in one SweepJob vs ${combos} plain runs`,
      value: r.median,
      unit: "ratio",
      better: "higher",
      tolerance: { rel: 0.3 },
      limit: 1,
      spread: r,
      detail: `${symbols}x${bars} bars, ${combos} combos, 3 sampled combos equal a plain run`,
    },
  ];
}
