/**
 * Oversized frames are limited: a frame over `--max-frame-bytes` is dropped unread (never turned
 * into a string or parsed: three 200 MB frames took `live` to 1.34 GB before) and counted as
 * malformed (`oversized`); the run's result is otherwise the backtest's. Frames are 20 MB here to
 * keep the test light.
 */
import { describe, expect, it } from "vitest";
import { XPublisher } from "zeromq";

import { decodeFrames, encodeFrames, WireError, type BarMessage } from "../../src/live/wire/index.js";
import { EXAMPLES } from "../helpers.js";
import { barMessages, GOOG } from "./fixtures.js";
import { expectSameResult, run, start } from "./procs.js";

const SMA = `${EXAMPLES}/strategies/sma_cross.json`;
const MB20 = 20 * 1024 * 1024;

describe("decodeFrames with a frame limit", () => {
  it("refuses a frame over the limit as 'oversized' before reading it, topic or payload", () => {
    const bar: BarMessage = { type: "bar", pub: 1, seq: 1, symbol: "GOOG", ts: 1n, open: 1, high: 2, low: 1, close: 2, volume: 5 };
    const [topic, payload] = encodeFrames(bar, "json");
    const frames = [Buffer.from(topic), payload];
    expect(decodeFrames(frames, payload.length)).toMatchObject({ symbol: "GOOG", seq: 1 });
    for (const big of [[Buffer.alloc(5000, 0x62), payload], [Buffer.from(topic), Buffer.concat([payload, Buffer.alloc(5000, 0x20)])]]) {
      let err: unknown;
      try {
        decodeFrames(big, 4096);
      } catch (e) {
        err = e;
      }
      expect(err).toBeInstanceOf(WireError);
      expect((err as WireError).reason).toBe("oversized");
      expect((err as WireError).message).toMatch(/is 5\d{3} bytes, over --max-frame-bytes 4096/);
    }
  });
});

/** An XPUB on a free port and a `live` subscribed to it (GOOG, exits on end of stream). */
async function liveOnRawFeed(extra: string[] = []) {
  const pub = new XPublisher({ sendHighWaterMark: 0, linger: 1000 });
  await pub.bind("tcp://127.0.0.1:0");
  const live = start(["live", "--connect", pub.lastEndpoint!, "--strategy", SMA, "--symbols", "GOOG", "--exit-on-eos", "--json", "--quiet", ...extra]);
  await subscribed(pub);
  return { pub, live };
}

/** Resolves once the subscriber's subscriptions (bar.GOOG, ctl.) reached `pub`. */
async function subscribed(pub: XPublisher): Promise<void> {
  const subs: string[] = [];
  while (!subs.includes("ctl.")) subs.push((await pub.receive())[0].subarray(1).toString());
}

/** Three 20 MB frames: JSON-looking whitespace, a JSON bar with a 20 MB symbol, binary magic. */
const BIG = [
  ["bar.GOOG", Buffer.alloc(MB20, 0x20)],
  ["bar.GOOG", Buffer.concat([Buffer.from('{"v":1,"type":"bar","symbol":"'), Buffer.alloc(MB20, 0x41), Buffer.from('"}')])],
  ["ctl.hb", Buffer.alloc(MB20, 0xba)],
] as const;

describe("live with oversized frames (real process)", () => {
  it("counts three 20 MB frames as oversized and keeps the backtest's result", async () => {
    const { pub, live } = await liveOnRawFeed();
    const bars = await barMessages(GOOG, 77);
    for (const [i, b] of bars.entries()) {
      if (i === 1000) for (const frames of BIG) await pub.send([...frames]);
      await pub.send(encodeFrames({ ...b, seq: i + 1 }, i % 2 ? "json" : "binary"));
    }
    await pub.send(encodeFrames({ type: "eos", pub: 77, seq: 1, time: 0n, last: { "bar.GOOG": bars.length } }, "binary"));
    expect(await live.exited, live.stderr()).toBe(0);
    pub.close();
    const report = JSON.parse(live.stdout());
    expect(report.live.rejected).toEqual({ oversized: 3 });
    expect(report.live.applied).toBe(bars.length);
    expect(live.stderr()).toMatch(/rejected \[oversized\]: frame 2 of 2 is 20971520 bytes, over --max-frame-bytes 1048576/);
    expectSameResult(report, await run(["backtest", "--data", GOOG, "--strategy", SMA, "--json"]).then((r) => JSON.parse(r.stdout)));
  });
});
