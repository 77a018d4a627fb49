/**
 * Replay order of a dataset: every bar of every symbol by time, ties by symbol order, as a
 * live feed would deliver them. A k-way merge (binary heap over symbols): O(n log k).
 */
import type { BarBatch } from "../data/types.js";

/**
 * Row indices of `batch` in replay order.
 * @returns order, len n: order[j] is the row sent j-th.
 */
export function replayOrder(batch: Pick<BarBatch, "offsets" | "ts">): Int32Array {
  const k = batch.offsets.length - 1;
  const n = batch.offsets[k] ?? 0;
  const order = new Int32Array(n);
  const cursor = Int32Array.from(batch.offsets.subarray(0, k));
  const ts = batch.ts;
  // heap of symbol indices whose cursor has rows left, keyed by (ts at cursor, symbol index)
  const heap: number[] = [];
  const less = (a: number, b: number) => {
    const ta = ts[cursor[a]];
    const tb = ts[cursor[b]];
    return ta < tb || (ta === tb && a < b);
  };
  const down = (i: number) => {
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let m = i;
      if (l < heap.length && less(heap[l], heap[m])) m = l;
      if (r < heap.length && less(heap[r], heap[m])) m = r;
      if (m === i) return;
      [heap[i], heap[m]] = [heap[m], heap[i]];
      i = m;
    }
  };
  for (let s = 0; s < k; s++) if (batch.offsets[s + 1] > batch.offsets[s]) heap.push(s);
  for (let i = (heap.length >> 1) - 1; i >= 0; i--) down(i);
  for (let j = 0; j < n; j++) {
    const s = heap[0];
    order[j] = cursor[s]++;
    if (cursor[s] === batch.offsets[s + 1]) {
      const last = heap.pop()!;
      if (heap.length) heap[0] = last;
    }
    if (heap.length) down(0);
  }
  return order;
}

/** Symbol index of each row of `batch` (len n). */
export function rowSymbols(batch: Pick<BarBatch, "offsets">): Uint32Array {
  const k = batch.offsets.length - 1;
  const out = new Uint32Array(batch.offsets[k] ?? 0);
  for (let s = 0; s < k; s++) out.fill(s, batch.offsets[s], batch.offsets[s + 1]);
  return out;
}
