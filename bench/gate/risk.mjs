/**
 * Gate `risk_exit_overhead`: the cost of CHECKING the five risk exits. The same SMA 10/30
 * cross runs with no risk exits and with all five configured at levels that can never fire
 * on the generated bars (stop 99%, trailing 99%, take profit 99.9%, ATR stop 1e6 x ATR, time
 * exit after 4e9 bars), so the trades are identical (asserted bit for bit, equity too) and
 * the only difference is the per-bar work of the checks plus the ATR the ATR stop needs.
 * Value: median over interleaved rounds of CPU(with) / CPU(without) - 1 (lower is better).
 *
 * Gate `risk_check_overhead`: the same for the four exits that need no indicator (no ATR
 * stop), timed in the same rounds: the checks alone, the ATR being an indicator.
 */
import { replayInput, SMA_CROSS } from "../fixtures.mjs";
import { native } from "../../dist/engine/native.js";
import { interleaved, ratio } from "./lib/measure.mjs";
import { assertSameBacktest } from "./lib/parity.mjs";

const CONFIG = { cash: 100_000, commission: 0.001, slippage: 0.0002, threads: 1 };

/** SMA_CROSS with all five risk exits at levels that never fire. */
const NEVER_FIRING = JSON.stringify({
  ...JSON.parse(SMA_CROSS),
  name: "sma_cross_idle_risk",
  risk: { stop_loss: 0.99, take_profit: 0.999, trailing_stop: 0.99, atr_stop: { period: 14, multiple: 1e6 }, max_bars: 4_000_000_000 },
});

/** The same without the ATR stop: the exits that need no indicator. */
const NEVER_FIRING_CHECKS = JSON.stringify({
  ...JSON.parse(NEVER_FIRING),
  name: "sma_cross_idle_checks",
  risk: { ...JSON.parse(NEVER_FIRING).risk, atr_stop: undefined },
});

/**
 * @param {{rounds: number}} opts
 * @returns {Promise<object[]>} two gate results
 */
export async function run({ rounds }) {
  const symbols = 4;
  const bars = 250_000;
  const input = replayInput(symbols, bars, 7);
  const without = await native.backtestBatch(input, SMA_CROSS, CONFIG);
  const withIdle = await native.backtestBatch(input, NEVER_FIRING, CONFIG);
  assertSameBacktest("risk exits at never-firing levels vs none", withIdle, without);
  const withChecks = await native.backtestBatch(input, NEVER_FIRING_CHECKS, CONFIG);
  assertSameBacktest("4 risk exits (no ATR stop) at never-firing levels vs none", withChecks, without);
  const samples = await interleaved(
    {
      without: () => native.backtestBatch(input, SMA_CROSS, CONFIG),
      with: () => native.backtestBatch(input, NEVER_FIRING, CONFIG),
      checks: () => native.backtestBatch(input, NEVER_FIRING_CHECKS, CONFIG),
    },
    { rounds: rounds * 3 },
  );
  const minus1 = (x) => x - 1;
  /** Gate: median CPU ratio of `variant` over `without`, minus 1 (tolerance +25 points). */
  const overhead = (id, title, variant) => {
    const r = ratio(samples[variant], samples.without);
    return {
      id,
      title,
      value: minus1(r.median),
      unit: "fraction",
      better: "lower",
      tolerance: { abs: 0.25 },
      spread: { min: minus1(r.min), max: minus1(r.max), rounds: r.rounds },
      detail: `${symbols}x${bars} bars, ${without.trades.pnl.length} trades identical`,
    };
  };
  return [
    overhead("risk_exit_overhead", "risk exits: checking 5 never-firing exits vs none (same trades)", "with"),
    overhead("risk_check_overhead", "risk exits: checking 4 never-firing exits, no ATR stop, vs none (same trades)", "checks"),
  ];
}
