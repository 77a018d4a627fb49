/**
 * One live run: receive burst -> decode -> validate -> one `pushBars` -> publish the
 * decisions. Owns the counters the status line and the final report show.
 */
import { performance } from "node:perf_hooks";

import { nsToIso } from "../../data/time.js";

import { BurstColumns } from "./burst.js";
import { FeedClock } from "./clock.js";
import type { LiveEngineLike, LiveEvents } from "../../engine/live.js";
import type { WirePublisher } from "../transport/publisher.js";
import { SequenceTracker, SilenceWatch } from "./sequence.js";
import type { BurstSink } from "../transport/subscriber.js";
import type { StatusSnapshot } from "./status.js";
import { BAR_REASONS, BarValidator, NO_TS } from "./validate.js";
import type { BarReason, Gap, RejectCounts, RejectReason, StageTimes } from "../../types/live.js";
import {
  BAR_PREFIX,
  decodeFrames,
  EVENT_KINDS,
  MALFORMED_REASONS,
  WireError,
  type EosMessage,
  type EventKind,
  type EventMessage,
  type HeartbeatMessage,
  type MalformedReason,
} from "../wire/index.js";

/** Most burst latencies kept when profiling. */
const MAX_LATENCY_SAMPLES = 1_000_000;

/** Every reason a received message is not applied, each a counter. */
export const REJECT_REASONS = [
  ...MALFORMED_REASONS,
  ...BAR_REASONS,
  /** seq not above the last one of its (publisher, topic) stream: a repeated message. */
  "stale_seq",
  /** The engine refused a burst our checks passed (a bug; the burst is dropped and logged). */
  "engine_rejected",
] as const;

/** Compile-time check: the public `RejectReason` (src/types/live.ts) names exactly {@link REJECT_REASONS}. */
export type ReasonsMatch = [(typeof REJECT_REASONS)[number]] extends [RejectReason]
  ? [RejectReason] extends [(typeof REJECT_REASONS)[number]] ? true : never
  : never;
export const REASONS_MATCH: ReasonsMatch = true;

/** Zeroed counters. */
export function zeroCounts(): RejectCounts {
  return Object.fromEntries(REJECT_REASONS.map((r) => [r, 0])) as RejectCounts;
}

/** Callbacks for what a run reports as it happens (logging, status). All optional. */
export interface SessionHooks {
  /** A decision was published. */
  event?(m: EventMessage): void;
  /** A hole in a stream (size = messages lost). */
  gap?(g: Gap, atEnd: boolean): void;
  /** A message was rejected (called for every one; the caller rate-limits its logging). */
  rejected?(reason: RejectReason, detail: string): void;
  /** End of stream from the feed. */
  eos?(m: EosMessage): void;
  /** The feed went silent past the timeout (ms silent), or came back (ms it lasted). */
  silence?(state: "silent" | "resumed", ms: number): void;
  /** A burst was applied (checkpointing hooks in here). */
  flushed?(): void;
}

/** Counters carried across a restart (in the state file). */
export interface SessionTotals {
  /** Messages received (every topic, malformed included). */
  received: number;
  /** Bars applied by the engine. */
  applied: number;
  /** Engine calls (bursts with at least one valid bar). */
  bursts: number;
  /** Decisions published. */
  events: number;
  rejected: RejectCounts;
}

/** Options of a {@link LiveSession}. */
export interface SessionOptions {
  engine: LiveEngineLike;
  /** Names of `LiveEvents.kind` codes (the engine's `eventKinds()`). */
  eventKinds: string[];
  /** The engine's universe; index = symbol id. */
  symbols: string[];
  /** Where decisions go (optional: without it they are only logged). */
  publisher?: WirePublisher;
  /** Most bars per engine call. */
  maxBurst: number;
  /** Largest frame decoded, bytes; bigger ones are counted `oversized`. @default Infinity */
  maxFrameBytes?: number;
  /** Bars dated more than this many days after the feed clock are refused as `future_ts` (omitted: no limit). */
  maxAheadDays?: number;
  /** Silent-feed timeout, ms. */
  silenceMs: number;
  /** Stream positions from a saved state. */
  sequences?: ConstructorParameters<typeof SequenceTracker>[0];
  /** Totals from a saved state. */
  totals?: SessionTotals;
  /** Time decoding too (adds two clock reads per message). */
  profile?: boolean;
  hooks?: SessionHooks;
}

/** A live run's receive path. Feed it with a WireSubscriber (it is a BurstSink). */
export class LiveSession implements BurstSink {
  readonly totals: SessionTotals;
  readonly tracker: SequenceTracker;
  readonly silence: SilenceWatch;
  readonly validator: BarValidator;
  readonly times: StageTimes = { decode: 0, engine: 0, publish: 0 };
  /** Open position per symbol id after the last position event: signed units (+ long, - short). */
  readonly positions: Float64Array;
  /** Last heartbeat from the feed. */
  lastHeartbeat: HeartbeatMessage | undefined;
  /** Set once the feed's end of stream arrived. */
  eosReceived = false;
  private eosFrom = -1;
  /** With `profile`: per engine call, ms from the burst's first message to its decisions being queued. */
  readonly latencies: number[] = [];
  private burstStart = -1;
  private readonly burst: BurstColumns;
  private readonly kinds: EventKind[];
  private readonly hooks: SessionHooks;

  constructor(private readonly o: SessionOptions) {
    this.totals = o.totals ? structuredClone(o.totals) : { received: 0, applied: 0, bursts: 0, events: 0, rejected: zeroCounts() };
    for (const r of REJECT_REASONS) this.totals.rejected[r] ??= 0;
    this.tracker = new SequenceTracker(o.sequences);
    this.silence = new SilenceWatch(o.silenceMs, Date.now());
    const lastTs = o.engine.lastTs();
    let resumed: bigint | undefined;
    for (const t of lastTs) if (t !== NO_TS && (resumed === undefined || t > resumed)) resumed = t;
    const clock = o.maxAheadDays === undefined ? undefined : new FeedClock(o.maxAheadDays, resumed);
    this.validator = new BarValidator(o.symbols, lastTs, clock);
    this.positions = new Float64Array(o.symbols.length);
    this.burst = new BurstColumns(o.maxBurst);
    this.kinds = o.eventKinds.map((k) => {
      if (!(EVENT_KINDS as readonly string[]).includes(k)) throw new Error(`engine event kind '${k}' is not in the wire format`);
      return k as EventKind;
    });
    this.hooks = o.hooks ?? {};
  }

  private reject(reason: RejectReason, detail: string): void {
    this.totals.rejected[reason]++;
    this.hooks.rejected?.(reason, detail);
  }

  /** One received message: decoded, checked, and either queued for the engine or counted. */
  message(frames: Buffer[]): void {
    const t0 = this.o.profile ? performance.now() : 0;
    if (this.o.profile && this.burstStart < 0) this.burstStart = t0;
    this.totals.received++;
    const quiet = this.silence.touch(Date.now());
    if (quiet !== undefined) this.hooks.silence?.("resumed", quiet);
    try {
      const m = decodeFrames(frames, this.o.maxFrameBytes);
      switch (m.type) {
        case "bar": {
          const v = this.tracker.observe(BAR_PREFIX + m.symbol, m.pub, m.seq);
          if (v === "stale") {
            this.reject("stale_seq", `${m.symbol} seq ${m.seq} from publisher ${m.pub} already seen`);
            break;
          }
          if (v !== "ok") this.hooks.gap?.(v, false);
          if (this.burst.length === this.burst.capacity) this.flush();
          const id = this.validator.accept(m);
          if (typeof id === "number") this.burst.push(id, m);
          else this.reject(id, barDetail(id, m.symbol, m.ts));
          break;
        }
        case "heartbeat": {
          const v = this.tracker.observe("ctl.hb", m.pub, m.seq);
          if (v !== "ok" && v !== "stale") this.hooks.gap?.(v, false);
          this.lastHeartbeat = m;
          break;
        }
        case "eos": {
          this.tracker.observe("ctl.eos", m.pub, m.seq);
          if (this.eosFrom === m.pub) break; // a repeat of the same end of stream
          this.eosFrom = m.pub;
          this.flush(); // the bars sent before it come first
          for (const g of this.tracker.checkTail(m.pub, m.last)) this.hooks.gap?.(g, true);
          this.eosReceived = true;
          this.hooks.eos?.(m);
          break;
        }
        default:
          this.reject("bad_topic", `'${m.type}.${m.symbol}' is a decision topic, not a feed topic`);
      }
    } catch (err) {
      if (err instanceof WireError) this.reject(err.reason as MalformedReason, err.message);
      else throw err;
    }
    if (this.o.profile) this.times.decode += performance.now() - t0;
  }

  /** Applies the bars of the current burst with one engine call and publishes the decisions. */
  flush(): void {
    const n = this.burst.length;
    if (n === 0) return;
    const t0 = performance.now();
    let events: LiveEvents;
    try {
      events = this.o.engine.pushBars(this.burst.view());
    } catch (err) {
      // Nothing was applied: forget the burst and take the engine's last times back.
      this.totals.rejected.engine_rejected += n;
      this.hooks.rejected?.("engine_rejected", `engine refused a burst of ${n} bars: ${(err as Error).message}`);
      this.validator.lastTs.set(this.o.engine.lastTs());
      this.burst.clear();
      return;
    }
    const t1 = performance.now();
    this.times.engine += t1 - t0;
    this.burst.clear();
    this.totals.applied += n;
    this.totals.bursts++;
    this.emit(events);
    const t2 = performance.now();
    this.times.publish += t2 - t1;
    if (this.burstStart >= 0) {
      // first message of the burst in hand -> its decisions queued for sending
      if (this.latencies.length < MAX_LATENCY_SAMPLES) this.latencies.push(t2 - this.burstStart);
      this.burstStart = -1;
    }
    this.hooks.flushed?.();
  }

  private emit(e: LiveEvents): void {
    const count = e.kind.length;
    for (let i = 0; i < count; i++) {
      const type = this.kinds[e.kind[i]];
      const id = e.symbol[i];
      const m: EventMessage = {
        type, pub: 0, seq: 0, symbol: this.o.symbols[id], ts: e.ts[i], side: e.side[i], price: e.price[i],
        qty: e.qty[i], pnl: e.pnl[i], code: e.code[i],
      };
      if (type === "position") this.positions[id] = m.side === 0 || Number.isNaN(m.qty) ? 0 : m.side * Math.abs(m.qty);
      this.o.publisher?.publish<EventMessage>(m);
      this.totals.events++;
      this.hooks.event?.(m);
    }
  }

  /** Checks the silence watchdog (call from a timer). */
  tick(now: number): void {
    const silent = this.silence.check(now);
    if (silent !== undefined) this.hooks.silence?.("silent", silent);
  }

  /** What the status line shows now. */
  status(): StatusSnapshot {
    let active = 0;
    for (const t of this.validator.lastTs) if (t !== NO_TS) active++;
    return {
      applied: this.totals.applied,
      received: this.totals.received,
      symbolsActive: active,
      symbols: this.o.symbols.length,
      positions: this.openPositions(),
      gaps: this.tracker.gaps,
      missing: this.tracker.missing,
      rejected: Object.values(this.totals.rejected).reduce((a, b) => a + b, 0),
      events: this.totals.events,
      silent: this.silence.silent,
    };
  }

  /** Symbols with an open position. */
  openPositions(): number {
    let n = 0;
    for (const p of this.positions) if (p !== 0) n++;
    return n;
  }
}

function barDetail(reason: BarReason, symbol: string, ts: bigint): string {
  return `${symbol} bar of ${nsToIso(ts)} (${ts} ns): ${reason.replace(/_/g, " ")}`;
}
