/**
 * Publishing side of the wire: an XPUB socket that numbers every message per topic,
 * sends heartbeats, announces end of stream and counts its subscribers (XPUB sees the
 * subscriptions, which is how `--wait-subscribers` beats the PUB/SUB slow-joiner problem).
 */
import { randomInt } from "node:crypto";

import { XPublisher } from "zeromq";

import type { KeyPair } from "./curve-keys.js";
import {
  encodeBarBinary,
  encodePayload,
  EOS_TOPIC,
  barTopic,
  topicOf,
  type Encoding,
  type WireMessage,
} from "../wire/index.js";
import { allowClients } from "./zap.js";

/** CURVE server settings: this socket's key pair; optional allow list (else any client key). */
export interface CurveServer {
  keys: KeyPair;
  /** Allowed client public keys (Z85); undefined = encryption only. */
  allow?: string[];
  /** ZAP domain naming the allow list (one per socket in a process). */
  domain: string;
  /** Told once per refused client key: its Z85 text ("" when the client had no CURVE) and address. */
  denied?: (clientKey: string, address: string) => void;
}

/** Options of {@link WirePublisher.bind}. */
export interface PublisherOptions {
  encoding: Encoding;
  /** Heartbeat interval, ms; 0 disables heartbeats. */
  heartbeatMs: number;
  /** Symbols announced in each heartbeat. */
  symbols?: string[];
  /** ZMQ_SNDHWM per subscriber, messages (0 = unlimited). @default 1000 (libzmq's) */
  sendHighWaterMark?: number;
  /** Block (wait) instead of dropping when a subscriber's queue is full: lossless, paced by the slowest subscriber. */
  noDrop?: boolean;
  curve?: CurveServer;
}

/** A message without its envelope (the publisher fills pub and seq). */
export type Unsequenced<M = WireMessage> = M extends WireMessage ? Omit<M, "pub" | "seq"> : never;

/** A bound publisher. Sends are queued and handed to ZeroMQ in order. */
export class WirePublisher {
  /** Random publisher id (1..2^32-1): a restarted publisher is a new stream to its readers. */
  readonly pub = randomInt(1, 2 ** 32 - 1);
  /** Subscribers whose subscriptions cover `ctl.eos` (they will see the end of stream). */
  subscribers = 0;
  /** Messages handed to ZeroMQ. */
  sent = 0;
  /** Sends retried because a subscriber's queue was full (noDrop only). */
  blocked = 0;
  private readonly seqs = new Map<string, number>();
  private readonly topicFrames = new Map<string, Buffer>();
  private queue: Array<[Buffer, Buffer]> = [];
  private draining: Promise<void> | undefined;
  private failure: Error | undefined;
  private lastHeartbeat = 0;
  private timer: NodeJS.Timeout | undefined;
  private readonly subWaiters: Array<{ n: number; resolve: () => void }> = [];

  private constructor(
    private readonly sock: XPublisher,
    readonly endpoint: string,
    private readonly opts: PublisherOptions,
    private readonly releaseAuth: () => void,
  ) {}

  /**
   * Binds an XPUB socket at `endpoint` (`tcp://127.0.0.1:0` picks a free port).
   * @throws Error naming the endpoint when it cannot bind.
   */
  static async bind(endpoint: string, opts: PublisherOptions): Promise<WirePublisher> {
    const sock = new XPublisher({ linger: 2000, sendHighWaterMark: opts.sendHighWaterMark ?? 1000, noDrop: opts.noDrop ?? false });
    sock.verbosity = "allSubsUnsubs";
    if (opts.curve) {
      sock.curveServer = true;
      sock.curveSecretKey = opts.curve.keys.secretKey;
      sock.curvePublicKey = opts.curve.keys.publicKey;
      sock.zapDomain = opts.curve.domain;
    }
    const release = opts.curve?.allow ? await allowClients(opts.curve.domain, opts.curve.allow, opts.curve.denied) : () => undefined;
    try {
      await sock.bind(endpoint);
    } catch (err) {
      sock.close();
      release();
      throw new Error(`cannot bind ${endpoint}: ${(err as Error).message}`);
    }
    const p = new WirePublisher(sock, sock.lastEndpoint ?? endpoint, opts, release);
    void p.watchSubscriptions();
    if (opts.heartbeatMs > 0) {
      p.timer = setInterval(() => p.maybeHeartbeat(Date.now()), Math.max(10, Math.floor(opts.heartbeatMs / 2)));
      p.timer.unref();
    }
    return p;
  }

  private async watchSubscriptions(): Promise<void> {
    try {
      for await (const [msg] of this.sock) {
        if (msg.length === 0 || (msg[0] !== 0 && msg[0] !== 1)) continue;
        if (!EOS_TOPIC.startsWith(msg.subarray(1).toString())) continue;
        this.subscribers += msg[0] === 1 ? 1 : -1;
        for (let i = this.subWaiters.length - 1; i >= 0; i--) {
          if (this.subscribers >= this.subWaiters[i].n) this.subWaiters.splice(i, 1)[0].resolve();
        }
      }
    } catch {
      // socket closed
    }
  }

  /** Resolves once at least `n` subscribers cover `ctl.eos` (immediately when n <= 0). */
  waitSubscribers(n: number): Promise<void> {
    if (this.subscribers >= n) return Promise.resolve();
    return new Promise((resolve) => this.subWaiters.push({ n, resolve }));
  }

  private nextSeq(topic: string): number {
    const s = (this.seqs.get(topic) ?? 0) + 1;
    this.seqs.set(topic, s);
    return s;
  }

  private topicFrame(topic: string): Buffer {
    let f = this.topicFrames.get(topic);
    if (!f) {
      f = Buffer.from(topic, "utf8");
      this.topicFrames.set(topic, f);
    }
    return f;
  }

  private enqueue(topic: string, payload: Buffer): void {
    if (this.failure) throw this.failure;
    this.queue.push([this.topicFrame(topic), payload]);
    if (!this.draining) this.draining = this.drain();
  }

  private async drain(): Promise<void> {
    try {
      while (this.queue.length) {
        const batch = this.queue;
        this.queue = [];
        for (const frames of batch) {
          try {
            await this.sock.send(frames);
          } catch (err) {
            await this.retry(frames, err);
          }
          this.sent++;
        }
      }
    } catch (err) {
      this.failure = new Error(`publishing on ${this.endpoint} failed: ${(err as Error).message}`);
    } finally {
      this.draining = undefined;
    }
  }

  /**
   * A send that failed with `err`. With `noDrop`, libzmq answers EAGAIN when a subscriber's
   * queue is full, and zeromq.js does not wait for room on PUB sockets (they always poll
   * writable): retry until the queue drains. That retry loop is the backpressure of a
   * lossless replay. Any other error is thrown.
   */
  private async retry(frames: [Buffer, Buffer], err: unknown): Promise<void> {
    for (let wait = 0; ; wait = Math.min(wait + 1, 10)) {
      if (!this.opts.noDrop || (err as NodeJS.ErrnoException).code !== "EAGAIN") throw err;
      this.blocked++;
      await new Promise((r) => (wait === 0 ? setImmediate(r) : setTimeout(r, wait)));
      try {
        await this.sock.send(frames);
        return;
      } catch (again) {
        err = again;
      }
    }
  }

  /** Messages queued and not yet handed to ZeroMQ. */
  get pending(): number {
    return this.queue.length;
  }

  /**
   * Resolves when every queued message has been handed to ZeroMQ.
   * @throws Error when a send failed.
   */
  async flushed(): Promise<void> {
    while (this.draining) await this.draining;
    if (this.failure) throw this.failure;
  }

  /** Queues one bar (hot path of `feed`; skips building a message object for binary). */
  publishBar(symbol: string, ts: bigint, open: number, high: number, low: number, close: number, volume: number): void {
    const topic = barTopic(symbol);
    const seq = this.nextSeq(topic);
    const payload = this.opts.encoding === "binary"
      ? encodeBarBinary(this.pub, seq, ts, open, high, low, close, volume)
      : encodePayload({ type: "bar", pub: this.pub, seq, symbol, ts, open, high, low, close, volume }, "json");
    this.enqueue(topic, payload);
  }

  /** Queues any message; pub and seq are set on `m` itself (no copy: this is per decision). Returns it. */
  publish<M extends WireMessage>(m: Unsequenced<M>): M {
    const full = m as unknown as M;
    full.pub = this.pub;
    const topic = topicOf(full);
    full.seq = this.nextSeq(topic);
    this.enqueue(topic, encodePayload(full, this.opts.encoding));
    return full;
  }

  /** Sends a heartbeat when one is due at `now` (epoch ms). Hot loops call this every few hundred messages. */
  maybeHeartbeat(now: number): void {
    if (this.opts.heartbeatMs <= 0 || now - this.lastHeartbeat < this.opts.heartbeatMs) return;
    this.heartbeat(now);
  }

  /** Symbols announced in heartbeats from now on. */
  announce(symbols: string[]): void {
    this.opts.symbols = symbols;
  }

  /** Sends a heartbeat now. */
  heartbeat(now = Date.now()): void {
    this.lastHeartbeat = now;
    this.publish({ type: "heartbeat", time: BigInt(now) * 1_000_000n, intervalMs: this.opts.heartbeatMs, symbols: this.opts.symbols ?? [] });
  }

  /**
   * Sends the end of stream (with the last seq per topic) `repeats` times, `spacingMs`
   * apart: PUB/SUB may drop any message, the last one included, when a queue is full.
   */
  async endOfStream(repeats = 3, spacingMs = 200): Promise<void> {
    const last = Object.fromEntries(this.seqs);
    delete last[EOS_TOPIC];
    for (let i = 0; i < repeats; i++) {
      if (i > 0) await new Promise((r) => setTimeout(r, spacingMs));
      this.publish({ type: "eos", time: BigInt(Date.now()) * 1_000_000n, last });
      await this.flushed();
    }
  }

  /** Last seq sent per topic. */
  lastSeqs(): Record<string, number> {
    return Object.fromEntries(this.seqs);
  }

  /** Flushes the queue, then closes the socket (ZeroMQ lingers up to 2 s to deliver what is queued). */
  async close(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    try {
      await this.flushed();
    } finally {
      this.sock.close();
      this.releaseAuth();
    }
  }
}
