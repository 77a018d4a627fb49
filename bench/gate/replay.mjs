/**
 * Gate `replay_vs_ts`: the native replay (`backtestBatch`, SMA 10/30 cross, 1 thread,
 * statistics and result conversion included) against the plain JavaScript reference
 * (reference/replay.mjs: SMA + crossover + next-open fills) on the same generated bars.
 * First checks that both give the same trades and equity curve (to 1e-9 relative), then
 * gates on the CPU-time ratio reference / native (higher is better).
 */
import { replayInput, SMA_CROSS } from "../fixtures.mjs";
import { native } from "../../dist/engine/native.js";
import { interleaved, ratio } from "./lib/measure.mjs";
import { assertClose, assertSame } from "./lib/parity.mjs";
import { smaCrossReplay } from "./reference/replay.mjs";

const CONFIG = { cash: 100_000, commission: 0.001, slippage: 0.0002, threads: 1 };

/** One symbol's columns of a BarBatch (subarray views, no copy). */
export function symbolBars(input, s) {
  const [a, b] = [input.offsets[s], input.offsets[s + 1]];
  const col = (c) => c.subarray(a, b);
  return { open: col(input.open), high: col(input.high), low: col(input.low), close: col(input.close), volume: col(input.volume) };
}

/** Row indices of `trades` (BindingTrades) that belong to symbol `s`, in order. */
function symbolRows(trades, s) {
  const rows = [];
  trades.symbolIndex.forEach((x, i) => x === s && rows.push(i));
  return rows;
}

/** Throws unless the reference's trades (`ref`, in order) equal `trades`' rows `rows`. */
function checkTrades(at, ref, trades, rows, tol) {
  assertSame(`${at}: trade count (reference vs native)`, ref.length, rows.length);
  ref.forEach((t, j) => {
    const i = rows[j];
    assertSame(`${at} trade ${j}: entry bar`, t.entryBar, trades.entryBar[i]);
    assertSame(`${at} trade ${j}: exit bar`, t.exitBar, trades.exitBar[i]);
    assertClose(`${at} trade ${j}: entry price, exit price, qty, pnl`, [t.entryPrice, t.exitPrice, t.qty, t.pnl], [trades.entryPrice[i], trades.exitPrice[i], trades.qty[i], trades.pnl[i]], tol);
  });
}

/** Throws unless the reference replay equals the native one on every symbol of `input`: closed trades, the open position, equity. */
function checkParity(input, result) {
  const TOL = 1e-9;
  let trades = 0;
  for (let s = 0; s < input.symbols.length; s++) {
    const ref = smaCrossReplay(symbolBars(input, s), 10, 30, CONFIG);
    const rows = symbolRows(result.trades, s);
    checkTrades(`replay ${input.symbols[s]}`, ref.trades, result.trades, rows, TOL);
    checkTrades(`replay ${input.symbols[s]} open`, ref.open ? [ref.open] : [], result.openTrades, symbolRows(result.openTrades, s), TOL);
    const [a, b] = [input.offsets[s], input.offsets[s + 1]];
    assertClose(`replay ${input.symbols[s]}: equity`, ref.equity, result.equity.subarray(a, b), TOL);
    trades += rows.length;
  }
  return trades;
}

/**
 * @param {{rounds: number}} opts
 * @returns {Promise<object[]>} one gate result
 */
export async function run({ rounds }) {
  const symbols = 4;
  const bars = 250_000;
  const input = replayInput(symbols, bars, 7);
  const trades = checkParity(input, await native.backtestBatch(input, SMA_CROSS, CONFIG));
  const samples = await interleaved(
    {
      native: () => native.backtestBatch(input, SMA_CROSS, CONFIG),
      reference: () => {
        for (let s = 0; s < symbols; s++) smaCrossReplay(symbolBars(input, s), 10, 30, CONFIG);
      },
    },
    { rounds },
  );
  const r = ratio(samples.reference, samples.native);
  return [
    {
      id: "replay_vs_ts",
      title: "replay: native backtestBatch vs plain JS reference (SMA 10/30 cross)",
      value: r.median,
      unit: "ratio",
      better: "higher",
      tolerance: { rel: 0.3 },
      spread: r,
      detail: `${symbols}x${bars} bars, ${trades} trades equal to 1e-9`,
    },
  ];
}
