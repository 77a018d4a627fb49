/**
 * `runLive`: subscribes to a feed, runs a strategy on the live engine, publishes and logs
 * its decisions, checkpoints its state, and returns the backtest-format report when the
 * run stops (abort signal, or the feed's end of stream with `exitOnEos`).
 */
import { performance } from "node:perf_hooks";

import type { BindingBacktestConfig } from "../../native/index.cjs";
import { BACKTEST_DEFAULTS } from "../config.js";
import { readKeyPair, readAllowList, readPublicKey } from "../live/curve.js";
import { nativeEngineFactory, type LiveEngineFactory, type LiveEngineLike } from "../live/engine.js";
import { LIVE_DEFAULTS, type LiveOptions } from "../live/options.js";
import { WirePublisher } from "../live/publisher.js";
import { buildLiveReport, latencySummary, type LiveReport } from "../live/report.js";
import { LiveSession, type RejectReason, type SessionHooks } from "../live/session.js";
import { Checkpointer, readState, specHash, STATE_FORMAT, STATE_VERSION, type LiveState } from "../live/state.js";
import type { StatusSnapshot } from "../live/status.js";
import { WireSubscriber } from "../live/subscriber.js";
import { UniverseGate } from "../live/universe.js";
import { NO_TS } from "../live/validate.js";
import { barTopic, CTL_PREFIX, BAR_PREFIX, type EventMessage } from "../live/wire/index.js";
import { zapCounts } from "../live/zap.js";
import { loadStrategy } from "./backtest.js";

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

/** Most log lines per rejection reason (the counters keep counting). */
const MAX_REJECT_LOGS = 5;

function check(name: string, ok: boolean, want: string, got: unknown): void {
  if (!ok) throw new Error(`--${name}: expected ${want}, got ${JSON.stringify(got)}`);
}

type Costs = Required<Pick<LiveOptions, "cash" | "commission" | "commissionFixed" | "slippage" | "fill" | "ambiguity">>;

function costsOf(o: LiveOptions, saved?: BindingBacktestConfig): Costs {
  const keys = ["cash", "commission", "commissionFixed", "slippage", "fill", "ambiguity"] as const;
  const c = Object.fromEntries(keys.map((k) => [k, saved?.[k] ?? BACKTEST_DEFAULTS[k]])) as Costs;
  for (const k of keys) {
    const v = o[k];
    if (v === undefined) continue;
    if (saved && saved[k] !== undefined && saved[k] !== v) {
      throw new Error(`--${k.replace(/[A-Z]/g, (x) => `-${x.toLowerCase()}`)} ${v} differs from the state file's ${saved[k]}; a resumed run keeps its settings`);
    }
    (c as Record<string, unknown>)[k] = v;
  }
  check("cash", Number.isFinite(c.cash) && c.cash > 0, "a positive number", c.cash);
  check("commission", c.commission >= 0 && c.commission < 0.5, "a fraction in [0, 0.5)", c.commission);
  check("commission-fixed", c.commissionFixed >= 0, "a non-negative amount", c.commissionFixed);
  check("slippage", c.slippage >= 0 && c.slippage < 0.5, "a fraction in [0, 0.5)", c.slippage);
  return c;
}

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
  const o = { ...LIVE_DEFAULTS, ...Object.fromEntries(Object.entries(opts).filter(([, v]) => v !== undefined)) } as typeof LIVE_DEFAULTS & LiveOptions;
  check("checkpoint-ms", Number.isInteger(o.checkpointMs) && o.checkpointMs >= 0, "an integer >= 0", o.checkpointMs);
  check("silence-ms", Number.isInteger(o.silenceMs) && o.silenceMs > 0, "a positive integer", o.silenceMs);
  check("hwm", Number.isInteger(o.hwm) && o.hwm >= 0, "an integer >= 0", o.hwm);
  check("max-burst", Number.isInteger(o.maxBurst) && o.maxBurst > 0, "a positive integer", o.maxBurst);
  if (o.curveKey || o.curveServer) {
    check("curve-server", !!o.curveServer && !!o.curveKey, "--curve-key and --curve-server together", o.curveServer ?? o.curveKey);
  }
  const log = (line: string) => hooks.log?.(line);
  const t0 = performance.now();

  // Strategy, settings and universe: from the state file when resuming, else from the options.
  const saved = o.state ? await readState(o.state) : undefined;
  let strategy: { name: string; file: string; sha256: string; text?: string };
  if (o.strategy) {
    const s = await loadStrategy(o.strategy);
    strategy = { name: s.name, file: o.strategy, sha256: specHash(s.text), text: s.text };
    if (saved && saved.strategy.sha256 !== strategy.sha256) {
      throw new Error(`state file ${o.state} was written by strategy ${saved.strategy.file} (${saved.strategy.name}), not ${o.strategy}; use another --state or the same strategy`);
    }
  } else if (saved) {
    strategy = saved.strategy;
  } else {
    throw new Error("--strategy is required (or --state of an earlier run to resume)");
  }
  const costs = costsOf(o, saved?.config);
  const config: BindingBacktestConfig = { ...costs, threads: 1 };
  let symbols = saved?.symbols;
  if (o.symbols) {
    const wanted = [...new Set(o.symbols)].sort();
    if (symbols && wanted.join(",") !== symbols.join(",")) {
      throw new Error(`--symbols ${wanted.join(",")} differ from the state file's ${symbols.join(",")}`);
    }
    symbols = wanted;
  }

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
        const state: LiveState = {
          format: STATE_FORMAT,
          version: STATE_VERSION,
          saved_at: new Date().toISOString(),
          strategy: { name: strategy.name, file: strategy.file, sha256: strategy.sha256 },
          symbols: syms,
          config,
          sequences: s.tracker.positions(),
          totals: s.totals,
          engine: e.saveState(),
        };
        return JSON.stringify(state);
      });
    }
    return session;
  };
  const gate = new UniverseGate(start, symbols);
  if (!gate.ready) log(`waiting for the feed's heartbeat to learn its symbols (or pass --symbols)`);
  hooks.ready?.({ connect: o.connect, publish: publisher?.endpoint });

  const snapshot = (): StatusSnapshot | undefined => {
    if (!session) return undefined;
    const r = session.totals.rejected;
    return {
      applied: session.totals.applied,
      received: session.totals.received,
      symbolsActive: Array.from(session.validator.lastTs).filter((t) => t !== NO_TS).length,
      symbols: universe.length,
      positions: session.openPositions(),
      gaps: session.tracker.gaps,
      missing: session.tracker.missing,
      rejected: Object.values(r).reduce((a, b) => a + b, 0),
      events: session.totals.events,
      silent: session.silence.silent,
    };
  };
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
    const s = snapshot();
    if (s) hooks.status?.(s);
  }, hooks.statusMs ?? 500);
  const onAbort = () => subscriber.stop();
  signal?.addEventListener("abort", onAbort, { once: true });
  if (signal?.aborted) subscriber.stop();

  const appliedBefore = saved?.totals.applied ?? 0;
  try {
    await subscriber.run(gate, o.maxBurst);
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
  // The final checkpoint holds the open positions (finish() below closes them only in the report).
  await checkpointer?.close();
  if (publisher) {
    await publisher.endOfStream();
    await publisher.close();
  }
  const tc = performance.now();
  const result = engine.finish();
  const finishMs = performance.now() - tc;
  const t = session.totals;
  const report = buildLiveReport(result, {
    strategy: { name: strategy.name, file: strategy.file },
    settings: { ...costs, data: o.connect, strategy: strategy.file, badRows: "skip", batchSize: o.maxBurst, symbols: universe },
    symbols: universe,
    timing_ms: { load: 0, compute: session.times.engine + finishMs, aggregate: 0 },
    live: {
      connect: o.connect,
      publish: publisher?.endpoint,
      resumed: saved !== undefined,
      received: t.received,
      applied: t.applied,
      bursts: t.bursts,
      events: t.events,
      rejected: Object.fromEntries(Object.entries(t.rejected).filter(([, v]) => v > 0)),
      gaps: { count: session.tracker.gaps, missing: session.tracker.missing, recent: session.tracker.recent },
      silences: session.silence.silences,
      eos: session.eosReceived,
      checkpoints: checkpointer?.written ?? 0,
      seconds,
      bars_per_second: seconds > 0 ? (t.applied - appliedBefore) / seconds : 0,
      stage_ms: { ...session.times },
      auth_denied: o.publishCurve?.allow ? zapCounts("live-publish").denied : undefined,
      burst_latency_us: latencySummary(session.latencies),
    },
  });
  return report;
}
