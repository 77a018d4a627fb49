/**
 * `runFeed`: replays a dataset as a live feed on a ZeroMQ publisher, in time order over
 * all symbols, as fast as possible or at a given rate, then sends the end of stream.
 */
import { performance } from "node:perf_hooks";

import { openDataset } from "../data/index.js";
import { replayOrder, rowSymbols } from "./merge.js";
import { readAllowList, readKeyPair } from "../live/transport/curve-keys.js";
import { FEED_DEFAULTS } from "../live/options.js";
import type { FeedOptions, FeedPhase, FeedReport } from "../types/live.js";
import { ABORTED, unlessAborted, whenAborted } from "../util/abort.js";
import { checkEndpoint } from "../live/transport/endpoint.js";
import { WirePublisher } from "../live/transport/publisher.js";
import { checkOption as check } from "../util/check.js";

/** Progress callbacks of a feed run. */
export interface FeedHooks {
  /** The run entered `phase` (what a stop signal now cuts short). */
  phase?(phase: FeedPhase): void;
  /** Bound and waiting for `n` subscribers. */
  waiting?(endpoint: string, n: number): void;
  /** Streaming starts: `bars` to send. */
  start?(bars: number, symbols: string[]): void;
  /** A CURVE client whose key is not in `curve.allow` was refused (once per key). */
  denied?(clientKey: string, address: string): void;
  /** Called every few thousand bars with the count sent so far. */
  progress?(sent: number): void;
}

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));
const yieldToLoop = () => new Promise<void>((r) => setImmediate(r));

/**
 * Publishes every bar of `opts.data` on `opts.bind`.
 *
 * @param hooks progress callbacks; `waiting` gets the bound endpoint (port 0 resolved).
 * @param signal stops the run in any phase: while loading, it returns at once with nothing bound or
 *   sent (the load finishes in the background and is dropped); while waiting for subscribers or
 *   streaming, the end of stream is still sent. The report's `stoppedIn` names the phase.
 * @throws Error for bad options, an unusable endpoint or key file; DataError for bad rows.
 */
export async function runFeed(opts: FeedOptions, hooks: FeedHooks = {}, signal?: AbortSignal): Promise<FeedReport> {
  const o = { ...FEED_DEFAULTS, ...Object.fromEntries(Object.entries(opts).filter(([, v]) => v !== undefined)) } as Required<Omit<FeedOptions, "symbols" | "start" | "end" | "curve" | "table" | "timeframe">> & FeedOptions;
  check("rate", Number.isFinite(o.rate) && o.rate >= 0, "bars per second >= 0 (0 = as fast as possible)", o.rate);
  check("heartbeat-ms", Number.isInteger(o.heartbeatMs) && o.heartbeatMs >= 0, "an integer >= 0", o.heartbeatMs);
  check("wait-subscribers", Number.isInteger(o.waitSubscribers) && o.waitSubscribers >= 0, "an integer >= 0", o.waitSubscribers);
  check("hwm", Number.isInteger(o.hwm) && o.hwm >= 0, "an integer >= 0", o.hwm);
  check("encoding", o.encoding === "json" || o.encoding === "binary", "json or binary", o.encoding);
  checkEndpoint(o.bind, "bind", "bind");

  hooks.phase?.("loading");
  const loaded = await unlessAborted(
    openDataset(o.data, { symbols: o.symbols, start: o.start, end: o.end, badRows: o.skipBadRows ? "skip" : "error", timeUnit: o.timeUnit, table: o.table, timeframe: o.timeframe }).then((d) => d.load()),
    signal,
  );
  if (loaded === ABORTED) {
    return { endpoint: o.bind, pub: 0, symbols: 0, bars: 0, seconds: 0, barsPerSecond: 0, subscribers: 0, interrupted: true, stoppedIn: "loading" };
  }
  const { batch } = loaded;
  const order = replayOrder(batch);
  const rowSymbol = rowSymbols(batch);

  const curve = o.curve ? { keys: readKeyPair(o.curve.key), allow: o.curve.allow && readAllowList(o.curve.allow), domain: "feed", denied: hooks.denied } : undefined;
  const pub = await WirePublisher.bind(o.bind, {
    encoding: o.encoding,
    heartbeatMs: o.heartbeatMs,
    symbols: batch.symbols,
    sendHighWaterMark: o.hwm,
    noDrop: o.noDrop,
    curve,
  });
  let sent = 0;
  let t0 = performance.now();
  let phase: FeedPhase = "waiting";
  try {
    hooks.phase?.(phase);
    hooks.waiting?.(pub.endpoint, o.waitSubscribers);
    await Promise.race([pub.waitSubscribers(o.waitSubscribers), whenAborted(signal)]);
    if (!signal?.aborted) {
      phase = "streaming";
      hooks.phase?.(phase);
      hooks.start?.(order.length, batch.symbols);
    }
    pub.heartbeat(); // the subscribers that just joined learn the universe before the first bar
    t0 = performance.now();
    const { ts, open, high, low, close, volume } = batch;
    for (; sent < order.length && !signal?.aborted; sent++) {
      const r = order[sent];
      if (o.rate > 0) {
        const wait = t0 + (sent / o.rate) * 1000 - performance.now();
        if (wait >= 1) await sleep(wait);
      }
      pub.publishBar(batch.symbols[rowSymbol[r]], ts[r], open[r], high[r], low[r], close[r], volume[r]);
      if ((sent & 255) === 255) {
        pub.maybeHeartbeat(Date.now());
        await pub.flushed();
        if ((sent & 4095) === 4095) {
          hooks.progress?.(sent + 1);
          await yieldToLoop(); // let timers and signal handlers run
        }
      }
    }
    await pub.flushed();
    hooks.progress?.(sent);
    const seconds = (performance.now() - t0) / 1000;
    const subscribers = pub.subscribers;
    await pub.endOfStream();
    return {
      endpoint: pub.endpoint,
      pub: pub.pub,
      symbols: batch.symbols.length,
      bars: sent,
      seconds,
      barsPerSecond: seconds > 0 ? sent / seconds : 0,
      subscribers,
      interrupted: sent < order.length,
      ...(sent < order.length ? { stoppedIn: phase } : {}),
    };
  } finally {
    await pub.close();
  }
}
