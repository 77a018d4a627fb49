/**
 * Gate `focused_speedup_5pct`: focused replay (`focusedBatch`) vs full replay
 * (`backtestBatch`) of SMA 10/30 cross + 5 risk exits, 1 thread, at a fixed candidate set
 * covering about 5% of the bars (window +-20 bars, candidates spread as in
 * bench/focused.mjs). The focused result is verified against the plain path first
 * (`verify`), and the coverage must lie in [3.5%, 6.5%] so the gate measures what it says.
 * Value: median over interleaved rounds of CPU(full) / CPU(focused) (higher is better).
 */
import { replayInput, SMA_CROSS_RISK, spreadCandidates } from "../fixtures.mjs";
import { native } from "../../dist/engine/native.js";
import { interleaved, ratio } from "./lib/measure.mjs";

const CONFIG = { cash: 100_000, commission: 0.001, slippage: 0.0002, threads: 1 };
const HALF_WIDTH = 20;

/**
 * @param {{rounds: number}} opts
 * @returns {Promise<object[]>} one gate result
 */
export async function run({ rounds }) {
  const symbols = 4;
  const bars = 100_000;
  const input = replayInput(symbols, bars, 7);
  // Each candidate of this strategy simulates ~800 bars (lead-in, window, the trade's
  // run-out); 6 per 100k bars gave 4.9% in bench/results/focused.quick.json.
  const c = spreadCandidates(symbols, bars, Math.round((6 * bars) / 100_000), HALF_WIDTH);
  const checked = await native.focusedBatch(input, SMA_CROSS_RISK, CONFIG, c, true);
  if (!checked.verify.identical) throw new Error(`focused replay differs from the plain path: ${checked.verify.mismatch}`);
  const coverage = checked.focus.reduce((a, f) => a + f.barsSimulated, 0) / (symbols * bars);
  if (coverage < 0.035 || coverage > 0.065) throw new Error(`focused gate: coverage ${(coverage * 100).toFixed(2)}% is outside [3.5%, 6.5%]; fix the candidate count`);
  const samples = await interleaved(
    {
      full: () => native.backtestBatch(input, SMA_CROSS_RISK, CONFIG),
      focused: () => native.focusedBatch(input, SMA_CROSS_RISK, CONFIG, c),
    },
    { rounds },
  );
  const r = ratio(samples.full, samples.focused);
  return [
    {
      id: "focused_speedup_5pct",
      title: "focused vs full replay at ~5% coverage (sma_cross_risk)",
      value: r.median,
      unit: "ratio",
      better: "higher",
      tolerance: { rel: 0.3 },
      limit: 2,
      spread: r,
      detail: `${symbols}x${bars} bars, coverage ${(coverage * 100).toFixed(2)}%, verified identical`,
    },
  ];
}
