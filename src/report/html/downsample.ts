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
 */
export function lttb(x: ArrayLike<number>, y: ArrayLike<number>, maxPoints: number): number[] {
  const n = x.length;
  if (maxPoints >= n || n <= 2) return Array.from({ length: n }, (_, i) => i);
  if (maxPoints < 3) throw new Error(`lttb: maxPoints must be at least 3, got ${maxPoints}`);
  const out = [0];
  // n - 2 inner points into maxPoints - 2 buckets.
  const every = (n - 2) / (maxPoints - 2);
  let a = 0;
  for (let k = 0; k < maxPoints - 2; k++) {
    // Average of the next bucket: the third triangle vertex.
    const nextLo = Math.floor((k + 1) * every) + 1;
    const nextHi = Math.min(n, Math.floor((k + 2) * every) + 1);
    let ax = 0;
    let ay = 0;
    for (let i = nextLo; i < nextHi; i++) {
      ax += x[i];
      ay += y[i];
    }
    const m = nextHi - nextLo;
    ax /= m;
    ay /= m;
    const lo = Math.floor(k * every) + 1;
    const hi = Math.floor((k + 1) * every) + 1;
    let best = lo;
    let bestArea = -1;
    for (let i = lo; i < hi; i++) {
      const area = Math.abs((x[a] - ax) * (y[i] - y[a]) - (x[a] - x[i]) * (ay - y[a]));
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
