/**
 * Stream health: sequence gaps per (publisher, topic) and a silent-feed watchdog.
 *
 * Sequence numbers count per topic (not per publisher across topics) because a
 * subscriber usually filters topics by prefix: one counter across all topics would show
 * every filtered message as a gap. A new publisher id on a topic starts a new stream.
 */
import type { Gap } from "../../types/live.js";

/** What {@link SequenceTracker.observe} made of one message. */
export type SeqVerdict = "ok" | "stale" | Gap;

/** Per-topic stream position, kept in the live state file so a restart sees what it missed. */
export type SeqPositions = Record<string, { pub: number; seq: number }>;

/** Tracks (publisher, seq) per topic and counts the holes. */
export class SequenceTracker {
  private readonly pos = new Map<string, { pub: number; seq: number }>();
  /** Holes seen. */
  gaps = 0;
  /** Messages missing over all holes. */
  missing = 0;
  /** Messages whose seq was not above the last one of their stream (repeats), rejected. */
  stale = 0;
  /** Times a topic's publisher id changed (a publisher restarted). */
  newStreams = 0;
  /** The most recent holes, newest last (at most `keep`). */
  readonly recent: Gap[] = [];

  constructor(
    initial: SeqPositions = {},
    private readonly keep = 20,
  ) {
    for (const [t, p] of Object.entries(initial)) this.pos.set(t, { ...p });
  }

  /**
   * Records message `seq` of `pub` on `topic`.
   * @returns "ok"; "stale" for a repeat (the caller drops the message); or the Gap that
   *   precedes it (the message itself is fine and is used).
   */
  observe(topic: string, pub: number, seq: number): SeqVerdict {
    const p = this.pos.get(topic);
    if (p === undefined || p.pub !== pub) {
      // First message of a stream: a subscriber that joins late is not missing anything.
      if (p !== undefined) this.newStreams++;
      this.pos.set(topic, { pub, seq });
      return "ok";
    }
    if (seq <= p.seq) {
      this.stale++;
      return "stale";
    }
    const size = seq - p.seq - 1;
    const after = p.seq;
    p.seq = seq;
    if (size === 0) return "ok";
    return this.record({ topic, pub, after, size, at: Date.now() });
  }

  /**
   * End of stream from `pub`: compares its last sequence per topic with what arrived.
   * Only topics this tracker has seen from `pub` are checked (others were filtered out).
   * @returns the tail gaps found (also counted).
   */
  checkTail(pub: number, last: Record<string, number>): Gap[] {
    const found: Gap[] = [];
    for (const [topic, seq] of Object.entries(last)) {
      const p = this.pos.get(topic);
      if (p === undefined || p.pub !== pub || seq <= p.seq) continue;
      found.push(this.record({ topic, pub, after: p.seq, size: seq - p.seq, at: Date.now() }));
      p.seq = seq;
    }
    return found;
  }

  /** Positions to persist (see SeqPositions). */
  positions(): SeqPositions {
    return Object.fromEntries(this.pos);
  }

  private record(g: Gap): Gap {
    this.gaps++;
    this.missing += g.size;
    this.recent.push(g);
    if (this.recent.length > this.keep) this.recent.shift();
    return g;
  }
}

/** Reports a feed that has been silent for longer than `timeoutMs`. */
export class SilenceWatch {
  private last: number;
  private silentSince = -1;
  /** Silences seen (each counted once, when it passes the timeout). */
  silences = 0;

  /** @param now wall time, ms (injected for tests). */
  constructor(
    readonly timeoutMs: number,
    now: number,
  ) {
    this.last = now;
  }

  /** True while the feed is silent past the timeout. */
  get silent(): boolean {
    return this.silentSince >= 0;
  }

  /** A message arrived at `now`. Returns how long the silence lasted (ms) when one ends, else undefined. */
  touch(now: number): number | undefined {
    this.last = now;
    if (this.silentSince < 0) return undefined;
    const lasted = now - this.silentSince;
    this.silentSince = -1;
    return lasted;
  }

  /** Returns the silence length (ms) the first time `now` is past the timeout, else undefined. */
  check(now: number): number | undefined {
    if (this.silentSince >= 0 || now - this.last <= this.timeoutMs) return undefined;
    this.silentSince = this.last;
    this.silences++;
    return now - this.last;
  }
}
