/**
 * Receiving side of the wire: a SUB socket and the burst loop. Every message that ZeroMQ
 * can hand over without waiting belongs to the current burst; the burst is flushed (one
 * engine call) as soon as the socket would block, or when it reaches `maxBurst`.
 */
import { Subscriber, type EventOfType } from "zeromq";

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

/**
 * The feed refused this subscriber's security handshake: its ZAP handler denied the client's
 * CURVE key, or the two sides disagree on the mechanism or keys. Permanent for this run
 * (ZeroMQ would retry forever and the run would only see a silent feed): exit 1.
 */
export class AuthenticationError extends Error {
  override name = "AuthenticationError";
}

/** Failed CURVE handshakes in a row, with no detail from the server, taken as a key mismatch. */
const HANDSHAKE_RETRIES = 3;

/** Text for a failed handshake with `endpoint`: refused key, mechanism mismatch, or another protocol error. */
function handshakeError(endpoint: string, curve: boolean, e: EventOfType<"handshake:error:auth"> | EventOfType<"handshake:error:protocol">): AuthenticationError {
  if (e.type === "handshake:error:auth") {
    return new AuthenticationError(
      `authentication failed: the feed at ${endpoint} refused this client's CURVE key (ZAP status ${e.error.status}); ` +
        "ask the feed's operator to add the public key of --curve-key to its --curve-allow",
    );
  }
  if (e.error.code === "ERR_ZMTP_MECHANISM_MISMATCH") {
    return new AuthenticationError(
      curve
        ? `authentication failed: the feed at ${endpoint} is not a CURVE server (drop --curve-key/--curve-server)`
        : `authentication failed: the feed at ${endpoint} requires CURVE (pass --curve-key and --curve-server)`,
    );
  }
  return new AuthenticationError(`authentication failed: CURVE handshake with ${endpoint} failed (${e.error.code}); is --curve-server the feed's public key?`);
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
  private failure: AuthenticationError | undefined;

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
    const sub = new WireSubscriber(sock, endpoint);
    // libzmq reports a refused handshake only as a socket event (the connection just drops and
    // is retried): watch for it so that run() ends with the reason instead of a silent feed.
    const refused = (e: EventOfType<"handshake:error:auth"> | EventOfType<"handshake:error:protocol">) => sub.fail(handshakeError(endpoint, opts.curve !== undefined, e));
    sock.events.on("handshake:error:auth", refused);
    sock.events.on("handshake:error:protocol", refused);
    if (opts.curve) {
      // A CURVE server that cannot decrypt our HELLO (we hold the wrong server key) just hangs
      // up: the client sees only "other" failures (EPIPE). A few in a row, with no handshake
      // in between, is that; one alone may be a feed restarting.
      let failures = 0;
      sock.events.on("handshake", () => (failures = 0));
      sock.events.on("handshake:error:other", (e) => {
        if (++failures < HANDSHAKE_RETRIES) return;
        sub.fail(new AuthenticationError(
          `authentication failed: the feed at ${endpoint} closed ${failures} CURVE handshakes in a row (${e.error.code ?? e.error.message}); ` +
            "is --curve-server the feed's public key?",
        ));
      });
    }
    return sub;
  }

  /** Ends {@link run} with `err` (the first failure wins). */
  private fail(err: AuthenticationError): void {
    this.failure ??= err;
    this.stop();
  }

  /**
   * Feeds messages to `sink` until {@link stop}. Yields to the event loop after every full
   * burst so timers (status, checkpoints, signals) run even under a continuous stream.
   * @throws AuthenticationError when the feed refuses the security handshake.
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
    if (this.failure) throw this.failure;
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
