/**
 * Options of `feed` and `live`, shared by the CLI flags (src/commands/) and the
 * programmatic API (runFeed, runLive). Defaults live here and only here; the option types
 * are in src/types/live.ts.
 */

/** Defaults of {@link FeedOptions}. */
export const FEED_DEFAULTS = {
  rate: 0,
  skipBadRows: false,
  encoding: "binary",
  heartbeatMs: 1000,
  waitSubscribers: 1,
  hwm: 100_000,
  noDrop: false,
} as const;

/** Defaults of {@link LiveOptions}. */
export const LIVE_DEFAULTS = {
  publishEncoding: "json",
  checkpointMs: 1000,
  exitOnEos: false,
  silenceMs: 5000,
  hwm: 100_000,
  maxBurst: 4096,
  /** 1 MiB: a bar is ~30-250 bytes; a heartbeat naming 10,000 symbols ~100 KB. */
  maxFrameBytes: 1_048_576,
  maxAheadDays: 45,
  profile: false,
} as const;
