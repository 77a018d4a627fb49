/**
 * Chart series for the HTML report, downsampled for display and encoded compactly:
 * times as epoch milliseconds, delta-encoded (first value absolute, then differences);
 * values rounded for display. The numbers of the report (statistics, trades) never go
 * through here.
 */
import { bucketMinima, lttb, ohlcBuckets } from "./downsample.js";

/** Points per chart series at most (display only). */
export const MAX_POINTS = 3000;

/** A line: `t` delta-encoded epoch ms, `v` values, same length. */
export interface Line {
  t: number[];
  v: (number | null)[];
}

/** Candles: `t` delta-encoded epoch ms of each candle's first bar, `bucket` bars per candle. */
export interface CandleSeries {
  t: number[];
  o: number[];
  h: number[];
  l: number[];
  c: number[];
  bucket: number;
}

/** The charts of one symbol, or of the universe (no price). */
export interface ChartPayload {
  /** Bars (or universe timestamps) behind the series. */
  bars: number;
  candles?: CandleSeries;
  /** Close line when the run kept no open/high/low. */
  close?: Line;
  equity: Line;
  hold: Line;
  drawdown: Line;
  /** Human-readable downsampling notes ("" when nothing was downsampled). */
  note: string;
}

/** Epoch ms per bar from UTC ns. */
export function toMs(ts: BigInt64Array): Float64Array {
  return Float64Array.from(ts, (t) => Number(t / 1_000_000n));
}

function deltas(ms: ArrayLike<number>, idx?: number[]): number[] {
  const out: number[] = [];
  let prev = 0;
  const n = idx ? idx.length : ms.length;
  for (let k = 0; k < n; k++) {
    const v = ms[idx ? idx[k] : k];
    out.push(v - prev);
    prev = v;
  }
  return out;
}

/** `x` rounded to `digits` decimals for display; null for NaN/infinite (JSON has no NaN). */
export function round(x: number, digits: number): number | null {
  return Number.isFinite(x) ? Number(x.toFixed(digits)) : null;
}

/** A price to 8 significant digits (keeps crypto prices like 0.0002413 and index levels alike). */
export function price(x: number): number {
  return Number.isFinite(x) ? Number(x.toPrecision(8)) : x;
}

/** Drawdown per point: `equity / running peak - 1` (fraction, <= 0). */
export function drawdown(equity: ArrayLike<number>): Float64Array {
  const out = new Float64Array(equity.length);
  let peak = -Infinity;
  for (let i = 0; i < equity.length; i++) {
    if (equity[i] > peak) peak = equity[i];
    out[i] = equity[i] / peak - 1;
  }
  return out;
}

function line(ms: Float64Array, v: ArrayLike<number>, idx: number[], digits: number): Line {
  return { t: deltas(ms, idx), v: idx.map((i) => round(v[i], digits)) };
}

function plural(n: number, what: string): string {
  return `${n.toLocaleString("en-US")} ${what}${n === 1 ? "" : "s"}`;
}

/**
 * Equity (LTTB), buy-and-hold (LTTB) and drawdown (bucket minima) of a curve with `ms` times.
 * Returns the series and a note naming what was downsampled.
 */
export function curveSeries(ms: Float64Array, equity: ArrayLike<number>, hold: ArrayLike<number>, maxPoints = MAX_POINTS) {
  const dd = drawdown(equity);
  const eIdx = lttb(ms, equity, maxPoints);
  const hIdx = lttb(ms, hold, maxPoints);
  const dIdx = bucketMinima(dd, maxPoints);
  const note = eIdx.length < ms.length
    ? `Equity and buy & hold: ${plural(ms.length, "point")} shown as ${eIdx.length.toLocaleString("en-US")} (LTTB); drawdown as the deepest point of each of ${plural(dIdx.length, "bucket")}.`
    : "";
  return {
    equity: line(ms, equity, eIdx, 2),
    hold: line(ms, hold, hIdx, 2),
    drawdown: line(ms, dd, dIdx, 6),
    note,
  };
}

/**
 * One symbol's charts. `hold` is the symbol's buy-and-hold curve: `cash * close / close[0]`, the
 * engine's definition (crates/engine/src/universe.rs). Candles when `ohlc` is given, else a close line.
 */
export function symbolCharts(
  curve: { ts: BigInt64Array; equity: Float64Array; close: Float64Array; ohlc?: { open: Float64Array; high: Float64Array; low: Float64Array } },
  cash: number,
  maxPoints = MAX_POINTS,
): ChartPayload {
  const ms = toMs(curve.ts);
  const n = ms.length;
  const c0 = curve.close[0];
  const hold = Float64Array.from(curve.close, (c) => (cash * c) / c0);
  const lines = curveSeries(ms, curve.equity, hold, maxPoints);
  const notes = lines.note ? [lines.note] : [];
  const out: ChartPayload = { bars: n, equity: lines.equity, hold: lines.hold, drawdown: lines.drawdown, note: "" };
  if (curve.ohlc) {
    const k = ohlcBuckets(ms, curve.ohlc.open, curve.ohlc.high, curve.ohlc.low, curve.close, maxPoints);
    out.candles = { t: deltas(k.t), o: k.open.map(price), h: k.high.map(price), l: k.low.map(price), c: k.close.map(price), bucket: k.bucket };
    if (k.bucket > 1) {
      notes.unshift(`Price: ${plural(n, "bar")} shown as ${plural(k.t.length, "candle")} of ${k.bucket} bars (first open, highest high, lowest low, last close).`);
    }
  } else {
    const idx = lttb(ms, curve.close, maxPoints);
    out.close = { t: deltas(ms, idx), v: idx.map((i) => price(curve.close[i])) };
    if (idx.length < n) notes.unshift(`Price: ${plural(n, "close")} shown as ${plural(idx.length, "point")} (LTTB).`);
  }
  out.note = notes.join(" ");
  return out;
}
