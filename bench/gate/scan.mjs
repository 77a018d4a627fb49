/**
 * Gate `scan_vs_replay_per_bar`: the screener's compute (`scanBatch`: session, bar rules,
 * features, score; screen examples/screens/intraday_1min.json, 1 thread, every bar may be
 * a candidate) against the replay (`backtestBatch`, SMA 10/30 cross + 5 risk exits,
 * 1 thread) on the same generated one-minute bars. The scan must find candidates (so it
 * did its work). Value: median over interleaved rounds of CPU(scan) / CPU(replay), i.e. the
 * scan's cost per bar in replays per bar (lower is better).
 */
import { readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

import { replayInput, SMA_CROSS_RISK } from "../fixtures.mjs";
import { native } from "../../dist/engine/native.js";
import { interleaved, ratio } from "./lib/measure.mjs";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..", "..");
const SCREEN = readFileSync(join(root, "examples", "screens", "intraday_1min.json"), "utf8");
const CONFIG = { cash: 100_000, commission: 0.001, slippage: 0.0002, threads: 1 };

/**
 * @param {{rounds: number}} opts
 * @returns {Promise<object[]>} one gate result
 */
export async function run({ rounds }) {
  const symbols = 4;
  const bars = 250_000;
  const input = replayInput(symbols, bars, 7);
  const emitFrom = BigInt64Array.from(input.symbols, (_, s) => input.ts[input.offsets[s]]);
  const scan = () => native.scanBatch(input, SCREEN, emitFrom, 1);
  const found = (await scan()).bar.length;
  if (found === 0) throw new Error("scan gate: scanBatch found no candidate on the generated bars; the gate would time an empty scan");
  const samples = await interleaved({ scan, replay: () => native.backtestBatch(input, SMA_CROSS_RISK, CONFIG) }, { rounds });
  const r = ratio(samples.scan, samples.replay);
  return [
    {
      id: "scan_vs_replay_per_bar",
      title: "scan compute vs replay, CPU per bar (intraday_1min screen vs sma_cross_risk)",
      value: r.median,
      unit: "ratio",
      better: "lower",
      tolerance: { rel: 0.3 },
      spread: r,
      detail: `${symbols}x${bars} bars, ${found} candidates`,
    },
  ];
}
