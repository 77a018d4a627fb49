/**
 * Downsampling FOR DISPLAY ONLY (the HTML report's charts): statistics and trades are always
 * computed on every bar. Each function returns the full series unchanged when it already fits.
 */

/** `n` bars split into consecutive buckets of `size` bars (the last may be shorter). */
export function bucketSize(n: number, maxPoints: number): number {
  if (!Number.isInteger(maxPoints) || maxPoints < 1) throw new Error(`downsample: maxPoints must be a positive integer, got ${maxPoints}`);
  return Math.max(1, Math.ceil(n / maxPoints));
}

/** Candles after {@link ohlcBuckets}: bucket start time and the aggregated prices, len m. */
export interface Candles {
  /** Time of the bucket's first bar (same unit as the input `t`). */
  t: number[];
  open: number[];
  high: number[];
  low: number[];
  close: number[];
  /** Bars per bucket (1 = not downsampled). */
  bucket: number;
}

/**
 * Aggregates bars into at most `maxCandles` candles of equal bar count: first open, max high,
 * min low, last close (the usual OHLC resampling rule), time of the first bar.
 * `t`, `open`, `high`, `low`, `close`: per bar, same length n.
 */
export function ohlcBuckets(
  t: ArrayLike<number>, open: ArrayLike<number>, high: ArrayLike<number>, low: ArrayLike<number>, close: ArrayLike<number>,
  maxCandles: number,
): Candles {
  const n = t.length;
  const b = bucketSize(n, maxCandles);
  const out: Candles = { t: [], open: [], high: [], low: [], close: [], bucket: b };
  for (let lo = 0; lo < n; lo += b) {
    const hi = Math.min(n, lo + b);
    let h = -Infinity;
    let l = Infinity;
    for (let i = lo; i < hi; i++) {
      if (high[i] > h) h = high[i];
      if (low[i] < l) l = low[i];
    }
    out.t.push(t[lo]);
    out.open.push(open[lo]);
    out.high.push(h);
    out.low.push(l);
    out.close.push(close[hi - 1]);
  }
  return out;
}

/**
 * Largest-Triangle-Three-Buckets (Steinarsson 2013, "Downsampling Time Series for Visual
 * Representation", ch. 4.2): indices of at most `maxPoints` points of the line (x, y) that keep
 * its visual shape. Always keeps the first and last point; returns every index when n fits.
 * The n - 2 inner points are split into maxPoints - 2 buckets as numpy's `array_split` does
 * (the first n % buckets one longer), as in the reference implementation the tests compare with
 * (PyPI `lttb`, tests/golden/lttb).
 */
export function lttb(x: ArrayLike<number>, y: ArrayLike<number>, maxPoints: number): number[] {
  const n = x.length;
  if (maxPoints >= n || n <= 2) return Array.from({ length: n }, (_, i) => i);
  if (maxPoints < 3) throw new Error(`lttb: maxPoints must be at least 3, got ${maxPoints}`);
  const bins = maxPoints - 2;
  const q = Math.floor((n - 2) / bins);
  const r = (n - 2) % bins;
  const start = (k: number) => 1 + k * q + Math.min(k, r); // bucket k is start(k)..start(k + 1)
  const out = [0];
  let a = 0;
  for (let k = 0; k < bins; k++) {
    // Third triangle vertex: the mean of the next bucket (the last point after the last bucket).
    const nextLo = k < bins - 1 ? start(k + 1) : n - 1;
    const nextHi = k < bins - 1 ? start(k + 2) : n;
    let cx = 0;
    let cy = 0;
    for (let i = nextLo; i < nextHi; i++) {
      cx += x[i];
      cy += y[i];
    }
    cx /= nextHi - nextLo;
    cy /= nextHi - nextLo;
    let best = start(k);
    let bestArea = -1;
    for (let i = start(k); i < start(k + 1); i++) {
      const area = Math.abs((x[a] - cx) * (y[i] - y[a]) - (x[a] - x[i]) * (cy - y[a]));
      if (area > bestArea) {
        bestArea = area;
        best = i;
      }
    }
    out.push(best);
    a = best;
  }
  out.push(n - 1);
  return out;
}

/**
 * Indices of the minimum of each of at most `maxPoints` equal buckets (first on ties): a
 * drawdown line downsampled this way still shows every bucket's deepest point, so the
 * maximum drawdown on the chart is the exact one. Returns every index when n fits.
 */
export function bucketMinima(y: ArrayLike<number>, maxPoints: number): number[] {
  const n = y.length;
  const b = bucketSize(n, maxPoints);
  const out: number[] = [];
  for (let lo = 0; lo < n; lo += b) {
    const hi = Math.min(n, lo + b);
    let best = lo;
    for (let i = lo + 1; i < hi; i++) if (y[i] < y[best]) best = i;
    out.push(best);
  }
  return out;
}
