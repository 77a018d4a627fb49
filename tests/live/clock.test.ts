/**
 * The feed clock (issue 17 case 8): a bar dated far ahead of the feed is refused as
 * `future_ts` and moves nothing, so one bad timestamp cannot block its symbol for the
 * rest of the session or get saved in the state.
 */
import { readFileSync } from "node:fs";

import { describe, expect, it } from "vitest";

import { nativeEngineFactory } from "../../src/engine/live.js";
import { FeedClock, NS_PER_DAY } from "../../src/live/session/clock.js";
import { LiveSession } from "../../src/live/session/session.js";
import { BarValidator } from "../../src/live/session/validate.js";
import { runLive } from "../../src/live/run.js";
import { encodeFrames, type BarMessage } from "../../src/live/wire/index.js";
import { EXAMPLES } from "../helpers.js";
import { recordingFactory } from "./double.js";
import { barMessages, GOOG } from "./fixtures.js";

const SMA = `${EXAMPLES}/strategies/sma_cross.json`;
const TEN_YEARS = 3652n * NS_PER_DAY;
const bar = (ts: bigint): BarMessage => ({ type: "bar", pub: 1, seq: 1, symbol: "A", ts, open: 1, high: 1, low: 1, close: 1, volume: 1 });

/** Runs `bars` (seq renumbered) through a session on the native engine; the run's result and the session. */
function runSession(bars: BarMessage[], maxAheadDays?: number) {
  const f = nativeEngineFactory();
  const engine = f.create(readFileSync(SMA, "utf8"), { cash: 10_000, commission: 0.002 }, ["GOOG"]);
  const s = new LiveSession({ engine, eventKinds: f.eventKinds(), symbols: ["GOOG"], maxBurst: 64, silenceMs: 60_000, maxAheadDays });
  bars.forEach((b, i) => {
    const [t, p] = encodeFrames({ ...b, seq: i + 1 }, "binary");
    s.message([Buffer.from(t), p]);
  });
  s.flush();
  return { s, engine, result: engine.finishRun() };
}

describe("feed clock", () => {
  it("one GOOG bar dated 10 years ahead is counted as future_ts; the trades are those of the feed without it; it is not in the state", async () => {
    const bars = await barMessages(GOOG);
    const at = 500;
    const future = bars[at].ts + TEN_YEARS;
    const salted = [...bars.slice(0, at), { ...bars[at], ts: future }, ...bars.slice(at)];
    const clean = runSession(bars, 45);
    const got = runSession(salted, 45);
    expect(got.s.totals.rejected.future_ts).toBe(1);
    expect(got.s.totals.rejected.backwards_ts).toBe(0);
    expect(got.s.totals.applied).toBe(bars.length);
    expect(clean.result.trades.pnl.length).toBeGreaterThan(50);
    expect(got.result.trades).toEqual(clean.result.trades);
    expect(got.result.symbols).toEqual(clean.result.symbols);
    const state = got.engine.saveState();
    expect(state).not.toContain(String(future));
    expect(state).toBe(clean.engine.saveState());
    // Without the limit (what main did), the bar blocks the symbol: every later bar is out of order.
    const open = runSession(salted);
    expect(open.s.totals.rejected.backwards_ts).toBe(bars.length - at);
    expect(open.result.trades.pnl.length).toBeLessThan(clean.result.trades.pnl.length);
  });

  it("uses the latest accepted bar, or before the first the later of the wall clock and the resumed state", () => {
    const day = NS_PER_DAY;
    const wall = 1000n * day;
    const fresh = new FeedClock(45, undefined, () => wall);
    expect(fresh.tooFarAhead(wall + 45n * day)).toBe(false); // exactly the limit is allowed
    expect(fresh.tooFarAhead(wall + 45n * day + 1n)).toBe(true);
    fresh.advance(10n * day); // an old (replayed) bar: from now on the feed's time counts
    expect(fresh.tooFarAhead(56n * day)).toBe(true);
    expect(fresh.tooFarAhead(55n * day)).toBe(false);
    fresh.advance(5n * day); // the clock never goes back
    expect(fresh.now()).toBe(10n * day);
    // A resume after a pause: the state's last bar is old, the wall clock is the reference.
    expect(new FeedClock(45, 10n * day, () => wall).now()).toBe(wall);
    expect(new FeedClock(45, 2000n * day, () => wall).now()).toBe(2000n * day);
    expect(new FeedClock(0.5, undefined, () => 0n).tooFarAhead(day / 2n + 1n)).toBe(true);
  });

  it("the validator checks the clock after the order rules and only accepted bars advance it", () => {
    const day = NS_PER_DAY;
    const v = new BarValidator(["A"], undefined, new FeedClock(1, undefined, () => 0n));
    expect(v.accept(bar(day))).toBe(0);
    expect(v.accept(bar(3n * day))).toBe("future_ts");
    expect(v.lastTs[0]).toBe(day);
    expect(v.accept(bar(2n * day))).toBe(0);
    expect(v.accept(bar(day))).toBe("backwards_ts");
  });

  it("refuses a bad --max-ahead-days before connecting", async () => {
    const live = (maxAheadDays: number) => runLive({ connect: "tcp://127.0.0.1:9", strategy: SMA, maxAheadDays }, {}, undefined, recordingFactory());
    for (const bad of [0, -1, Number.NaN, Number.POSITIVE_INFINITY]) {
      await expect(live(bad)).rejects.toThrow(/^--max-ahead-days: expected a number of days > 0 and <= 36500, got /);
    }
    await expect(live(0)).rejects.toHaveProperty("name", "UsageError");
  });
});
