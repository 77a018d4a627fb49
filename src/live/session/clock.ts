/**
 * The feed's clock: how far ahead of the feed a bar may be dated. A bar dated years ahead
 * (a bad timestamp) would otherwise become its symbol's last time, and every real bar
 * after it would be refused as out of order for the rest of the session (and, saved in
 * the state, after a restart too).
 *
 * The clock is the latest bar time accepted so far (any symbol, UTC ns). Before the first
 * bar of a session it is the later of the wall clock and the state file's latest bar (a
 * resume after a pause starts from now). A bar more than `maxAheadNs` after the clock is
 * refused (`future_ts`) and moves nothing.
 */

/** Nanoseconds per day. */
export const NS_PER_DAY = 86_400_000_000_000n;

/** The feed clock of one live session. */
export class FeedClock {
  /** Latest accepted bar time this session, UTC ns; undefined before the first. */
  private latest: bigint | undefined;
  private readonly maxAheadNs: bigint;

  /**
   * @param maxAheadDays how far past the clock a bar may be dated, days (> 0; fractions allowed).
   * @param resumedNs the latest bar time of a resumed state, UTC ns (undefined on a fresh start).
   * @param nowNs the wall clock, UTC ns (injectable for tests).
   */
  constructor(
    readonly maxAheadDays: number,
    private readonly resumedNs?: bigint,
    private readonly nowNs: () => bigint = () => BigInt(Date.now()) * 1_000_000n,
  ) {
    this.maxAheadNs = BigInt(Math.round(maxAheadDays * 86_400_000)) * 1_000_000n;
  }

  /** The clock now, UTC ns. */
  now(): bigint {
    if (this.latest !== undefined) return this.latest;
    const wall = this.nowNs();
    return this.resumedNs !== undefined && this.resumedNs > wall ? this.resumedNs : wall;
  }

  /** True when `ts` (UTC ns) is more than the allowed time ahead of the clock. */
  tooFarAhead(ts: bigint): boolean {
    return ts - this.now() > this.maxAheadNs;
  }

  /** Records an accepted bar time. */
  advance(ts: bigint): void {
    if (this.latest === undefined || ts > this.latest) this.latest = ts;
  }
}
