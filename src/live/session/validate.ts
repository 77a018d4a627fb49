/**
 * Bar checks between decoding and the engine: a decoded bar either gets its symbol id
 * (and becomes that symbol's last timestamp) or a rejection reason, which the session
 * counts. Rejected bars never reach the engine. The price rules and their order are the
 * data loader's (docs/data.md "Validation"), so a feed carries exactly the bars a
 * backtest on the same file would keep.
 */
import type { BarReason } from "../../types/live.js";
import type { BarMessage } from "../wire/index.js";
import type { FeedClock } from "./clock.js";

/** Why a well-formed bar is not applied, in checking order (first rule broken wins). */
export const BAR_REASONS = [
  /** Topic symbol not in the live universe. */
  "unknown_symbol",
  /** A price or the volume is NaN or infinite. */
  "not_finite",
  /** open, high, low or close <= 0. */
  "non_positive_price",
  /** high < low. */
  "high_below_low",
  /** open or close outside [low, high]. */
  "ohlc_inconsistent",
  /** volume < 0. */
  "negative_volume",
  /** ts equal to the symbol's last applied bar, or at or before its last bar when the run resumed (already applied). */
  "duplicate_ts",
  /** ts before the symbol's last applied bar. */
  "backwards_ts",
  /** ts more than `--max-ahead-days` after the feed clock (src/live/session/clock.ts). */
  "future_ts",
] as const satisfies readonly BarReason[];


/** i64::MIN: "no bar yet" in lastTs arrays (the engine's convention). */
export const NO_TS = -(2n ** 63n);

/** Per-symbol checks; holds each symbol's last accepted ts. */
export class BarValidator {
  private readonly ids: Map<string, number>;
  /** Last accepted bar time per symbol id, UTC ns; NO_TS where none. */
  readonly lastTs: BigInt64Array;
  /** Last bar time per symbol when the run started (a resume's checkpoint); NO_TS on a fresh start. */
  private readonly resumeTs: BigInt64Array;

  /**
   * @param symbols the universe; index = symbol id.
   * @param lastTs per-symbol last applied ts (len = symbols), e.g. the engine's `lastTs()` after a
   *   resume: bars at or before it count as `duplicate_ts`.
   * @param clock the feed clock (without it no bar is too far ahead).
   */
  constructor(readonly symbols: readonly string[], lastTs?: BigInt64Array, private readonly clock?: FeedClock) {
    this.ids = new Map(symbols.map((s, i) => [s, i]));
    this.lastTs = new BigInt64Array(symbols.length).fill(NO_TS);
    if (lastTs) {
      if (lastTs.length !== symbols.length) throw new Error(`lastTs has ${lastTs.length} entries for ${symbols.length} symbols`);
      this.lastTs.set(lastTs);
    }
    this.resumeTs = this.lastTs.slice();
  }

  /** Symbol id of `symbol`, or -1. */
  idOf(symbol: string): number {
    return this.ids.get(symbol) ?? -1;
  }

  /**
   * Checks `m` and, when it passes, records its ts as the symbol's last.
   * @returns the symbol id (>= 0) or the reason it is rejected.
   */
  accept(m: BarMessage): number | BarReason {
    const id = this.ids.get(m.symbol);
    if (id === undefined) return "unknown_symbol";
    const { open: o, high: h, low: l, close: c, volume: v } = m;
    if (!(Number.isFinite(o) && Number.isFinite(h) && Number.isFinite(l) && Number.isFinite(c) && Number.isFinite(v))) return "not_finite";
    if (o <= 0 || h <= 0 || l <= 0 || c <= 0) return "non_positive_price";
    if (h < l) return "high_below_low";
    if (o < l || o > h || c < l || c > h) return "ohlc_inconsistent";
    if (v < 0) return "negative_volume";
    const last = this.lastTs[id];
    // A replayed feed after a resume sends everything the checkpoint already holds: duplicates, not disorder.
    if (m.ts === last || m.ts <= this.resumeTs[id]) return "duplicate_ts";
    if (m.ts < last) return "backwards_ts";
    if (this.clock?.tooFarAhead(m.ts)) return "future_ts";
    this.clock?.advance(m.ts);
    this.lastTs[id] = m.ts;
    return id;
  }
}
