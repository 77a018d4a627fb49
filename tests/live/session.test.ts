/**
 * The receive path without sockets: frames of real bars mixed with malformed, invalid,
 * repeated and out-of-order ones go through LiveSession into the recording engine, which
 * throws on any bar that breaks its contract. Only the good bars may reach it, in order,
 * and every rejection is counted under its reason.
 */
import { describe, expect, it } from "vitest";

import { LiveSession } from "../../src/live/session/session.js";
import type { RejectReason } from "../../src/types/live.js";
import { encodeFrames, type BarMessage, type WireMessage } from "../../src/live/wire/index.js";
import { recordingFactory } from "./double.js";
import { barMessages, CRYPTO, GOOG } from "./fixtures.js";

const framesOf = (m: WireMessage, enc: "json" | "binary"): Buffer[] => {
  const [t, p] = encodeFrames(m, enc);
  return [Buffer.from(t), p];
};

/** Deterministic PRNG (mulberry32) so the mix is the same on every run. */
function rng(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function session(symbols: string[], maxBurst = 64) {
  const f = recordingFactory();
  const engine = f.create("{}", {}, symbols);
  const gaps: number[] = [];
  const s = new LiveSession({ engine, eventKinds: f.eventKinds(), symbols, maxBurst, silenceMs: 60_000, hooks: { gap: (g) => gaps.push(g.size) } });
  return { s, engine: f.engines[0], gaps };
}

describe("LiveSession", () => {
  it("applies exactly the good bars of a feed salted with bad frames, and counts each bad one", async () => {
    const bars = await barMessages(CRYPTO, 11, ["ALGOUSDT", "AVAXUSDT"]);
    const symbols = ["ALGOUSDT", "AVAXUSDT"];
    const { s, engine } = session(symbols);
    const rand = rng(42);
    const injected: Partial<Record<RejectReason, number>> = {};
    const inject = (reason: RejectReason, f: Buffer[]) => {
      injected[reason] = (injected[reason] ?? 0) + 1;
      s.message(f);
    };
    const good: BarMessage[] = [];
    const seqs = new Map<string, number>();
    const seqOf = (sym: string) => (seqs.get(sym) ?? 0) + 1;
    for (const [i, b] of bars.entries()) {
      const r = rand();
      const enc = i % 2 ? "json" : "binary";
      const next = { ...b, seq: seqOf(b.symbol) };
      // Malformed or invalid messages use the next seq of their topic (the publisher sent them),
      // so they do not look like gaps; the good bar then follows with the seq after.
      const bad = (patch: Partial<BarMessage>) => {
        seqs.set(b.symbol, next.seq);
        return { ...next, ...patch };
      };
      if (r < 0.01) inject("not_finite", framesOf(bad({ close: NaN }), "binary"));
      else if (r < 0.02) inject("non_positive_price", framesOf(bad({ low: -b.low }), enc));
      else if (r < 0.03) inject("high_below_low", framesOf(bad({ high: b.low / 2 }), enc));
      else if (r < 0.04) {
        const seq = seqOf("FILUSDT");
        seqs.set("FILUSDT", seq);
        inject("unknown_symbol", framesOf({ ...b, symbol: "FILUSDT", seq }, enc));
      }
      else if (r < 0.05) inject("bad_json", [Buffer.from(`bar.${b.symbol}`), Buffer.from('{"v":1,"type":"ba')]);
      else if (r < 0.06) inject("wrong_size", [Buffer.from(`bar.${b.symbol}`), framesOf(next, "binary")[1].subarray(0, 60)]);
      else if (r < 0.07) inject("bad_topic", [Buffer.from("quote.X"), Buffer.from("{}")]);
      const m = { ...b, seq: seqOf(b.symbol) };
      seqs.set(b.symbol, m.seq);
      s.message(framesOf(m, enc));
      good.push(m);
      if (r > 0.98 && good.length > 1) {
        // the same bar again with a fresh seq: a duplicate bar, not a repeated message
        const dup = { ...m, seq: seqOf(b.symbol) };
        seqs.set(b.symbol, dup.seq);
        inject("duplicate_ts", framesOf(dup, enc));
      }
      if (r > 0.97 && r <= 0.98) {
        const prev = good.find((g) => g.symbol === b.symbol && g.ts < b.ts);
        if (prev) {
          const back = { ...prev, seq: seqOf(b.symbol) };
          seqs.set(b.symbol, back.seq);
          inject("backwards_ts", framesOf(back, enc));
        }
      }
      if (r > 0.96 && r <= 0.97) inject("stale_seq", framesOf(m, enc)); // the same message delivered twice
      if (i % 97 === 96) s.flush();
    }
    s.flush();
    expect(engine.bars.map((x) => [x.symbol, x.ts, x.close])).toEqual(good.map((x) => [x.symbol, x.ts, x.close]));
    const counted = Object.fromEntries(Object.entries(s.totals.rejected).filter(([, n]) => n > 0));
    expect(counted).toEqual(injected);
    expect(Object.keys(injected).sort()).toEqual([
      "backwards_ts", "bad_json", "bad_topic", "duplicate_ts", "high_below_low", "non_positive_price", "not_finite", "stale_seq", "unknown_symbol", "wrong_size",
    ]);
    expect(s.totals.applied).toBe(good.length);
    expect(s.tracker.gaps).toBe(0);
    expect(Math.max(...engine.bursts)).toBeLessThanOrEqual(64);
    expect(s.totals.events).toBe(good.filter((g) => g.close > g.open).length);
  });

  it("reports dropped messages as gaps with their size and still applies what arrived", async () => {
    const bars = await barMessages(GOOG);
    const { s, engine, gaps } = session(["GOOG"]);
    const dropped = new Set([10, 11, 12, 500, 2000, 2001, 2002, 2003, 2004]);
    for (const [i, b] of bars.entries()) if (!dropped.has(i)) s.message(framesOf(b, "binary"));
    s.flush();
    expect(gaps).toEqual([3, 1, 5]);
    expect([s.tracker.gaps, s.tracker.missing]).toEqual([3, 9]);
    expect(engine.bars.length).toBe(2148 - 9);
  });

  it("takes the engine's last times back when it refuses a burst, and goes on", async () => {
    const bars = await barMessages(GOOG);
    const { s, engine } = session(["GOOG"]);
    for (const b of bars.slice(0, 10)) s.message(framesOf(b, "binary"));
    s.flush();
    // Make the engine refuse the next burst once.
    const push = engine.pushBars.bind(engine);
    let refused = false;
    engine.pushBars = (x) => {
      if (!refused) {
        refused = true;
        throw new Error("GOOG ts 1: refused");
      }
      return push(x);
    };
    for (const b of bars.slice(10, 20)) s.message(framesOf(b, "binary"));
    s.flush();
    expect(s.totals.rejected.engine_rejected).toBe(10);
    for (const b of bars.slice(10, 30)) s.message(framesOf({ ...b, seq: b.seq + 100 }, "binary"));
    s.flush();
    expect(engine.bars.length).toBe(30);
  });
});
