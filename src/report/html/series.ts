/**
 * Chart series for the HTML report, downsampled for display and packed compactly (codec.ts).
 * The numbers of the report (statistics, trades) never go through here.
 *
 * When a curve fits in `maxPoints` it is sent whole on the bars' own time axis and the page
 * derives buy & hold and drawdown from it with {@link holdCurve} and {@link drawdown} (inlined
 * by source); when it does not, every series is downsampled here and sent with its own times.
 */
import { decimalsOf, pack, type Packed, packTime, type PackedTime } from "./codec.js";
import { bucketMinima, lttb, ohlcBuckets } from "./downsample.js";

/** Points per chart series at most (display only). */
export const MAX_POINTS = 3000;

/** A line: values, and its own times unless it uses the payload's `t`. */
export interface Line {
  t?: PackedTime;
  v: Packed;
}

/** Candles: own times unless on the payload's `t`; `bucket` bars per candle (1 = every bar). */
export interface CandleSeries {
  t?: PackedTime;
  o: Packed;
  h: Packed;
  l: Packed;
  c: Packed;
  bucket: number;
}

/** The charts of one symbol, or of the universe (no price). */
export interface ChartPayload {
  /** Bars (or universe timestamps) behind the series. */
  bars: number;
  /** The bars' times, when some series is sent whole. */
  t?: PackedTime;
  candles?: CandleSeries;
  /** Close line when the run kept no open/high/low. */
  close?: Line;
  equity: Line;
  /** Absent: the page derives it from the (whole) close with `cash`. */
  hold?: Line;
  /** Absent: the page derives it from the (whole) equity. */
  drawdown?: Line;
  /** Starting cash (for the derived buy & hold). */
  cash: number;
  /** Human-readable downsampling notes ("" when nothing was downsampled). */
  note: string;
}

/** Epoch ms per bar from UTC ns. */
export function toMs(ts: BigInt64Array): Float64Array {
  return Float64Array.from(ts, (t) => Number(t / 1_000_000n));
}

/** Drawdown per point: `equity / running peak - 1` (fraction, <= 0). Runs in the page too. */
export function drawdown(equity: ArrayLike<number>): number[] {
  const out: number[] = new Array(equity.length);
  let peak = -Infinity;
  for (let i = 0; i < equity.length; i++) {
    if (equity[i] > peak) peak = equity[i];
    out[i] = equity[i] / peak - 1;
  }
  return out;
}

/**
 * Buy & hold of `cash` from the first close: `cash * close / close[0]`, the engine's
 * definition (crates/engine/src/universe.rs). Runs in the page too.
 */
export function holdCurve(close: ArrayLike<number>, cash: number): number[] {
  return Array.from(close, (c) => (cash * c) / close[0]);
}

function plural(n: number, what: string): string {
  return `${n.toLocaleString("en-US")} ${what}${n === 1 ? "" : "s"}`;
}

const pick = (v: ArrayLike<number>, idx: number[]) => idx.map((i) => v[i]);

/** A downsampled line on its own times. */
function sampled(ms: ArrayLike<number>, v: ArrayLike<number>, idx: number[], d: number): Line {
  return { t: packTime(pick(ms, idx)), v: pack(pick(v, idx), d) };
}

/**
 * Equity (LTTB), buy-and-hold (LTTB) and drawdown (deepest point of each bucket, so the
 * chart's maximum drawdown is the exact one) of a curve longer than `maxPoints`.
 */
function downsampledCurves(ms: Float64Array, equity: ArrayLike<number>, hold: ArrayLike<number>, maxPoints: number) {
  const dd = drawdown(equity);
  const eIdx = lttb(ms, equity, maxPoints);
  const dIdx = bucketMinima(dd, maxPoints);
  return {
    equity: sampled(ms, equity, eIdx, 2),
    hold: sampled(ms, hold, lttb(ms, hold, maxPoints), 2),
    drawdown: sampled(ms, dd, dIdx, 5),
    note: `Equity and buy & hold: ${plural(ms.length, "point")} shown as ${eIdx.length.toLocaleString("en-US")} (LTTB); drawdown as the deepest point of each of ${plural(dIdx.length, "bucket")}.`,
  };
}

/** The universe's charts from its summed curves (`ts` UTC ns, `equity`/`hold` currency). */
export function universeSeries(c: { ts: BigInt64Array; equity: Float64Array; hold: Float64Array }, cash: number, maxPoints = MAX_POINTS): ChartPayload {
  const ms = toMs(c.ts);
  if (ms.length <= maxPoints) {
    return { bars: ms.length, t: packTime(ms), equity: { v: pack(c.equity, 2) }, hold: { v: pack(c.hold, 2) }, cash, note: "" };
  }
  return { bars: ms.length, cash, ...downsampledCurves(ms, c.equity, c.hold, maxPoints) };
}

/**
 * One symbol's charts: candles when `ohlc` is given, else a close line; equity; buy & hold
 * (`cash` from the first close) and drawdown.
 */
export function symbolCharts(
  curve: { ts: BigInt64Array; equity: Float64Array; close: Float64Array; ohlc?: { open: Float64Array; high: Float64Array; low: Float64Array } },
  cash: number,
  maxPoints = MAX_POINTS,
): ChartPayload {
  const ms = toMs(curve.ts);
  const n = ms.length;
  const o = curve.ohlc;
  const d = Math.max(...[curve.close, ...(o ? [o.open, o.high, o.low] : [])].map((x) => decimalsOf(x)));
  if (n <= maxPoints) {
    const price = curve.ohlc
      ? { candles: { o: pack(curve.ohlc.open, d), h: pack(curve.ohlc.high, d), l: pack(curve.ohlc.low, d), c: pack(curve.close, d), bucket: 1 } }
      : { close: { v: pack(curve.close, d) } };
    return { bars: n, t: packTime(ms), ...price, equity: { v: pack(curve.equity, 2) }, cash, note: "" };
  }
  const lines = downsampledCurves(ms, curve.equity, holdCurve(curve.close, cash), maxPoints);
  let price: Pick<ChartPayload, "candles" | "close">;
  let priceNote: string;
  if (curve.ohlc) {
    const k = ohlcBuckets(ms, curve.ohlc.open, curve.ohlc.high, curve.ohlc.low, curve.close, maxPoints);
    price = { candles: { t: packTime(k.t), o: pack(k.open, d), h: pack(k.high, d), l: pack(k.low, d), c: pack(k.close, d), bucket: k.bucket } };
    priceNote = `Price: ${plural(n, "bar")} shown as ${plural(k.t.length, "candle")} of ${k.bucket} bars (first open, highest high, lowest low, last close).`;
  } else {
    const idx = lttb(ms, curve.close, maxPoints);
    price = { close: sampled(ms, curve.close, idx, d) };
    priceNote = `Price: ${plural(n, "close")} shown as ${plural(idx.length, "point")} (LTTB).`;
  }
  return { bars: n, ...price, ...lines, cash, note: `${priceNote} ${lines.note}` };
}
