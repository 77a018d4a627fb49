/**
 * `live` with a hostile period (issue 17, case 2): an SMA or a `highest` of 1e18 bars is refused
 * at start-up with the JSON path and the bound, exit 1 as any invalid strategy file, before it
 * connects. Before the fix the spec was accepted and the engine aborted on the feed's first bars
 * (SMA: "memory allocation failed", SIGABRT; highest: a "capacity overflow" panic).
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

import { afterAll, describe, expect, it } from "vitest";

import { GOOG } from "./fixtures.js";
import { start, startFeed } from "./procs.js";

const dir = mkdtempSync(join(tmpdir(), "barstream-live-periods-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("live refuses unbounded periods at start-up", () => {
  it.each([
    ["sma", "s"],
    ["highest", "h"],
  ])("%s with a period of 1e18", async (kind, name) => {
    const spec = join(dir, `${kind}.json`);
    // 1e18 written out: JSON.stringify would print it as the float 1e+18, a type error.
    writeFileSync(spec, `{"name": "huge", "indicators": {"${name}": {"kind": "${kind}", "period": 1000000000000000000}}, "entry_long": "close > ${name}"}`);
    // A real feed, so that a spec that got through would meet bars (as it did before the fix).
    const { feed, endpoint } = await startFeed(["--data", GOOG, "--rate", "2000"]);
    try {
      const live = start(["live", "--connect", endpoint, "--strategy", spec, "--symbols", "GOOG", "--exit-on-eos", "--json"]);
      const code = await live.exited;
      expect(code, live.stderr()).toBe(1);
      expect(live.stderr()).toContain(
        `strategy file ${spec}: indicators.${name}.period: must be a whole number of bars in 1..=1000000; got 1000000000000000000`,
      );
      expect(live.stderr()).not.toMatch(/panicked|memory allocation|capacity overflow/);
      expect(live.stdout()).toBe("");
    } finally {
      feed.child.kill("SIGTERM");
      await feed.exited;
    }
  });
});
