/**
 * A bounded heap keeping the best N metric rows of a sweep by one metric: memory is N rows
 * whatever the number of combinations. Order is that of {@link rankRows} (better first, NaN last,
 * ties by combination id), so the kept rows equal the first N rows of a full sort of every row.
 */
import { compareMetric } from "./metrics.js";
import type { Direction } from "../types/sweep.js";

/** The best `keep` rows offered so far (each row: a combination id and `width` metric values). */
export class TopN {
  private combo: Int32Array;
  private metrics: Float64Array;
  /** Slots as a binary heap whose root is the worst kept row. */
  private heap: Int32Array;
  private size = 0;

  /**
   * @param keep most rows kept (a positive integer)
   * @param width metric values per row
   * @param column index of the ranking metric within a row
   * @param dir `max`: larger is better; `min`: smaller is better
   */
  constructor(readonly keep: number, readonly width: number, readonly column: number, readonly dir: Direction) {
    // Grown by doubling up to `keep`, so a large --keep costs nothing until rows arrive.
    const cap = Math.min(keep, 64);
    this.combo = new Int32Array(cap);
    this.metrics = new Float64Array(cap * width);
    this.heap = new Int32Array(cap);
  }

  /** Rows kept, at most `keep`. */
  get length(): number {
    return this.size;
  }

  /** < 0 when (va, ca) ranks before (vb, cb). */
  private cmp(va: number, ca: number, vb: number, cb: number): number {
    return compareMetric(va, vb, this.dir) || ca - cb;
  }

  private slotCmp(a: number, b: number): number {
    const w = this.width;
    return this.cmp(this.metrics[a * w + this.column], this.combo[a], this.metrics[b * w + this.column], this.combo[b]);
  }

  private grow(): void {
    const cap = Math.min(this.keep, this.combo.length * 2);
    const grown = (old: Int32Array) => { const a = new Int32Array(cap); a.set(old); return a; };
    this.combo = grown(this.combo);
    this.heap = grown(this.heap);
    const m = new Float64Array(cap * this.width);
    m.set(this.metrics);
    this.metrics = m;
  }

  /**
   * Offers the row of combination `combo` whose metrics are `src[offset .. offset + width]`;
   * copied only when it is among the best `keep` so far. Returns true when kept.
   */
  offer(combo: number, src: Float64Array, offset: number): boolean {
    const w = this.width;
    let slot: number;
    if (this.size < this.keep) {
      if (this.size === this.combo.length) this.grow();
      slot = this.size;
      this.heap[this.size++] = slot;
      this.write(slot, combo, src, offset);
      this.siftUp(this.size - 1);
      return true;
    }
    const root = this.heap[0];
    if (this.cmp(src[offset + this.column], combo, this.metrics[root * w + this.column], this.combo[root]) >= 0) return false;
    this.write(root, combo, src, offset);
    this.siftDown(0);
    return true;
  }

  private write(slot: number, combo: number, src: Float64Array, offset: number): void {
    this.combo[slot] = combo;
    this.metrics.set(src.subarray(offset, offset + this.width), slot * this.width);
  }

  private siftUp(i: number): void {
    const h = this.heap;
    while (i > 0) {
      const p = (i - 1) >> 1;
      // The worse row goes up: the root is the first to be replaced.
      if (this.slotCmp(h[i], h[p]) <= 0) return;
      [h[i], h[p]] = [h[p], h[i]];
      i = p;
    }
  }

  private siftDown(i: number): void {
    const h = this.heap;
    for (;;) {
      const l = 2 * i + 1;
      if (l >= this.size) return;
      const r = l + 1;
      const worse = r < this.size && this.slotCmp(h[r], h[l]) > 0 ? r : l;
      if (this.slotCmp(h[worse], h[i]) <= 0) return;
      [h[i], h[worse]] = [h[worse], h[i]];
      i = worse;
    }
  }

  /** The kept rows best first: combination ids (len n) and metrics (n x width, row-major). */
  sorted(): { combo: Int32Array; metrics: Float64Array } {
    const slots = Array.from(this.heap.subarray(0, this.size)).sort((a, b) => this.slotCmp(a, b));
    const w = this.width;
    const combo = new Int32Array(slots.length);
    const metrics = new Float64Array(slots.length * w);
    slots.forEach((s, k) => {
      combo[k] = this.combo[s];
      metrics.set(this.metrics.subarray(s * w, (s + 1) * w), k * w);
    });
    return { combo, metrics };
  }
}
