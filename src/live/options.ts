/**
 * Options of `feed` and `live`, shared by the CLI flags (src/commands/) and the
 * programmatic API (runFeed, runLive). Defaults live here and only here.
 */
import type { BacktestOptions } from "../backtest/options.js";
import type { Encoding } from "./wire/index.js";

/** CURVE settings of a server socket (the side that binds). */
export interface CurveServerOptions {
  /** This socket's certificate: a `NAME_secret` file from `barstream keygen`. */
  key: string;
  /** Allowed client public keys: keys, certificate files or folders of them. Omitted: any client (encryption only). */
  allow?: string[];
}

/** Everything `runFeed` accepts. */
export interface FeedOptions {
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
  /** Time decoding per message (for benchmarks). @default false */
  profile?: boolean;
  /** CURVE client: this client's `NAME_secret` certificate. */
  curveKey?: string;
  /** CURVE client: the feed's public key (a key or a certificate file). */
  curveServer?: string;
  /** CURVE on the publish socket. */
  publishCurve?: CurveServerOptions;
}

/** Defaults of {@link LiveOptions}. */
export const LIVE_DEFAULTS = {
  publishEncoding: "json",
  checkpointMs: 1000,
  exitOnEos: false,
  silenceMs: 5000,
  hwm: 100_000,
  maxBurst: 4096,
  profile: false,
} as const;
