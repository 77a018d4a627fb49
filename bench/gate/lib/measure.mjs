/**
 * How the gates measure: process CPU time (user + system, all threads) per call, variants
 * interleaved round by round so that a slow spell of a shared machine hits every variant
 * alike, and the gate value is the MEDIAN of the per-round ratios (never an absolute time).
 */

/** Median of numbers (mean of the two middle ones for an even count). */
export function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

/**
 * CPU milliseconds of one call of `fn` (awaited): process user + system time, so the
 * worker threads of an async native call count and time spent descheduled does not.
 * @param {() => unknown} fn
 * @returns {Promise<number>} ms
 */
export async function cpuMs(fn) {
  const before = process.cpuUsage();
  await fn();
  const d = process.cpuUsage(before);
  return (d.user + d.system) / 1e3;
}

/**
 * Times every variant `rounds` times, interleaved: round r runs the variants in an order
 * rotated by r (so none always runs first), after `warmup` untimed rounds. A variant whose
 * call takes under `minMs` is repeated inside its sample until it does (CPU clock
 * resolution); the sample is then the time per call.
 * @param {Record<string, () => unknown>} variants name -> call
 * @param {{rounds: number, warmup?: number, minMs?: number}} opts
 * @returns {Promise<Record<string, number[]>>} name -> CPU ms per call, one per round
 */
export async function interleaved(variants, { rounds, warmup = 1, minMs = 60 }) {
  const names = Object.keys(variants);
  const reps = {};
  for (const name of names) {
    // Calibrate the repeat count once (also the first warm-up call).
    let k = 1;
    let t = await cpuMs(variants[name]);
    while (t * k < minMs && k < 1 << 16) k *= 2;
    reps[name] = k;
  }
  const samples = Object.fromEntries(names.map((n) => [n, []]));
  for (let r = -warmup; r < rounds; r++) {
    for (let j = 0; j < names.length; j++) {
      const name = names[(j + Math.max(r, 0)) % names.length];
      const k = reps[name];
      const ms = await cpuMs(async () => {
        for (let i = 0; i < k; i++) await variants[name]();
      });
      if (r >= 0) samples[name].push(ms / k);
    }
  }
  return samples;
}

/**
 * Per-round ratio `num[r] / den[r]` of two sample lists from one `interleaved` run, and
 * its median and spread (min, max): the figure a gate compares.
 * @param {number[]} num
 * @param {number[]} den
 */
export function ratio(num, den) {
  const rs = num.map((x, i) => x / den[i]);
  return { median: median(rs), min: Math.min(...rs), max: Math.max(...rs), rounds: rs.length };
}
