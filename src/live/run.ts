/**
 * `runLive`: subscribes to a feed, runs a strategy on the live engine, publishes and logs
 * its decisions, checkpoints its state, and returns the backtest-format report when the
 * run stops (abort signal, or the feed's end of stream with `exitOnEos`).
 */
import { performance } from "node:perf_hooks";

import { backtestDefaults } from "../backtest/options.js";

import { readKeyPair, readAllowList, readPublicKey } from "./transport/curve-keys.js";
import { nativeEngineFactory, type LiveEngineFactory, type LiveEngineLike } from "../engine/live.js";
import type { LiveOptions, LiveReport, RejectReason } from "../types/live.js";
import { resolveLivePlan } from "./session/plan.js";
import { checkEndpoint } from "./transport/endpoint.js";
import { WirePublisher } from "./transport/publisher.js";
import { buildLiveReport, liveSummary } from "./report.js";
import { LiveSession, type SessionHooks } from "./session/session.js";
import { Checkpointer, prepareStateFiles, sealState, STATE_FORMAT, STATE_VERSION, type LiveState } from "./session/state.js";
import type { StatusSnapshot } from "./session/status.js";
import { WireSubscriber } from "./transport/subscriber.js";
import { UniverseGate } from "./session/universe.js";
import { NO_TS } from "./session/validate.js";
import { barTopic, CTL_PREFIX, BAR_PREFIX, type EventMessage } from "./wire/index.js";
import { zapCounts } from "./transport/zap.js";

/** What a live run tells its caller as it goes (all optional). */
export interface LiveHooks {
  /** A diagnostic line (connected, resumed, gap, silence, rejected frame...). */
  log?(line: string): void;
  /** A decision was published. */
  event?(m: EventMessage): void;
  /** Periodic status (every `statusMs`). */
  status?(s: StatusSnapshot): void;
  /** How often `status` is called, ms. @default 500 */
  statusMs?: number;
  /** The run is ready: connected, publishing on `publish` (port 0 resolved). */
  ready?(info: { connect: string; publish?: string }): void;
}

/** A backtest's settings block with its defaults (no progress bar: not a setting). */
function backtestSettingsOf() {
  const { progress: _progress, ...settings } = backtestDefaults();
  return settings;
}

/** Most log lines per rejection reason (the counters keep counting). */
const MAX_REJECT_LOGS = 5;

/**
 * Runs the live loop until `signal` aborts or (with `exitOnEos`) the feed ends.
 *
 * @param factory the engine (default: the native LiveEngine).
 * @throws Error for bad options, an unreadable strategy/state/key file, a state that does
 *   not match the options, or an endpoint that cannot be used.
 */
export async function runLive(
  opts: LiveOptions,
  hooks: LiveHooks = {},
  signal?: AbortSignal,
  factory: LiveEngineFactory = nativeEngineFactory(),
): Promise<LiveReport> {
  checkEndpoint(opts.connect, "connect", "connect");
  if (opts.publish) checkEndpoint(opts.publish, "bind", "publish");
  const { o, strategy, costs, config, symbols, saved } = await resolveLivePlan(opts);
  const log = (line: string) => hooks.log?.(line);
  const history = o.state ? await prepareStateFiles(o.state, saved, log) : undefined;
  const t0 = performance.now();

  const publisher = o.publish
    ? await WirePublisher.bind(o.publish, {
        encoding: o.publishEncoding,
        heartbeatMs: 1000,
        symbols,
        sendHighWaterMark: o.hwm,
        curve: o.publishCurve && {
          keys: readKeyPair(o.publishCurve.key),
          allow: o.publishCurve.allow && readAllowList(o.publishCurve.allow),
          domain: "live-publish",
          denied: (key: string, address: string) => log(`refused CURVE client ${key || "(no CURVE key)"}${address ? ` from ${address}` : ""} on --publish: not in --publish-curve-allow`),
        },
      })
    : undefined;
  const subscriber = WireSubscriber.connect(o.connect, {
    prefixes: symbols ? [...symbols.map(barTopic), CTL_PREFIX] : [BAR_PREFIX, CTL_PREFIX],
    receiveHighWaterMark: o.hwm,
    curve: o.curveKey ? { keys: readKeyPair(o.curveKey), serverKey: readPublicKey(o.curveServer!) } : undefined,
  });

  let session: LiveSession | undefined;
  let engine: LiveEngineLike | undefined;
  let checkpointer: Checkpointer | undefined;
  let universe: string[] = symbols ?? [];
  const rejectLogs = new Map<RejectReason, number>();
  const sessionHooks: SessionHooks = {
    event: hooks.event,
    gap: (g, atEnd) => log(`gap on ${g.topic}: ${g.size} message(s) lost after seq ${g.after}${atEnd ? " (at end of stream)" : ""}`),
    rejected: (reason, detail) => {
      const n = (rejectLogs.get(reason) ?? 0) + 1;
      rejectLogs.set(reason, n);
      if (n <= MAX_REJECT_LOGS) log(`rejected [${reason}]: ${detail}${n === MAX_REJECT_LOGS ? " (further ones counted, not logged)" : ""}`);
    },
    eos: () => {
      log("end of stream from the feed");
      if (o.exitOnEos) subscriber.stop();
    },
    silence: (state, ms) =>
      log(state === "silent" ? `feed silent for ${(ms / 1000).toFixed(1)} s (timeout ${o.silenceMs} ms)` : `feed back after ${(ms / 1000).toFixed(1)} s of silence`),
    flushed: () => checkpointer?.touch(),
  };

  const start = (syms: string[]) => {
    universe = syms;
    engine = saved ? factory.fromState(saved.engine) : factory.create(strategy.text!, config, syms);
    publisher?.announce(syms);
    session = new LiveSession({
      engine,
      eventKinds: factory.eventKinds(),
      symbols: syms,
      publisher,
      maxBurst: o.maxBurst,
      maxFrameBytes: o.maxFrameBytes,
      maxAheadDays: o.maxAheadDays,
      silenceMs: o.silenceMs,
      sequences: saved?.sequences,
      totals: saved?.totals,
      profile: o.profile,
      hooks: sessionHooks,
    });
    if (saved) {
      const seen = Array.from(engine.lastTs()).filter((t) => t !== NO_TS).length;
      log(`resumed from ${o.state}: ${saved.totals.applied} bars applied before, ${seen}/${syms.length} symbols under way (saved ${saved.saved_at})`);
    }
    if (o.state) {
      const s = session;
      const e = engine;
      checkpointer = new Checkpointer(o.state, o.checkpointMs, () => {
        // The history leaves the engine here, so the state stays the same size however long the run.
        const chunk = e.takeHistory();
        const state: Omit<LiveState, "history_bytes"> = {
          format: STATE_FORMAT,
          version: STATE_VERSION,
          saved_at: new Date().toISOString(),
          strategy: { name: strategy.name, file: strategy.file, sha256: strategy.sha256 },
          symbols: syms,
          config,
          sequences: structuredClone(s.tracker.positions()),
          totals: structuredClone(s.totals),
          engine: e.saveState(),
        };
        return { history: chunk, state: (history_bytes: number) => sealState({ ...state, history_bytes }) };
      }, history);
    }
    return session;
  };
  const gate = new UniverseGate(start, symbols);
  if (!gate.ready) log(`waiting for the feed's heartbeat to learn its symbols (or pass --symbols)`);
  hooks.ready?.({ connect: o.connect, publish: publisher?.endpoint });

  let timerError: Error | undefined;
  const timer = setInterval(() => {
    const now = Date.now();
    try {
      session?.tick(now);
      checkpointer?.tick(now);
    } catch (err) {
      timerError = err as Error;
      subscriber.stop();
    }
    if (session) hooks.status?.(session.status());
  }, hooks.statusMs ?? 500);
  const onAbort = () => subscriber.stop();
  signal?.addEventListener("abort", onAbort, { once: true });
  if (signal?.aborted) subscriber.stop();

  try {
    await subscriber.run(gate, o.maxBurst);
  } catch (err) {
    // e.g. AuthenticationError: keep what was applied, free the publish port.
    await checkpointer?.close();
    await publisher?.close();
    throw err;
  } finally {
    clearInterval(timer);
    signal?.removeEventListener("abort", onAbort);
  }
  if (timerError) throw timerError;
  const seconds = (performance.now() - t0) / 1000;
  if (!session || !engine) {
    await publisher?.close();
    throw new Error(`stopped before the universe was known: no heartbeat from ${o.connect} (pass --symbols)`);
  }
  // The final checkpoint holds the open positions (finishRun() below closes them only in the report).
  await checkpointer?.close();
  if (publisher) {
    await publisher.endOfStream();
    await publisher.close();
  }
  const tc = performance.now();
  // The report needs the whole history back: every chunk of the log, this run's and the earlier ones'.
  const eng = engine;
  await history?.replay((chunk) => eng.restoreHistory(chunk));
  const result = engine.finishRun();
  const finishMs = performance.now() - tc;
  const report = buildLiveReport(result, {
    strategy: { name: strategy.name, file: strategy.file },
    // The backtest's settings block: its defaults, this run's costs, the feed as `data`.
    settings: { ...backtestSettingsOf(), ...costs, data: o.connect, strategy: strategy.file, badRows: "skip", batchSize: o.maxBurst, symbols: universe },
    symbols: universe,
    timing_ms: { load: 0, compute: session.times.engine, aggregate: 0 },
    live: liveSummary(session, {
      connect: o.connect,
      publish: publisher?.endpoint,
      resumed: saved !== undefined,
      checkpoints: checkpointer?.written ?? 0,
      seconds,
      appliedBefore: saved?.totals.applied ?? 0,
      authDenied: o.publishCurve?.allow ? zapCounts("live-publish").denied : undefined,
    }),
  }, finishMs);
  return report;
}
