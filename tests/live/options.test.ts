/** runLive refuses options that contradict its state file, before opening any socket. */
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

import { describe, expect, it } from "vitest";

import { runLive } from "../../src/live/run.js";
import { sealState, specHash, STATE_FORMAT, STATE_VERSION, type LiveState } from "../../src/live/session/state.js";
import { EXAMPLES } from "../helpers.js";
import { recordingFactory } from "./double.js";

const SMA = `${EXAMPLES}/strategies/sma_cross.json`;
const RISK = `${EXAMPLES}/strategies/sma_cross_risk.json`;

function stateFile(): string {
  const file = join(mkdtempSync(join(tmpdir(), "barstream-opts-")), "run.state");
  writeFileSync(file, sealState({
    format: STATE_FORMAT, version: STATE_VERSION, saved_at: "2026-01-01T00:00:00.000Z",
    strategy: { file: SMA, name: "sma_cross", sha256: specHash(readFileSync(SMA, "utf8")) },
    symbols: ["GOOG"], config: { cash: 10_000, commission: 0.001, commissionFixed: 0, slippage: 0, fill: "next_open", ambiguity: "stop_first" },
    sequences: {}, totals: { received: 0, applied: 0, bursts: 0, events: 0, rejected: {} }, history_bytes: 0, engine: "{}",
  } as unknown as LiveState));
  return file;
}

const live = (o: Parameters<typeof runLive>[0]) => runLive(o, {}, undefined, recordingFactory());
const EP = "tcp://127.0.0.1:9"; // never reached: every case fails before connecting

describe("runLive options", () => {
  it("needs a strategy or a state file", async () => {
    await expect(live({ connect: EP })).rejects.toThrow("--strategy is required (or --state of an earlier run to resume)");
  });

  it("refuses a state file made by another strategy, other settings or another universe", async () => {
    const state = stateFile();
    await expect(live({ connect: EP, state, strategy: RISK })).rejects.toThrow(/was written by strategy .*sma_cross\.json \(sma_cross\), not .*sma_cross_risk\.json/);
    await expect(live({ connect: EP, state, commission: 0.002 })).rejects.toThrow("--commission 0.002 differs from the state file's 0.001");
    await expect(live({ connect: EP, state, symbols: ["AAPL"] })).rejects.toThrow("--symbols AAPL differ from the state file's GOOG");
  });

  it("checks ranges and names the flag", async () => {
    await expect(live({ connect: EP, strategy: SMA, maxBurst: 0 })).rejects.toThrow("--max-burst: expected a positive integer, got 0");
    await expect(live({ connect: EP, strategy: SMA, commission: 0.7 })).rejects.toThrow("--commission: expected a fraction in [0, 0.5), e.g. 0.002 for 0.2%, got 0.7");
    await expect(live({ connect: EP, strategy: SMA, curveKey: "k" })).rejects.toThrow(/--curve-key and --curve-server together/);
  });
});
