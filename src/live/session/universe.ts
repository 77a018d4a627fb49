/**
 * Starting a live run whose universe is not known yet: messages are kept until the feed's
 * first heartbeat announces its symbols, then the session is built and they are replayed
 * into it in arrival order, so no bar received before that moment is lost.
 */
import type { BurstSink } from "../transport/subscriber.js";
import { decodeFrames } from "../wire/index.js";

/** Most messages kept while waiting for the universe. */
export const MAX_WAITING_MESSAGES = 1_000_000;

/** A BurstSink that becomes `start(symbols)` once the symbols are known. */
export class UniverseGate implements BurstSink {
  private sink: BurstSink | undefined;
  private waiting: Buffer[][] = [];

  /**
   * @param start builds the real sink for the universe (called once).
   * @param symbols the universe when already known (then `start` runs at once).
   */
  constructor(
    private readonly start: (symbols: string[]) => BurstSink,
    symbols?: string[],
  ) {
    if (symbols) this.sink = start(symbols);
  }

  /** True once the universe is known. */
  get ready(): boolean {
    return this.sink !== undefined;
  }

  message(frames: Buffer[]): void {
    if (this.sink) return this.sink.message(frames);
    this.waiting.push(frames);
    if (this.waiting.length > MAX_WAITING_MESSAGES) {
      throw new Error(`no heartbeat announcing the feed's symbols after ${MAX_WAITING_MESSAGES} messages; pass --symbols`);
    }
    let symbols: string[] | undefined;
    try {
      const m = decodeFrames(frames);
      if (m.type === "heartbeat" && m.symbols.length > 0) symbols = m.symbols;
    } catch {
      return; // the session counts it when it is replayed
    }
    if (!symbols) return;
    const sink = this.start(symbols);
    for (const f of this.waiting) sink.message(f);
    this.waiting = [];
    this.sink = sink;
  }

  flush(): void {
    this.sink?.flush();
  }
}
