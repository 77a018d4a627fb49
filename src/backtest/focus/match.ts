/**
 * Candidates -> bar indices of a loaded batch, as `focusedBatch` takes them.
 *
 * Rules (docs/focused-replay.md): a candidate whose symbol is not in the data (or not in
 * `--symbols`) is skipped and counted; one whose time equals a bar's uses that bar; one
 * between two bars of its symbol uses the first bar after it ("snapped"); one before the
 * symbol's first bar or after its last (e.g. outside `--start/--end`) is skipped and counted.
 */
import type { BarBatch } from "../../data/types.js";
import type { MatchCounts } from "../../types/backtest.js";
import type { Candidate } from "../../types/scan.js";

/** Zero counts. */
export function noMatches(): MatchCounts {
  return { used: 0, exact: 0, snapped: 0, unknown_symbol: 0, outside_data: 0 };
}

/**
 * Groups candidates by symbol, keeping those of `symbols` (the dataset's symbols).
 * @returns the groups, the number skipped and up to five of the unknown symbols (for a message).
 */
export function bySymbol(candidates: Candidate[], symbols: string[]): { groups: Map<string, Candidate[]>; unknown: number; examples: string[] } {
  const known = new Set(symbols);
  const groups = new Map<string, Candidate[]>();
  const missing = new Set<string>();
  let unknown = 0;
  for (const c of candidates) {
    if (!known.has(c.symbol)) {
      unknown += 1;
      missing.add(c.symbol);
      continue;
    }
    const g = groups.get(c.symbol);
    if (g) g.push(c);
    else groups.set(c.symbol, [c]);
  }
  return { groups, unknown, examples: [...missing].slice(0, 5) };
}

/** First index in `ts[lo..hi)` with `ts[i] >= t` (`hi` when none). */
function lowerBound(ts: BigInt64Array, lo: number, hi: number, t: bigint): number {
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (ts[mid] < t) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * Bar indices (within each symbol) of the candidates of the batch's symbols, as columns:
 * symbol i's are `bars[offsets[i]..offsets[i+1]]`. Adds to `counts` (used, exact, snapped,
 * outside_data).
 */
export function candidateBars(batch: BarBatch, groups: Map<string, Candidate[]>, counts: MatchCounts): { bars: Int32Array; offsets: Int32Array; perSymbol: number[] } {
  const out: number[] = [];
  const offsets = new Int32Array(batch.symbols.length + 1);
  const perSymbol: number[] = [];
  batch.symbols.forEach((sym, i) => {
    const lo = batch.offsets[i];
    const hi = batch.offsets[i + 1];
    const before = out.length;
    for (const c of groups.get(sym) ?? []) {
      const t = BigInt(c.ts_ns);
      const j = lowerBound(batch.ts, lo, hi, t);
      if (hi === lo || j === hi || (j === lo && batch.ts[lo] !== t)) {
        counts.outside_data += 1;
        continue;
      }
      if (batch.ts[j] === t) counts.exact += 1;
      else counts.snapped += 1;
      counts.used += 1;
      out.push(j - lo);
    }
    perSymbol.push(out.length - before);
    offsets[i + 1] = out.length;
  });
  return { bars: Int32Array.from(out), offsets, perSymbol };
}
