/** Conversion of a validated, normalised frame into the {@link BarBatch} handed to the Rust engine. */
import pl from "nodejs-polars";
import type { BarBatch, LoadedBatch, LoadWindow } from "./types.js";

type DataFrame = ReturnType<typeof pl.DataFrame>;

/**
 * Sorts `kept` by symbol (in the order of `symbols`) then time and copies each column once into a typed
 * array. `symbols` must already be sorted and contain every symbol of `kept`; a symbol without rows gets
 * an empty range. Rows must be null-free and, per symbol, strictly increasing in time in frame order
 * (validation guarantees both), so a frame whose symbols already come in batch order (a long file
 * written symbol by symbol, per-symbol files) is not sorted again: the result is the same.
 *
 * # Errors
 * Throws when `kept` holds a symbol that is not in `symbols` (a bug upstream).
 */
export function toBarBatch(kept: DataFrame, symbols: string[]): BarBatch {
  // Narrow first: sorting the text columns along would cost several times more.
  return rankedToBarBatch(kept.select(rankOf(symbols).alias("__rank"), "__ts", "open", "high", "low", "close", "volume"), symbols);
}

/**
 * {@link toBarBatch} of a frame that already has `__rank` (Int32, the row's symbol as an index into
 * `symbols`) beside `__ts` and the OHLCV columns; same requirements on the rows.
 */
export function rankedToBarBatch(ranked: DataFrame, symbols: string[]): BarBatch {
  const df = sortedByRank(ranked, true);
  const offsets = symbolOffsets(df, symbols.length);
  const f64 = (name: string) => (df.height === 0 ? new Float64Array(0) : (df.getColumn(name).toTypedArray() as Float64Array));
  return {
    symbols: [...symbols],
    offsets,
    ts: df.height === 0 ? new BigInt64Array(0) : (df.getColumn("__ts").toTypedArray() as BigInt64Array),
    open: f64("open"),
    high: f64("high"),
    low: f64("low"),
    close: f64("close"),
    volume: f64("volume"),
  };
}

/** Int32 position of the row's `__symbol` in `symbols` (polars raises for a symbol not in it). */
function rankOf(symbols: string[]) {
  return pl.col("__symbol").replaceStrict(symbols, symbols.map((_, i) => i), undefined, pl.Int32);
}

/**
 * `ranked` (with `__rank`, `__ts`) sorted by rank, then time. With `timeOrdered` (each symbol's rows
 * already ascending in time), a frame whose ranks are already non-decreasing is returned as it is.
 */
function sortedByRank(ranked: DataFrame, timeOrdered = false): DataFrame {
  if (timeOrdered && ranked.height > 1) {
    const minStep = ranked.select(pl.col("__rank").diff(1, "ignore").min()).row(0)[0] as number | null;
    if (minStep !== null && minStep >= 0) return ranked;
  }
  return ranked.sort(["__rank", "__ts"]);
}

/** Row offsets (len k+1) of a frame sorted by {@link sortedByRank}. */
function symbolOffsets(df: DataFrame, k: number): Int32Array {
  const counts = new Int32Array(k);
  if (df.height > 0) {
    const g = df.groupBy("__rank").agg(pl.len().alias("n"));
    const ranks = g.getColumn("__rank").toArray() as number[];
    const ns = g.getColumn("n").toArray() as number[];
    ranks.forEach((r, i) => (counts[r] = Number(ns[i])));
  }
  const offsets = new Int32Array(k + 1);
  for (let i = 0; i < k; i++) offsets[i + 1] = offsets[i]! + counts[i]!;
  return offsets;
}

/**
 * Bar times per symbol from a frame of `__symbol`, `__ts` (non-null): sorted by symbol (order of `symbols`)
 * then time, duplicates removed.
 */
export function toBarIndex(df: DataFrame, symbols: string[]): { symbols: string[]; offsets: Int32Array; ts: BigInt64Array } {
  const sorted = sortedByRank(df.select("__symbol", "__ts").unique({ maintainOrder: false }).withColumns(rankOf(symbols).alias("__rank")));
  return {
    symbols: [...symbols],
    offsets: symbolOffsets(sorted, symbols.length),
    ts: sorted.height === 0 ? new BigInt64Array(0) : (sorted.getColumn("__ts").toTypedArray() as BigInt64Array),
  };
}

/** Symbols `i0..i1` of `batch` as a batch of their own: typed-array views (no copy), offsets rebased to 0. */
export function sliceBarBatch(batch: BarBatch, i0: number, i1: number): BarBatch {
  const a = batch.offsets[i0]!;
  const b = batch.offsets[i1]!;
  return {
    symbols: batch.symbols.slice(i0, i1),
    offsets: batch.offsets.slice(i0, i1 + 1).map((o) => o - a),
    ts: batch.ts.subarray(a, b),
    open: batch.open.subarray(a, b),
    high: batch.high.subarray(a, b),
    low: batch.low.subarray(a, b),
    close: batch.close.subarray(a, b),
    volume: batch.volume.subarray(a, b),
  };
}

/** `groups` loaded one `load` call each (the batch-by-batch form of `Dataset.loadGroups`). */
export async function* loadEach(
  load: (symbols: string[], window?: LoadWindow) => Promise<LoadedBatch>,
  groups: string[][],
  window?: LoadWindow,
): AsyncGenerator<LoadedBatch> {
  for (const group of groups) yield await load(group, window);
}
