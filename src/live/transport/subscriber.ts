/**
 * Receiving side of the wire: a SUB socket and the burst loop. Every message that ZeroMQ
 * can hand over without waiting belongs to the current burst; the burst is flushed (one
 * engine call) as soon as the socket would block, or when it reaches `maxBurst`.
 */
import { Subscriber } from "zeromq";

import type { KeyPair } from "./curve-keys.js";

/** CURVE client settings: the server's public key and this client's key pair. */
export interface CurveClient {
  serverKey: string;
  keys: KeyPair;
}

/** Options of {@link WireSubscriber.connect}. */
export interface SubscriberOptions {
  /** Topic prefixes to subscribe to (e.g. `bar.`, `ctl.`). */
  prefixes: string[];
  /** ZMQ_RCVHWM, messages (0 = unlimited). @default 1000 (libzmq's) */
  receiveHighWaterMark?: number;
  curve?: CurveClient;
}

/** Receives messages and burst boundaries. */
export interface BurstSink {
  /** One multipart message (frames as delivered). Must not throw. */
  message(frames: Buffer[]): void;
  /** End of a burst: nothing more can be read without waiting, or the burst is full. */
  flush(): void;
}

const yieldToLoop = () => new Promise<void>((resolve) => setImmediate(resolve));

/** A connected subscriber. */
export class WireSubscriber {
  private stopping = false;
  private closed = false;

  private constructor(
    private readonly sock: Subscriber,
    readonly endpoint: string,
  ) {}

  /** Connects (ZeroMQ connects in the background and reconnects by itself). */
  static connect(endpoint: string, opts: SubscriberOptions): WireSubscriber {
    const sock = new Subscriber({ linger: 0, receiveHighWaterMark: opts.receiveHighWaterMark ?? 1000 });
    if (opts.curve) {
      sock.curveServerKey = opts.curve.serverKey;
      sock.curvePublicKey = opts.curve.keys.publicKey;
      sock.curveSecretKey = opts.curve.keys.secretKey;
    }
    try {
      sock.connect(endpoint);
    } catch (err) {
      sock.close();
      throw new Error(`cannot connect to ${endpoint}: ${(err as Error).message}`);
    }
    sock.subscribe(...opts.prefixes);
    return new WireSubscriber(sock, endpoint);
  }

  /**
   * Feeds messages to `sink` until {@link stop}. Yields to the event loop after every full
   * burst so timers (status, checkpoints, signals) run even under a continuous stream.
   */
  async run(sink: BurstSink, maxBurst: number): Promise<void> {
    let inBurst = 0;
    let scheduled = false;
    const endOfBurst = () => {
      scheduled = false;
      if (inBurst === 0) return;
      inBurst = 0;
      sink.flush();
    };
    try {
      for await (const frames of this.sock) {
        sink.message(frames);
        if (++inBurst >= maxBurst) {
          endOfBurst();
          await yieldToLoop();
        } else if (!scheduled) {
          // Runs once the socket has nothing left to hand over without waiting.
          scheduled = true;
          setImmediate(endOfBurst);
        }
      }
    } catch (err) {
      if (!this.closed) throw err;
    } finally {
      endOfBurst();
      this.close();
    }
  }

  /**
   * Ends {@link run} after the messages ZeroMQ can hand over right now (the burst in
   * progress); run() flushes them before it returns.
   */
  stop(): void {
    if (this.stopping) return;
    this.stopping = true;
    // When the socket is idle run() is parked in a receive: closing it ends the loop.
    setImmediate(() => this.close());
  }

  private close(): void {
    if (this.closed) return;
    this.closed = true;
    this.sock.close();
  }
}
