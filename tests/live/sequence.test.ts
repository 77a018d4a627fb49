/** Sequence gaps per (publisher, topic) and the silent-feed watchdog. */
import { describe, expect, it } from "vitest";

import { SequenceTracker, SilenceWatch } from "../../src/live/session/sequence.js";

describe("SequenceTracker", () => {
  it("reports each hole with its size, per topic", () => {
    const t = new SequenceTracker();
    expect(t.observe("bar.A", 1, 1)).toBe("ok");
    expect(t.observe("bar.B", 1, 1)).toBe("ok");
    expect(t.observe("bar.A", 1, 2)).toBe("ok");
    expect(t.observe("bar.A", 1, 7)).toMatchObject({ topic: "bar.A", pub: 1, after: 2, size: 4 });
    expect(t.observe("bar.B", 1, 2)).toBe("ok"); // B's stream is its own
    expect(t.observe("bar.B", 1, 4)).toMatchObject({ topic: "bar.B", after: 2, size: 1 });
    expect([t.gaps, t.missing]).toEqual([2, 5]);
  });

  it("drops repeats as stale and treats a new publisher id as a new stream", () => {
    const t = new SequenceTracker();
    t.observe("bar.A", 1, 5); // joined late: no gap for what came before
    expect(t.observe("bar.A", 1, 5)).toBe("stale");
    expect(t.observe("bar.A", 1, 3)).toBe("stale");
    expect(t.observe("bar.A", 2, 1)).toBe("ok");
    expect(t.observe("bar.A", 2, 2)).toBe("ok");
    expect([t.gaps, t.stale, t.newStreams]).toEqual([0, 2, 1]);
  });

  it("finds drops at the tail from the end-of-stream counts, only for streams it follows", () => {
    const t = new SequenceTracker();
    t.observe("bar.A", 9, 1);
    t.observe("bar.A", 9, 2);
    t.observe("bar.B", 9, 3);
    const tail = t.checkTail(9, { "bar.A": 5, "bar.B": 3, "bar.C": 10 });
    expect(tail.map((g) => [g.topic, g.after, g.size])).toEqual([["bar.A", 2, 3]]);
    expect(t.checkTail(8, { "bar.A": 50 })).toEqual([]);
    expect([t.gaps, t.missing]).toEqual([1, 3]);
  });

  it("continues from saved positions: a restart on the same feed sees what it missed", () => {
    const a = new SequenceTracker();
    a.observe("bar.A", 4, 1);
    a.observe("bar.A", 4, 2);
    const b = new SequenceTracker(JSON.parse(JSON.stringify(a.positions())));
    expect(b.observe("bar.A", 4, 10)).toMatchObject({ after: 2, size: 7 });
  });
});

describe("SilenceWatch", () => {
  it("reports a silence once when it passes the timeout, and its length when the feed comes back", () => {
    const w = new SilenceWatch(1000, 0);
    expect(w.check(1000)).toBeUndefined();
    expect(w.check(1001)).toBe(1001);
    expect(w.silent).toBe(true);
    expect(w.check(5000)).toBeUndefined();
    expect(w.touch(6000)).toBe(6000);
    expect(w.silent).toBe(false);
    expect(w.touch(6001)).toBeUndefined();
    expect(w.check(7500)).toBe(1499);
    expect(w.silences).toBe(2);
  });
});
