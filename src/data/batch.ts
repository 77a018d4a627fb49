/** Conversion of a validated, normalised frame into the {@link BarBatch} handed to the Rust engine. */
import pl from "nodejs-polars";
import type { BarBatch } from "./types.js";

type DataFrame = ReturnType<typeof pl.DataFrame>;

/**
 * Sorts `kept` by symbol (in the order of `symbols`) then time and copies each column once into a typed
 * array. `symbols` must already be sorted and contain every symbol of `kept`; a symbol without rows gets
 * an empty range. Rows must be null-free (validation guarantees it).
 *
 * # Errors
 * Throws when `kept` holds a symbol that is not in `symbols` (a bug upstream).
 */
export function toBarBatch(kept: DataFrame, symbols: string[]): BarBatch {
  const rank = pl.col("__symbol").replaceStrict(symbols, symbols.map((_, i) => i), undefined, pl.Int32);
  // Narrow first: sorting the text columns along would cost several times more.
  const df = kept
    .select("__symbol", "__ts", "open", "high", "low", "close", "volume")
    .withColumns(rank.alias("__rank"))
    .sort(["__rank", "__ts"]);
  const counts = new Int32Array(symbols.length);
  if (df.height > 0) {
    const g = df.groupBy("__rank").agg(pl.len().alias("n"));
    const ranks = g.getColumn("__rank").toArray() as number[];
    const ns = g.getColumn("n").toArray() as number[];
    ranks.forEach((r, i) => (counts[r] = Number(ns[i])));
  }
  const offsets = new Int32Array(symbols.length + 1);
  for (let i = 0; i < symbols.length; i++) offsets[i + 1] = offsets[i]! + counts[i]!;
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
