/**
 * Feed and live over real ZeroMQ sockets on tcp loopback (ports picked by the OS), in one
 * process, with the recording engine: delivery, gaps when a high-water mark drops
 * messages, the silent-feed report, and CURVE authentication on both sockets.
 */
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";

import { describe, expect, it } from "vitest";
import { Subscriber } from "zeromq";

import { runFeed } from "../../src/feed/run.js";
import type { FeedOptions, FeedReport } from "../../src/types/live.js";
import { runLive } from "../../src/live/run.js";
import { newKeyPair, readCertificate, readKeyPair, writeCertificate } from "../../src/live/transport/curve-keys.js";
import { WirePublisher } from "../../src/live/transport/publisher.js";
import { LiveSession } from "../../src/live/session/session.js";
import { zapCounts } from "../../src/live/transport/zap.js";
import { decodeFrames } from "../../src/live/wire/index.js";
import { EXAMPLES } from "../helpers.js";
import { recordingFactory } from "./double.js";
import { barMessages, CRYPTO, GOOG } from "./fixtures.js";

const STRATEGY = resolve(EXAMPLES, "strategies/sma_cross.json");
const readKey = (f: string) => readCertificate(f).publicKey;
const readPair = (f: string) => readKeyPair(f);

/** Starts a feed on a free port; resolves with its endpoint once bound, and its final report. */
function startFeed(opts: Omit<FeedOptions, "bind">): { endpoint: Promise<string>; done: Promise<FeedReport> } {
  let bound!: (e: string) => void;
  const endpoint = new Promise<string>((r) => (bound = r));
  const done = runFeed({ ...opts, bind: "tcp://127.0.0.1:0" }, { waiting: (e) => bound(e) });
  return { endpoint, done };
}

/** Polls `cond` every 10 ms until true (a handshake we cannot await directly), failing after `ms`. */
async function until(cond: () => boolean, what: string | (() => string), ms = 30_000): Promise<void> {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${typeof what === "string" ? what : what()}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

describe("feed -> live over tcp loopback", () => {
  it("delivers every bar of five crypto symbols in time order, in bursts, and ends on end of stream", async () => {
    const f = recordingFactory();
    const feed = startFeed({ data: CRYPTO, noDrop: true });
    const report = await runLive({ connect: await feed.endpoint, strategy: STRATEGY, exitOnEos: true }, {}, undefined, f);
    const sent = await feed.done;
    const expected = await barMessages(CRYPTO);
    const got = f.engines[0].bars;
    expect(got.length).toBe(expected.length);
    expect(got.map((b) => `${b.symbol}@${b.ts}:${b.close}`)).toEqual(expected.map((b) => `${b.symbol}@${b.ts}:${b.close}`));
    expect(sent.bars).toBe(expected.length);
    expect(report.live).toMatchObject({ applied: expected.length, eos: true, rejected: {}, gaps: { count: 0, missing: 0 } });
    expect(report.live.bursts).toBeLessThan(expected.length); // batched: fewer engine calls than bars
    expect(report.symbols.map((s) => s.symbol)).toEqual(["ALGOUSDT", "AVAXUSDT", "FILUSDT", "LINKUSDT", "NEARUSDT"]);
  });

  it("reports messages a full high-water mark dropped as gaps with their sizes", async () => {
    const expected = await barMessages(CRYPTO);
    const perSymbol = new Map<string, number>();
    for (const b of expected) perSymbol.set(b.symbol, (perSymbol.get(b.symbol) ?? 0) + 1);
    // A subscriber that reads nothing while the feed runs: its queue (and TCP window) fill, PUB drops.
    const feed = startFeed({ data: CRYPTO, hwm: 100 });
    const sub = new Subscriber({ receiveHighWaterMark: 100, receiveBufferSize: 4096, linger: 0 });
    sub.connect(await feed.endpoint);
    sub.subscribe("bar.", "ctl.");
    const sent = await feed.done;
    expect(sent.bars).toBe(expected.length);
    const f = recordingFactory();
    const symbols = [...perSymbol.keys()].sort();
    const s = new LiveSession({ engine: f.create("{}", {}, symbols), eventKinds: f.eventKinds(), symbols, maxBurst: 4096, silenceMs: 60_000 });
    sub.receiveTimeout = 500;
    const lastSeq = new Map<string, number>();
    try {
      for (;;) {
        const frames = await sub.receive();
        s.message(frames);
        const m = decodeFrames(frames);
        if (m.type === "bar") lastSeq.set(m.symbol, m.seq);
      }
    } catch {
      // 500 ms without a message: everything that survived has arrived
    } finally {
      sub.close();
    }
    s.flush();
    const tail = [...perSymbol].reduce((a, [sym, n]) => a + n - (lastSeq.get(sym) ?? 0), 0);
    expect(s.tracker.gaps).toBeGreaterThan(0);
    expect(s.totals.applied + s.tracker.missing + tail).toBe(expected.length);
    expect(s.tracker.recent.every((g) => g.size > 0 && g.topic.startsWith("bar."))).toBe(true);
  });

  it("reports a feed that goes silent past the timeout, and when it comes back", async () => {
    const pub = await WirePublisher.bind("tcp://127.0.0.1:0", { encoding: "binary", heartbeatMs: 0, noDrop: true });
    const bars = await barMessages(GOOG, pub.pub);
    const lines: string[] = [];
    const ctl = new AbortController();
    const f = recordingFactory();
    const live = runLive(
      { connect: pub.endpoint, strategy: STRATEGY, symbols: ["GOOG"], silenceMs: 300 },
      { log: (l) => lines.push(l), statusMs: 50 },
      ctl.signal,
      f,
    );
    await pub.waitSubscribers(1);
    for (const b of bars.slice(0, 100)) pub.publishBar(b.symbol, b.ts, b.open, b.high, b.low, b.close, b.volume);
    await until(() => lines.some((l) => l.startsWith("feed silent")), "the silence report");
    for (const b of bars.slice(100, 200)) pub.publishBar(b.symbol, b.ts, b.open, b.high, b.low, b.close, b.volume);
    await until(() => lines.some((l) => l.startsWith("feed back after")), "the end of the silence");
    ctl.abort();
    const report = await live;
    await pub.close();
    expect(report.live.silences).toBe(1);
    expect(report.live.applied).toBe(200);
  });
});

describe("CURVE", () => {
  const dir = mkdtempSync(join(tmpdir(), "barstream-curve-"));
  const cert = (name: string) => writeCertificate(join(dir, name), newKeyPair());
  const server = cert("feed");
  const client = cert("trader");
  const stranger = cert("stranger");
  const out = cert("out");

  it("lets the allowed client trade the encrypted feed; an unknown key and a plain subscriber receive nothing", async () => {
    const feed = startFeed({ data: GOOG, noDrop: true, curve: { key: server.secretFile, allow: [client.publicFile] } });
    const endpoint = await feed.endpoint;
    const received = { stranger: 0, plain: 0 };
    const listen = (name: keyof typeof received, sock: Subscriber) => {
      sock.connect(endpoint);
      sock.subscribe();
      void (async () => {
        for await (const _ of sock) received[name]++;
      })().catch(() => undefined);
      return sock;
    };
    const keys = newKeyPair();
    const s1 = new Subscriber({ linger: 0, curveServerKey: readKey(server.publicFile), curvePublicKey: keys.publicKey, curveSecretKey: keys.secretKey });
    listen("stranger", s1);
    const s2 = listen("plain", new Subscriber({ linger: 0 }));
    await until(() => zapCounts("feed").denied >= 1, "the stranger's refused handshake");
    const f = recordingFactory();
    const report = await runLive(
      { connect: endpoint, strategy: STRATEGY, exitOnEos: true, curveKey: client.secretFile, curveServer: server.publicFile },
      {}, undefined, f,
    );
    const fr = await feed.done;
    s1.close();
    s2.close();
    expect(report.live.applied).toBe(2148);
    expect(fr.subscribers).toBe(1);
    expect(received).toEqual({ stranger: 0, plain: 0 });
    expect(zapCounts("feed").allowed).toBeGreaterThanOrEqual(1);
  });

  it("guards the decision socket the same way", async () => {
    const pub = await WirePublisher.bind("tcp://127.0.0.1:0", { encoding: "binary", heartbeatMs: 0, noDrop: true });
    const bars = await barMessages(GOOG, pub.pub);
    const f = recordingFactory();
    const ctl = new AbortController();
    let publishAt!: (e: string) => void;
    const publishEndpoint = new Promise<string>((r) => (publishAt = r));
    const live = runLive(
      {
        connect: pub.endpoint, strategy: STRATEGY, symbols: ["GOOG"], publish: "tcp://127.0.0.1:0",
        publishCurve: { key: out.secretFile, allow: [client.publicFile] },
      },
      { ready: (i) => publishAt(i.publish!) },
      ctl.signal,
      f,
    );
    const endpoint = await publishEndpoint;
    const got = { client: 0, stranger: 0 };
    const heartbeats = { client: 0, stranger: 0 };
    const sub = (name: keyof typeof got, pair: { publicKey: string; secretKey: string }) => {
      const s = new Subscriber({ linger: 0, curveServerKey: readKey(out.publicFile), curvePublicKey: pair.publicKey, curveSecretKey: pair.secretKey });
      s.connect(endpoint);
      s.subscribe("signal.", "ctl.");
      void (async () => {
        for await (const [topic] of s) {
          if (topic.toString().startsWith("signal.")) got[name]++;
          else heartbeats[name]++;
        }
      })().catch(() => undefined);
      return s;
    };
    const a = sub("client", readPair(client.secretFile));
    const b = sub("stranger", readPair(stranger.secretFile));
    // A heartbeat at the client proves its subscriptions are in place before any decision is made.
    await until(() => zapCounts("live-publish").denied >= 1 && heartbeats.client >= 1, () => `the refused handshake and the client's first heartbeat: ${JSON.stringify({ heartbeats, zap: zapCounts("live-publish") })}`);
    await pub.waitSubscribers(1);
    for (const x of bars) pub.publishBar(x.symbol, x.ts, x.open, x.high, x.low, x.close, x.volume);
    const ups = bars.filter((x) => x.close > x.open).length; // the recording engine signals each up bar
    await until(() => got.client === ups, () => `every decision at the allowed client: ${JSON.stringify({ got, ups, heartbeats })}`);
    ctl.abort();
    const report = await live;
    a.close();
    b.close();
    await pub.close();
    expect(report.live).toMatchObject({ applied: 2148, events: ups, gaps: { count: 0 } });
    expect(got).toEqual({ client: ups, stranger: 0 });
    expect(heartbeats.stranger).toBe(0);
    expect(report.live.auth_denied).toBeGreaterThanOrEqual(1);
  });
});
