/**
 * `feed` stops on SIGINT/SIGTERM in every phase: while loading (it used to print "stopping" and
 * then wait for subscribers forever, because the abort had fired before the wait listened for
 * it), while waiting for subscribers, and while streaming. Timeouts here are hang guards only.
 */
import { resolve } from "node:path";

import { describe, expect, it } from "vitest";

import { runFeed } from "../../src/feed/run.js";
import type { FeedPhase } from "../../src/types/live.js";
import { RAW } from "../helpers.js";
import { GOOG } from "./fixtures.js";
import { start, type Proc } from "./procs.js";

/** A hang guard: `p`, or a failure naming `what` after `ms` (never a pass). */
async function within<T>(p: Promise<T>, what: string, ms = 60_000, proc?: Proc): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const guard = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      proc?.child.kill("SIGKILL");
      reject(new Error(`hang: ${what} did not finish within ${ms} ms${proc ? `\n${proc.stderr()}` : ""}`));
    }, ms);
  });
  try {
    return await Promise.race([p, guard]);
  } finally {
    clearTimeout(timer);
  }
}

describe("runFeed stops in every phase", () => {
  it("returns at once, nothing bound, when the signal has already fired before loading", async () => {
    const r = await within(runFeed({ data: GOOG, bind: "tcp://127.0.0.1:0" }, {}, AbortSignal.abort("SIGINT")), "runFeed with an aborted signal");
    expect(r).toMatchObject({ bars: 0, interrupted: true, stoppedIn: "loading", subscribers: 0 });
  });

  it("stops in the phase the signal arrives in, and sends no bar before streaming", async () => {
    for (const at of ["loading", "waiting"] as const) {
      const ctl = new AbortController();
      const phases: FeedPhase[] = [];
      const r = await within(
        runFeed({ data: GOOG, bind: "tcp://127.0.0.1:0", waitSubscribers: 1 }, { phase: (p) => (phases.push(p), p === at && ctl.abort("SIGTERM")) }, ctl.signal),
        `runFeed aborted while ${at}`,
      );
      expect(r).toMatchObject({ bars: 0, interrupted: true, stoppedIn: at });
      expect(phases).toEqual(at === "loading" ? ["loading"] : ["loading", "waiting"]);
    }
  });
});

describe("barstream feed on a stop signal (real process)", () => {
  it("SIGINT while loading: exits 0 promptly, saying what was cut short", async () => {
    // Five hundred files: the load takes long enough that the signal usually lands in it. When the
    // load wins the race, the feed is waiting for a subscriber; either way it must exit, not hang.
    const feed = start(["feed", "--data", resolve(RAW, "sp500_5yr"), "--skip-bad-rows", "--bind", "tcp://127.0.0.1:0"]);
    await feed.waitFor(/feed: loading /);
    feed.child.kill("SIGINT");
    expect(await within(feed.exited, "feed after SIGINT while loading", 60_000, feed), feed.stderr()).toBe(0);
    const err = feed.stderr();
    expect(err).toMatch(/SIGINT received, stopping \((the dataset is still loading|no bar sent yet)/);
    if (/still loading/.test(err)) {
      expect(err).toMatch(/feed: stopped while loading .*sp500_5yr; nothing was bound or sent/);
      expect(err).not.toMatch(/feed: bound/);
    } else expect(err).toMatch(/sent 0 bars .*interrupted/);
  });

  it("SIGINT while waiting for subscribers: end of stream, exit 0", async () => {
    const feed = start(["feed", "--data", GOOG, "--bind", "tcp://127.0.0.1:0", "--wait-subscribers", "2", "--json"]);
    await feed.waitFor(/feed: bound .*waiting for 2 subscriber/);
    feed.child.kill("SIGINT");
    expect(await within(feed.exited, "feed after SIGINT while waiting", 60_000, feed), feed.stderr()).toBe(0);
    expect(feed.stderr()).toMatch(/SIGINT received, stopping \(no bar sent yet: sending the end of stream/);
    expect(JSON.parse(feed.stdout())).toMatchObject({ bars: 0, interrupted: true, stoppedIn: "waiting" });
  });

  it("SIGTERM while streaming: stops after the bars sent so far, exit 0", async () => {
    const feed = start(["feed", "--data", GOOG, "--bind", "tcp://127.0.0.1:0", "--wait-subscribers", "0", "--rate", "50", "--json"]);
    await feed.waitFor(/feed: streaming 2,148 bars/);
    feed.child.kill("SIGTERM");
    expect(await within(feed.exited, "feed after SIGTERM while streaming", 60_000, feed), feed.stderr()).toBe(0);
    expect(feed.stderr()).toMatch(/SIGTERM received, stopping \(sending the end of stream after the bars sent so far\)/);
    const r = JSON.parse(feed.stdout());
    expect(r).toMatchObject({ interrupted: true, stoppedIn: "streaming" });
    expect(r.bars).toBeLessThan(2148);
  });
});
