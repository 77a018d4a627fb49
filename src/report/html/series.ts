/**
 * Chart series for the HTML report, downsampled for display and packed compactly (codec.ts).
 * The numbers of the report (statistics, trades) never go through here.
 *
 * Buy & hold and drawdown come from the engine (the universe's summed curves, and each
 * symbol's when the run kept chart curves: `ohlc: true`); nothing is derived here or in the page.
 * When a curve fits in `maxPoints` it is sent whole on the bars' own time axis; when it does
 * not, every series is downsampled here and sent with its own times.
 */
import { decimalsOf, pack, type Packed, packTime, type PackedTime } from "./codec.js";
import { bucketMinima, lttb, ohlcBuckets } from "./downsample.js";
import { plural } from "../format.js";

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
  /** Buy & hold (currency); absent for a symbol of a run without chart curves. */
  hold?: Line;
  /** Drawdown (fraction <= 0); absent for a symbol of a run without chart curves. */
  drawdown?: Line;
  /** Human-readable downsampling notes ("" when nothing was downsampled). */
  note: string;
}

/** Epoch ms per bar from UTC ns. */
export function toMs(ts: BigInt64Array): Float64Array {
  return Float64Array.from(ts, (t) => Number(t / 1_000_000n));
}

const pick = (v: ArrayLike<number>, idx: number[]) => idx.map((i) => v[i]);

/** A downsampled line on its own times. */
function sampled(ms: ArrayLike<number>, v: ArrayLike<number>, idx: number[], d: number): Line {
  return { t: packTime(pick(ms, idx)), v: pack(pick(v, idx), d) };
}

/** Buy & hold and drawdown of a curve, as the engine computed them. */
interface Derived {
  hold: ArrayLike<number>;
  drawdown: ArrayLike<number>;
}

/** Equity, buy & hold and drawdown sent whole (on the payload's `t`). */
function wholeCurves(equity: ArrayLike<number>, more: Derived | undefined) {
  return {
    equity: { v: pack(equity, 2) },
    ...(more ? { hold: { v: pack(more.hold, 2) }, drawdown: { v: pack(more.drawdown, 5) } } : {}),
  };
}

/**
 * Equity (LTTB), buy-and-hold (LTTB) and drawdown (deepest point of each bucket, so the
 * chart's maximum drawdown is the exact one) of a curve longer than `maxPoints`.
 */
function downsampledCurves(ms: Float64Array, equity: ArrayLike<number>, more: Derived | undefined, maxPoints: number) {
  const eIdx = lttb(ms, equity, maxPoints);
  const eq = { equity: sampled(ms, equity, eIdx, 2) };
  if (!more) return { ...eq, note: `Equity: ${plural(ms.length, "point")} shown as ${eIdx.length.toLocaleString("en-US")} (LTTB).` };
  const dIdx = bucketMinima(more.drawdown, maxPoints);
  return {
    ...eq,
    hold: sampled(ms, more.hold, lttb(ms, more.hold, maxPoints), 2),
    drawdown: sampled(ms, more.drawdown, dIdx, 5),
    note: `Equity and buy & hold: ${plural(ms.length, "point")} shown as ${eIdx.length.toLocaleString("en-US")} (LTTB); drawdown as the deepest point of each of ${plural(dIdx.length, "bucket")}.`,
  };
}

/** The universe's charts from its summed curves (`ts` UTC ns, `equity`/`hold` currency, `drawdown` fraction). */
export function universeSeries(c: { ts: BigInt64Array; equity: Float64Array; hold: Float64Array; drawdown: Float64Array }, maxPoints = MAX_POINTS): ChartPayload {
  const ms = toMs(c.ts);
  if (ms.length <= maxPoints) return { bars: ms.length, t: packTime(ms), ...wholeCurves(c.equity, c), note: "" };
  return { bars: ms.length, ...downsampledCurves(ms, c.equity, c, maxPoints) };
}

/** Note for a symbol chart without the engine's buy & hold and drawdown. */
const NO_DERIVED = "Buy & hold and drawdown per symbol need a run with ohlc: true (the CLI's --html asks for them).";

/**
 * One symbol's charts: candles when `ohlc` is given, else a close line; equity; buy & hold and
 * drawdown when the run computed them (`hold`, `drawdown`).
 */
export function symbolCharts(
  curve: {
    ts: BigInt64Array;
    equity: Float64Array;
    close: Float64Array;
    ohlc?: { open: Float64Array; high: Float64Array; low: Float64Array };
    hold?: Float64Array;
    drawdown?: Float64Array;
  },
  maxPoints = MAX_POINTS,
): ChartPayload {
  const ms = toMs(curve.ts);
  const n = ms.length;
  const o = curve.ohlc;
  const more = curve.hold && curve.drawdown ? { hold: curve.hold, drawdown: curve.drawdown } : undefined;
  const d = Math.max(...[curve.close, ...(o ? [o.open, o.high, o.low] : [])].map((x) => decimalsOf(x)));
  if (n <= maxPoints) {
    const price = curve.ohlc
      ? { candles: { o: pack(curve.ohlc.open, d), h: pack(curve.ohlc.high, d), l: pack(curve.ohlc.low, d), c: pack(curve.close, d), bucket: 1 } }
      : { close: { v: pack(curve.close, d) } };
    return { bars: n, t: packTime(ms), ...price, ...wholeCurves(curve.equity, more), note: more ? "" : NO_DERIVED };
  }
  const lines = downsampledCurves(ms, curve.equity, more, maxPoints);
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
  return { bars: n, ...price, ...lines, note: [priceNote, lines.note, more ? "" : NO_DERIVED].filter(Boolean).join(" ") };
}
