/** Terminal sparklines of equity curves (block characters, drawn by the `sparkly` package). */
import sparkly from "sparkly";

/**
 * `values` (e.g. equity per bar, len n) as at most `width` block characters: each character is
 * the LAST value of an equal run of bars (the curve's level at that point; display only).
 * Scaled to the sampled values' own min/max (lowest block = min). Empty string for an empty series.
 */
export function sparkline(values: ArrayLike<number>, width = 48): string {
  const sampled = sampleLast(values, width);
  return sampled.length === 0 ? "" : sparkly(sampled);
}

/** The last value of each of at most `width` equal runs of `values`. */
export function sampleLast(values: ArrayLike<number>, width: number): number[] {
  const n = values.length;
  const size = Math.max(1, Math.ceil(n / width));
  const out: number[] = [];
  for (let hi = size; hi - size < n; hi += size) out.push(values[Math.min(n, hi) - 1]);
  return out;
}
