/**
 * Public shapes of live trading (`barstream live`) and of the recorded feed (`barstream feed`):
 * their options, the stream counters and the final report. Times of bars are UTC ns on the wire;
 * durations in the unit their name says (`_ms`, `seconds`, `_us`).
 */
import type { MalformedReason } from "../live/wire/errors.js";
import type { Encoding } from "../live/wire/messages.js";
import type { EpochUnit } from "../data/time.js";
import type { SqliteSource } from "../data/types.js";
import type { BacktestOptions, BacktestResult } from "./backtest.js";

/** Why a bar check refused a bar (the data loader's price rules, plus symbol and time order); `BAR_REASONS` in src/live/session/validate.ts. */
export type BarReason =
  | "unknown_symbol"
  | "not_finite"
  | "non_positive_price"
  | "high_below_low"
  | "ohlc_inconsistent"
  | "negative_volume"
  | "duplicate_ts"
  | "backwards_ts"
  | "future_ts";

/** Why a live run refused a message (`REJECT_REASONS` in src/live/session/session.ts). */
export type RejectReason = MalformedReason | BarReason | "stale_seq" | "engine_rejected";

/** Refused messages per reason. */
export type RejectCounts = Record<RejectReason, number>;

/** CURVE settings of a server socket (the side that binds). */
export interface CurveServerOptions {
  /** This socket's certificate: a `NAME_secret` file from `barstream keygen`. */
  key: string;
  /** Allowed client public keys: keys, certificate files or folders of them. Omitted: any client (encryption only). */
  allow?: string[];
}

/** Everything `runFeed` accepts (`table`/`timeframe`: which rows of a SQLite file). */
export interface FeedOptions extends SqliteSource {
  /** Bars to replay: any dataset `backtest --data` reads. */
  data: string;
  /** Endpoint to bind, e.g. `tcp://127.0.0.1:5555` (port 0 picks a free one). */
  bind: string;
  /** Bars per second over all symbols; 0 = as fast as possible. @default 0 */
  rate?: number;
  symbols?: string[];
  start?: string;
  end?: string;
  /** Drop invalid rows instead of failing (counted). @default false */
  skipBadRows?: boolean;
  /** Unit of integer epoch timestamps. Default: detected per column (docs/data.md). */
  timeUnit?: EpochUnit;
  /** Payload encoding. @default "binary" */
  encoding?: Encoding;
  /** Heartbeat interval, ms. @default 1000 */
  heartbeatMs?: number;
  /** Wait until this many subscribers joined before the first bar (PUB/SUB slow joiner). @default 1 */
  waitSubscribers?: number;
  /** ZMQ send high-water mark per subscriber, messages (0 = unlimited). @default 100000 (~2 s at 50k bars/s) */
  hwm?: number;
  /** Wait instead of dropping when a subscriber's queue is full (lossless replay). @default false */
  noDrop?: boolean;
  curve?: CurveServerOptions;
}

/** Costs and fills: the same settings (and defaults) as a backtest. */
export type LiveCosts = Pick<BacktestOptions, "cash" | "commission" | "commissionFixed" | "slippage" | "fill" | "ambiguity">;

/** Everything `runLive` accepts. */
export interface LiveOptions extends LiveCosts {
  /** Feed endpoint to connect to, e.g. `tcp://127.0.0.1:5555`. */
  connect: string;
  /** Strategy spec file (JSON). Required unless resuming from `state`. */
  strategy?: string;
  /** Universe. Default: from the state file, else the symbols the feed announces in its heartbeat. */
  symbols?: string[];
  /** Endpoint to bind for publishing decisions. */
  publish?: string;
  /** Encoding of published decisions. @default "json" */
  publishEncoding?: Encoding;
  /** State file: resumed from when it exists, checkpointed to while running. */
  state?: string;
  /** Least time between checkpoints, ms. @default 1000 */
  checkpointMs?: number;
  /** Stop after the feed's end-of-stream message. @default false */
  exitOnEos?: boolean;
  /** Report the feed as silent after this long without a message, ms. @default 5000 */
  silenceMs?: number;
  /** ZMQ receive high-water mark, messages (0 = unlimited). @default 100000 */
  hwm?: number;
  /** Most bars per engine call. @default 4096 */
  maxBurst?: number;
  /**
   * Largest frame read, bytes: a bigger one is dropped unread and counted as malformed
   * (`oversized`). ZeroMQ still receives it whole before handing it over (its own size limit,
   * ZMQ_MAXMSGSIZE, drops the connection for good instead, so it is not used). @default 1048576 (1 MiB)
   */
  maxFrameBytes?: number;
  /** Refuse bars dated more than this many days after the feed clock (`future_ts`). @default 45 */
  maxAheadDays?: number;
  /** Time decoding per message (for benchmarks). @default false */
  profile?: boolean;
  /** CURVE client: this client's `NAME_secret` certificate. */
  curveKey?: string;
  /** CURVE client: the feed's public key (a key or a certificate file). */
  curveServer?: string;
  /** CURVE on the publish socket. */
  publishCurve?: CurveServerOptions;
}

/**
 * Phases of a feed run, in order: reading the dataset; bound and waiting for `waitSubscribers`;
 * sending bars. A stop signal ends any of them promptly.
 */
export type FeedPhase = "loading" | "waiting" | "streaming";

/** What a feed run did. */
export interface FeedReport {
  endpoint: string;
  /** Publisher id on the wire. */
  pub: number;
  symbols: number;
  /** Bars published. */
  bars: number;
  /** Streaming time (first bar to end of stream handed to ZeroMQ), seconds. */
  seconds: number;
  /** bars / seconds. */
  barsPerSecond: number;
  /** Subscribers covering ctl.eos when it was sent. */
  subscribers: number;
  /** True when stopped by `signal` before the end. */
  interrupted: boolean;
  /** When interrupted: the phase the stop cut short ("loading": nothing was bound or sent). */
  stoppedIn?: FeedPhase;
}

/** A detected hole in a topic's stream. */
export interface Gap {
  topic: string;
  /** Publisher id of the stream. */
  pub: number;
  /** Last sequence number received before the hole. */
  after: number;
  /** Messages missing (PUB/SUB drops them when a high-water mark is hit). */
  size: number;
  /** Wall time the gap was seen, epoch ms. */
  at: number;
}

/** Wall time per stage, ms (decode only measured when `profile` is on). */
export interface StageTimes {
  /** Topic + payload decoding and validation. */
  decode: number;
  /** `pushBars` calls: N-API crossing + engine. */
  engine: number;
  /** Turning events into messages and queueing them. */
  publish: number;
}

/** Stream counters of a live run (totals include the runs before a resume). */
export interface LiveSummary {
  /** Feed endpoint. */
  connect: string;
  /** Decision endpoint, when publishing. */
  publish?: string;
  /** Resumed from a state file. */
  resumed: boolean;
  /** Messages received (every topic, malformed included). */
  received: number;
  /** Bars applied by the engine. */
  applied: number;
  /** Engine calls. */
  bursts: number;
  /** Decisions published. */
  events: number;
  /** Rejected messages per reason (only non-zero reasons). */
  rejected: Partial<RejectCounts>;
  /** Holes in the feed's streams (this run). */
  gaps: { count: number; missing: number; recent: Gap[] };
  /** Times the feed went silent past the timeout (this run). */
  silences: number;
  /** The feed's end of stream arrived. */
  eos: boolean;
  /** Checkpoints written (this run). */
  checkpoints: number;
  /** Wall time of this run, seconds, and bars applied per second over it. */
  seconds: number;
  bars_per_second: number;
  /** Time inside decoding (when profiled), engine calls and publishing, ms (this run). */
  stage_ms: StageTimes;
  /** CURVE clients refused on the publish socket. */
  auth_denied?: number;
  /** With --profile: per engine call, first message of the burst -> its decisions queued, microseconds. */
  burst_latency_us?: { calls: number; p50: number; p99: number; max: number };
}

/** A live run's report: a BacktestResult plus the `live` block. */
export type LiveReport = BacktestResult & { live: LiveSummary };
