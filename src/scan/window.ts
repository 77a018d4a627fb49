/**
 * Exact per-symbol time windows from a bar index: which bars may become candidates (the emission window),
 * which bars the pre-screen's bar rules read, and which bars the features read (warm-up + emission window).
 */
import type { BarIndex } from "../data/index.js";

const NS_PER_DAY = 86_400_000_000_000n;

/** One symbol's windows; every bound is an inclusive bar time, UTC ns. */
export interface SymbolWindow {
  /** First bar that may become a candidate; also the pre-screen's reference bar. */
  emitFrom: bigint;
  /** Bars in the emission window. */
  emitBars: number;
  /** Pre-screen read: the bars of the last `prescreenDays` UTC dates up to and including `emitFrom`. */
  prescreen: { lo: bigint; hi: bigint; bars: number };
  /** Feature read: `warmupBars` bars before `emitFrom` (fewer if the symbol has fewer) up to the last bar. */
  load: { lo: bigint; hi: bigint; bars: number };
}

/** What decides the windows. */
export interface WindowOptions {
  /** First emitted bar time, UTC ns (inclusive); without it each symbol emits its last `emitLastBars` bars. */
  start?: bigint;
  emitLastBars: number;
  warmupBars: number;
  /** UTC dates the bar rules need (0: no bar rules). */
  prescreenDays: number;
}

/** First index in `ts[lo..hi)` with `ts[i] >= x` (binary search). */
function lowerBound(ts: BigInt64Array, lo: number, hi: number, x: bigint): number {
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (ts[mid]! < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** UTC date number of a time (floor division, also before 1970). */
function day(ns: bigint): bigint {
  const q = ns / NS_PER_DAY;
  return ns < 0n && q * NS_PER_DAY !== ns ? q - 1n : q;
}

/**
 * Windows of every symbol of `index` (whose times already stop at the scan's end); undefined for a symbol
 * with no bar in its emission window.
 */
export function windowsFromIndex(index: BarIndex, o: WindowOptions): Map<string, SymbolWindow | undefined> {
  const out = new Map<string, SymbolWindow | undefined>();
  index.symbols.forEach((symbol, i) => {
    const a = index.offsets[i]!;
    const b = index.offsets[i + 1]!;
    const e = o.start === undefined ? Math.max(a, b - o.emitLastBars) : lowerBound(index.ts, a, b, o.start);
    if (e >= b) {
      out.set(symbol, undefined);
      return;
    }
    const ref = index.ts[e]!;
    // Walk back over whole UTC dates from the reference bar's date.
    let p = e;
    if (o.prescreenDays > 0) {
      let days = 1;
      let d = day(ref);
      while (p > a) {
        const prev = day(index.ts[p - 1]!);
        if (prev !== d) {
          if (days === o.prescreenDays) break;
          days++;
          d = prev;
        }
        p--;
      }
    }
    const lo = Math.max(a, e - o.warmupBars);
    out.set(symbol, {
      emitFrom: ref,
      emitBars: b - e,
      prescreen: { lo: index.ts[p]!, hi: ref, bars: e - p + 1 },
      load: { lo: index.ts[lo]!, hi: index.ts[b - 1]!, bars: b - lo },
    });
  });
  return out;
}
