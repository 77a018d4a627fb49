/**
 * Gate `risk_exit_overhead`: the cost of CHECKING the five risk exits. The same SMA 10/30
 * cross runs with no risk exits and with all five configured at levels that can never fire
 * on the generated bars (stop 99%, trailing 99%, take profit 99.9%, ATR stop 1e6 x ATR, time
 * exit after 4e9 bars), so the trades are identical (asserted bit for bit, equity too) and
 * the only difference is the per-bar work of the checks plus the ATR the ATR stop needs.
 * Value: median over interleaved rounds of CPU(with) / CPU(without) - 1 (lower is better).
 */
import { replayInput, SMA_CROSS } from "../fixtures.mjs";
import { native } from "../../dist/native.js";
import { interleaved, ratio } from "./lib/measure.mjs";
import { assertSameBacktest } from "./lib/parity.mjs";

const CONFIG = { cash: 100_000, commission: 0.001, slippage: 0.0002, threads: 1 };

/** SMA_CROSS with all five risk exits at levels that never fire. */
const NEVER_FIRING = JSON.stringify({
  ...JSON.parse(SMA_CROSS),
  name: "sma_cross_idle_risk",
  risk: { stop_loss: 0.99, take_profit: 0.999, trailing_stop: 0.99, atr_stop: { period: 14, multiple: 1e6 }, max_bars: 4_000_000_000 },
});

/**
 * @param {{rounds: number}} opts
 * @returns {Promise<object[]>} one gate result
 */
export async function run({ rounds }) {
  const symbols = 4;
  const bars = 250_000;
  const input = replayInput(symbols, bars, 7);
  const without = await native.backtestBatch(input, SMA_CROSS, CONFIG);
  const withIdle = await native.backtestBatch(input, NEVER_FIRING, CONFIG);
  assertSameBacktest("risk exits at never-firing levels vs none", withIdle, without);
  const samples = await interleaved(
    {
      without: () => native.backtestBatch(input, SMA_CROSS, CONFIG),
      with: () => native.backtestBatch(input, NEVER_FIRING, CONFIG),
    },
    { rounds: rounds * 3 },
  );
  const r = ratio(samples.with, samples.without);
  const minus1 = (x) => x - 1;
  return [
    {
      id: "risk_exit_overhead",
      title: "risk exits: checking 5 never-firing exits vs none (same trades)",
      value: minus1(r.median),
      unit: "fraction",
      better: "lower",
      tolerance: { abs: 0.25 },
      spread: { min: minus1(r.min), max: minus1(r.max), rounds: r.rounds },
      detail: `${symbols}x${bars} bars, ${without.trades.pnl.length} trades identical`,
    },
  ];
}
