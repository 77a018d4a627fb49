/**
 * Gate `indicators_vs_ts`: the native indicators (`indicatorValues`: SMA(10), EMA(20),
 * RSI(14), ATR(14) of one strategy over one symbol, the code the replay computes signals
 * with) against the plain JavaScript references (reference/indicators.mjs) on the same
 * generated bars. First checks every value to 1e-9 relative, then gates on the CPU-time
 * ratio reference / native (higher is better).
 */
import { replayInput } from "../fixtures.mjs";
import { native } from "../../dist/engine/native.js";
import { interleaved, ratio } from "./lib/measure.mjs";
import { assertClose } from "./lib/parity.mjs";
import { atr, ema, rsi, sma } from "./reference/indicators.mjs";

/** A spec that computes the four indicators (the rule only makes the spec valid). */
const SPEC = JSON.stringify({
  name: "gate_indicators",
  indicators: { sma10: { kind: "sma", period: 10 }, ema20: { kind: "ema", period: 20 }, rsi14: { kind: "rsi", period: 14 }, atr14: { kind: "atr", period: 14 } },
  entry_long: "rsi14 < 30 and sma10 > ema20 and atr14 > 0",
});

/** The four reference series, in the spec's order. */
function reference(b) {
  return [sma(b.close, 10), ema(b.close, 20), rsi(b.close, 14), atr(b.high, b.low, b.close, 14)];
}

/**
 * @param {{rounds: number}} opts
 * @returns {Promise<object[]>} one gate result
 */
export async function run({ rounds }) {
  const bars = 1_000_000;
  const b = replayInput(1, bars, 11);
  const call = () => native.indicatorValues(SPEC, b.open, b.high, b.low, b.close, b.volume);
  const got = call();
  const want = reference(b);
  const names = ["sma10", "ema20", "rsi14", "atr14"];
  names.forEach((name, k) => {
    if (got[k]?.name !== name) throw new Error(`indicatorValues: output ${k} is ${got[k]?.name}, expected ${name}`);
    assertClose(`indicator ${name} (native vs reference)`, got[k].values, want[k], 1e-9);
  });
  const samples = await interleaved({ native: call, reference: () => reference(b) }, { rounds });
  const r = ratio(samples.reference, samples.native);
  return [
    {
      id: "indicators_vs_ts",
      title: "indicators: native SMA/EMA/RSI/ATR vs plain JS reference",
      value: r.median,
      unit: "ratio",
      better: "higher",
      tolerance: { rel: 0.4 },
      spread: r,
      detail: `${bars} bars, 4 series equal to 1e-9`,
    },
  ];
}
