/** The columns of one receive burst, preallocated once and reused for every burst. */
import type { LiveBars } from "../../engine/live.js";
import type { BarMessage } from "../wire/index.js";

/** Bars accepted during the current burst, in arrival order. */
export class BurstColumns {
  /** Rows in use. */
  length = 0;
  private readonly symbol: Uint32Array;
  private readonly ts: BigInt64Array;
  private readonly open: Float64Array;
  private readonly high: Float64Array;
  private readonly low: Float64Array;
  private readonly close: Float64Array;
  private readonly volume: Float64Array;

  /** @param capacity most bars per burst (the subscriber flushes at this size). */
  constructor(readonly capacity: number) {
    this.symbol = new Uint32Array(capacity);
    this.ts = new BigInt64Array(capacity);
    this.open = new Float64Array(capacity);
    this.high = new Float64Array(capacity);
    this.low = new Float64Array(capacity);
    this.close = new Float64Array(capacity);
    this.volume = new Float64Array(capacity);
  }

  /**
   * Appends a validated bar of symbol id `id`.
   * @throws RangeError when the burst is full (the subscriber flushes before that).
   */
  push(id: number, m: BarMessage): void {
    const i = this.length;
    if (i >= this.capacity) throw new RangeError(`burst holds at most ${this.capacity} bars`);
    this.symbol[i] = id;
    this.ts[i] = m.ts;
    this.open[i] = m.open;
    this.high[i] = m.high;
    this.low[i] = m.low;
    this.close[i] = m.close;
    this.volume[i] = m.volume;
    this.length = i + 1;
  }

  /** The rows in use as engine input (views, valid until the next push after {@link clear}). */
  view(): LiveBars {
    const n = this.length;
    return {
      symbol: this.symbol.subarray(0, n),
      ts: this.ts.subarray(0, n),
      open: this.open.subarray(0, n),
      high: this.high.subarray(0, n),
      low: this.low.subarray(0, n),
      close: this.close.subarray(0, n),
      volume: this.volume.subarray(0, n),
    };
  }

  clear(): void {
    this.length = 0;
  }
}
