/**
 * Reliability of `live`, real processes on tcp loopback: SIGINT drains and reports,
 * SIGKILL + restart on the same state file converges to the uninterrupted result, bad
 * frames never reach the engine, and CURVE keeps an unauthorised subscriber out (and tells it so).
 * Golden values: `backtest` on the same bars.
 */
import { existsSync, mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

import { describe, expect, it } from "vitest";
import { XPublisher } from "zeromq";

import { encodeFrames, type BarMessage, type WireMessage } from "../../src/live/wire/index.js";
import { EXAMPLES } from "../helpers.js";
import { barMessages, CRYPTO, GOOG } from "./fixtures.js";
import { expectSameResult, run, start, startFeed } from "./procs.js";

const RISK = `${EXAMPLES}/strategies/sma_cross_risk.json`;
const SMA = `${EXAMPLES}/strategies/sma_cross.json`;
const tmp = () => mkdtempSync(join(tmpdir(), "barstream-live-"));

/** Polls `cond` every 20 ms (for a file another process writes; nothing to await on). */
async function until(cond: () => boolean, what: string, ms = 60_000): Promise<void> {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** `totals.applied` of a state file, 0 while it does not exist or is being replaced. */
function appliedIn(file: string): number {
  try {
    return (JSON.parse(readFileSync(file, "utf8")) as { totals: { applied: number } }).totals.applied;
  } catch {
    return 0;
  }
}

const backtest = async (args: string[]) => JSON.parse((await run(["backtest", ...args, "--json"])).stdout);

describe("live reliability (real CLI processes)", () => {
  it("SIGINT: drains, writes the final state and the report, exits 0; the report is the backtest up to the last bar", async () => {
    const dir = tmp();
    const state = join(dir, "run.state");
    const { feed, endpoint } = await startFeed(["--data", CRYPTO, "--rate", "5000"]);
    const live = start(["live", "--connect", endpoint, "--strategy", RISK, "--state", state, "--checkpoint-ms", "100", "--json", "--quiet"]);
    await until(() => appliedIn(state) > 5000, "a checkpoint past 5,000 bars");
    live.child.kill("SIGINT");
    expect(await live.exited, live.stderr()).toBe(0);
    feed.child.kill("SIGTERM");
    expect(await feed.exited).toBe(0);
    expect(live.stderr()).toContain("SIGINT received, stopping");
    const report = JSON.parse(live.stdout());
    expect(report.live.applied).toBeGreaterThan(5000);
    expect(report.live.applied).toBeLessThan(201_600);
    expect(report.live.rejected).toEqual({});
    expect(appliedIn(state)).toBe(report.live.applied); // the final state holds every applied bar
    // Each symbol's report equals a backtest of that symbol up to its last applied bar.
    for (const s of report.symbols as Array<{ symbol: string; last_time: string }>) {
      const bt = await backtest(["--data", CRYPTO, "--strategy", RISK, "--symbols", s.symbol, "--end", s.last_time]);
      const mine = { ...report, trades: report.trades.filter((t: { symbol: string }) => t.symbol === s.symbol), open_trades: report.open_trades.filter((t: { symbol: string }) => t.symbol === s.symbol), symbols: report.symbols.filter((x: { symbol: string }) => x.symbol === s.symbol), equity: report.equity.filter((e: { symbol: string }) => e.symbol === s.symbol), universe: bt.universe };
      expectSameResult(mine, bt);
    }
  });

  it("SIGKILL mid-stream, then a restart on the same state file and a replay of the feed: the trades of an uninterrupted run", async () => {
    const dir = tmp();
    const state = join(dir, "run.state");
    const costs = ["--commission", "0.001", "--cash", "5000"];
    const first = await startFeed(["--data", CRYPTO, "--rate", "20000"]);
    const live1 = start(["live", "--connect", first.endpoint, "--strategy", RISK, ...costs, "--state", state, "--checkpoint-ms", "100", "--quiet"]);
    await until(() => appliedIn(state) > 40_000, "a checkpoint past 40,000 bars");
    live1.child.kill("SIGKILL");
    expect(await live1.exited).toBe("SIGKILL");
    first.feed.child.kill("SIGTERM");
    await first.feed.exited;
    const saved = appliedIn(state);
    expect(saved).toBeGreaterThan(40_000);
    expect(saved).toBeLessThan(201_600);

    // Same state file, the whole feed again: bars up to each symbol's last checkpointed bar are duplicates.
    const second = await startFeed(["--data", CRYPTO, "--no-drop"]);
    const live2 = start(["live", "--connect", second.endpoint, "--state", state, "--exit-on-eos", "--json", "--quiet"]);
    expect(await live2.exited, live2.stderr()).toBe(0);
    await second.feed.exited;
    expect(live2.stderr()).toMatch(/resumed from .*run\.state: \d+ bars applied before/);
    const report = JSON.parse(live2.stdout());
    expect(report.live.resumed).toBe(true);
    expect(report.live.applied).toBe(201_600);
    expect(report.live.rejected.duplicate_ts).toBe(saved); // exactly the bars the checkpoint already held
    expectSameResult(report, await backtest(["--data", CRYPTO, "--strategy", RISK, ...costs]));
  });

  it("counts malformed, invalid, repeated and out-of-order frames and keeps them from the engine", async () => {
    const pub = new XPublisher({ sendHighWaterMark: 0, linger: 1000 });
    await pub.bind("tcp://127.0.0.1:0");
    const endpoint = pub.lastEndpoint!;
    const live = start(["live", "--connect", endpoint, "--strategy", SMA, "--symbols", "GOOG", "--commission", "0.002", "--exit-on-eos", "--json", "--quiet"]);
    const subs: string[] = [];
    while (!subs.includes("ctl.")) subs.push((await pub.receive())[0].subarray(1).toString()); // live's subscriptions are in place
    expect(subs).toContain("bar.GOOG");
    const send = async (m: WireMessage, enc: "json" | "binary" = "binary") => pub.send(encodeFrames(m, enc));
    const raw = async (topic: string, payload: Buffer | string) => pub.send([topic, payload]);
    const bars = await barMessages(GOOG, 77);
    let seq = 0;
    let otherSeq = 0;
    const next = (b: BarMessage, patch: Partial<BarMessage> = {}): BarMessage => ({ ...b, ...patch, seq: ++seq });
    const injected: Record<string, number> = {};
    const bad = (reason: string) => (injected[reason] = (injected[reason] ?? 0) + 1);
    for (const [i, b] of bars.entries()) {
      if (i % 100 === 3) {
        await raw("bar.GOOG", '{"v":1,"type":"bar","pub":77,'); bad("bad_json");
        await raw("bar.GOOG", encodeFrames({ ...b, seq: seq + 1 }, "binary")[1].subarray(0, 40)); bad("wrong_size"); // its seq cannot be read, so it must not use one

        await send(next(b, { close: NaN })); bad("not_finite");
        await send(next(b, { low: -1 }), "json"); bad("non_positive_price");
        await send(next(b, { high: b.low * 0.9 })); bad("high_below_low");
        await send({ ...b, symbol: "GOOGL", seq: ++otherSeq }); bad("unknown_symbol"); // bar.GOOGL passes the bar.GOOG prefix filter
      }
      const m = next(b);
      await send(m, i % 2 ? "json" : "binary");
      if (i % 100 === 50) {
        await send(m); bad("stale_seq"); // the same message twice
        await send(next(b)); bad("duplicate_ts"); // the same bar again
        if (i > 0) { await send(next(bars[i - 1])); bad("backwards_ts"); }
      }
    }
    await send({ type: "eos", pub: 77, seq: 1, time: 0n, last: { "bar.GOOG": seq } });
    expect(await live.exited, live.stderr()).toBe(0);
    pub.close();
    const report = JSON.parse(live.stdout());
    expect(report.live.rejected).toEqual(injected);
    expect(report.live.gaps.count).toBe(0);
    expect(live.stderr()).toMatch(/rejected \[bad_json\]: payload is not JSON/);
    expectSameResult(report, await backtest(["--data", GOOG, "--strategy", SMA, "--commission", "0.002"]));
  });

  it("CURVE: the allowed trader gets the feed; a client with another key is refused (exit 1) and receives nothing", async () => {
    const dir = tmp();
    for (const name of ["feed", "trader", "stranger"]) await run(["keygen", name, "--dir", dir]);
    expect(readFileSync(join(dir, "feed"), "utf8")).not.toContain("secret-key");
    expect(existsSync(join(dir, "feed_secret"))).toBe(true);
    const { feed, endpoint } = await startFeed(["--data", GOOG, "--no-drop", "--curve-key", join(dir, "feed_secret"), "--curve-allow", join(dir, "trader")]);
    const curve = (who: string) => ["--curve-key", join(dir, `${who}_secret`), "--curve-server", join(dir, "feed")];
    const stranger = start(["live", "--connect", endpoint, "--strategy", SMA, "--symbols", "GOOG", "--json", "--quiet", ...curve("stranger")]);
    // The stranger used to wait for bars forever ("feed silent"); the refused handshake now ends it.
    expect(await stranger.exited, stranger.stderr()).toBe(1);
    expect(stranger.stderr()).toMatch(/authentication failed: .* refused this client's CURVE key/);
    const trader = start(["live", "--connect", endpoint, "--strategy", SMA, "--exit-on-eos", "--json", "--quiet", ...curve("trader")]);
    expect(await trader.exited, trader.stderr()).toBe(0);
    expect(await feed.exited).toBe(0);
    expect(JSON.parse(trader.stdout()).live).toMatchObject({ applied: 2148, eos: true });
    expect(stranger.stdout()).toBe("");
    expect(feed.stderr()).toMatch(/end of stream sent to 1 subscriber/);
  });
});
