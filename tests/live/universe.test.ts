/** Messages that arrive before the feed names its universe are kept and replayed in order. */
import { describe, expect, it } from "vitest";

import type { BurstSink } from "../../src/live/transport/subscriber.js";
import { UniverseGate } from "../../src/live/session/universe.js";
import { encodeFrames, type WireMessage } from "../../src/live/wire/index.js";
import { barMessages, GOOG } from "./fixtures.js";

const framesOf = (m: WireMessage): Buffer[] => {
  const [t, p] = encodeFrames(m, "binary");
  return [Buffer.from(t), p];
};

describe("UniverseGate", () => {
  it("starts the session on the first heartbeat with symbols and replays what came before it", async () => {
    const bars = (await barMessages(GOOG)).slice(0, 50);
    const seen: string[] = [];
    let started: string[] | undefined;
    const sink: BurstSink = { message: (f) => seen.push(f[0].toString()), flush: () => seen.push("flush") };
    const gate = new UniverseGate((symbols) => ((started = symbols), sink));
    for (const b of bars.slice(0, 10)) gate.message(framesOf(b));
    gate.message([Buffer.from("bar.GOOG"), Buffer.from("not a payload")]);
    gate.message(framesOf({ type: "heartbeat", pub: 7, seq: 1, time: 0n, intervalMs: 1000, symbols: [] })); // names nothing
    gate.flush();
    expect([gate.ready, started, seen]).toEqual([false, undefined, []]);
    gate.message(framesOf({ type: "heartbeat", pub: 7, seq: 2, time: 0n, intervalMs: 1000, symbols: ["GOOG"] }));
    expect(started).toEqual(["GOOG"]);
    for (const b of bars.slice(10)) gate.message(framesOf(b));
    gate.flush();
    expect(seen.length).toBe(10 + 1 + 2 + 40 + 1); // every message, in arrival order, then the flush
    expect(seen.slice(10, 13)).toEqual(["bar.GOOG", "ctl.hb", "ctl.hb"]);
    expect(seen.at(-1)).toBe("flush");
  });

  it("starts at once when the universe is known", () => {
    let calls = 0;
    const gate = new UniverseGate(() => (calls++, { message: () => undefined, flush: () => undefined }), ["A"]);
    expect([gate.ready, calls]).toEqual([true, 1]);
  });
});
