/**
 * Compact number columns for the HTML report's JSON (display series only): values become
 * integers `round(x * 10^d)`, delta-encoded, so a daily price series costs a few characters
 * per bar. `unpack`/`unpackTime` are also inlined into the page (by source), so encoder and
 * decoder are one piece of code.
 */

/** A packed column: `v[0]` = first integer, then differences; value = integer / 10^d. */
export interface Packed {
  d: number;
  v: number[];
}

/** A packed time column: epoch ms = (running sum of `v`) * `u`. */
export interface PackedTime {
  u: number;
  v: number[];
}

/**
 * Fewest decimals (<= `max`) that represent every value within 1e-9 of itself once rounded to
 * `max` significant digits overall (8 by default, the display precision).
 */
export function decimalsOf(values: ArrayLike<number>, max = 8): number {
  let d = 0;
  for (let i = 0; i < values.length && d < max; i++) {
    const x = values[i];
    while (d < max && Math.abs(Math.round(x * 10 ** d) / 10 ** d - x) > 1e-9 * Math.max(1, Math.abs(x))) d++;
  }
  return d;
}

/**
 * Packs `values` with `d` decimals (rounding: display only).
 * @throws Error naming the index of a non-finite value.
 */
export function pack(values: ArrayLike<number>, d: number): Packed {
  const scale = 10 ** d;
  const v: number[] = new Array(values.length);
  let prev = 0;
  for (let i = 0; i < values.length; i++) {
    if (!Number.isFinite(values[i])) throw new Error(`pack: value ${i} is ${values[i]}, expected a finite number`);
    const q = Math.round(values[i] * scale);
    v[i] = q - prev;
    prev = q;
  }
  return { d, v };
}

/** The values of a {@link Packed} column. Runs in the page too (inlined by source). */
export function unpack(p: { d: number; v: number[] }): number[] {
  const scale = 10 ** p.d;
  let acc = 0;
  return p.v.map((x) => (acc += x) / scale);
}

/** Packs epoch-ms times with the largest unit that divides all of them (60000 for minute bars). */
export function packTime(ms: ArrayLike<number>): PackedTime {
  const gcd = (a: number, b: number): number => (b === 0 ? a : gcd(b, a % b));
  let u = 0;
  for (let i = 0; i < ms.length; i++) u = gcd(u, Math.abs(ms[i] - (i ? ms[i - 1] : 0)));
  u = u || 1;
  const v: number[] = new Array(ms.length);
  for (let i = 0; i < ms.length; i++) v[i] = (ms[i] - (i ? ms[i - 1] : 0)) / u;
  return { u, v };
}

/** Epoch ms of a {@link PackedTime} column. Runs in the page too (inlined by source). */
export function unpackTime(p: { u: number; v: number[] }): number[] {
  let acc = 0;
  return p.v.map((x) => (acc += x) * p.u);
}
