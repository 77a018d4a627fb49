/** The candidates file contract: exact line format, round trip, and errors that name the line and field. */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

import { afterAll, describe, expect, it } from "vitest";

import { candidateLine, makeCandidate, parseCandidateLine, readCandidates, writeCandidates } from "../../src/scan/candidates.js";

const dir = mkdtempSync(join(tmpdir(), "candidates-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The example line of the contract (docs/scan.md, the focused-replay brief), verbatim. */
const CONTRACT =
  '{"symbol":"AAPL","ts":"2016-03-01T00:00:00.000Z","ts_ns":"1456790400000000000","side":"long","score":2.5,"reasons":["sma_cross_up","donchian_breakout_up"]}';

describe("candidates JSONL", () => {
  it("writes the contract's line byte for byte", () => {
    const c = makeCandidate("AAPL", 1456790400000000000n, "long", 2.5, ["sma_cross_up", "donchian_breakout_up"]);
    expect(candidateLine(c)).toBe(CONTRACT);
    expect(parseCandidateLine(CONTRACT, "x")).toEqual(c);
  });

  it("round-trips through a file and keeps nanoseconds exact", async () => {
    const cs = [
      makeCandidate("AAPL", 1456790400000000000n, "long", 2.5, ["sma_cross_up"]),
      makeCandidate("AAPL", 1456790400123456789n, "short", 1, ["rsi_overbought"]),
      makeCandidate("MSFT", 1400000000000000000n, "long", 3, ["gap_up", "atr_regime_low"]),
    ];
    const file = join(dir, "ok.jsonl");
    await writeCandidates(file, cs);
    const back = await readCandidates(file);
    expect(back).toEqual(cs);
    expect(back[1]!.ts_ns).toBe("1456790400123456789");
  });

  it.each([
    ["not json", "x line 1: not JSON"],
    ['{"symbol":"","ts":"a","ts_ns":"1","side":"long","score":1,"reasons":["r"]}', "x line 1: field 'symbol' must be a non-empty string"],
    ['{"symbol":"A","ts":"a","ts_ns":"1.5","side":"long","score":1,"reasons":["r"]}', "x line 1: field 'ts_ns' must be a decimal string"],
    ['{"symbol":"A","ts":"2016-03-01T00:00:00Z","ts_ns":"1456790400000000000","side":"long","score":1,"reasons":["r"]}', "x line 1: field 'ts' must be the ISO-8601 UTC form of ts_ns (2016-03-01T00:00:00.000Z)"],
    ['{"symbol":"A","ts":"1970-01-01T00:00:00.000Z","ts_ns":"1","side":"buy","score":1,"reasons":["r"]}', "x line 1: field 'side' must be \"long\" or \"short\""],
    ['{"symbol":"A","ts":"1970-01-01T00:00:00.000Z","ts_ns":"1","side":"long","score":null,"reasons":["r"]}', "x line 1: field 'score' must be a finite number"],
    ['{"symbol":"A","ts":"1970-01-01T00:00:00.000Z","ts_ns":"1","side":"long","score":1,"reasons":[]}', "x line 1: field 'reasons' must be a non-empty array"],
    ['{"symbol":"A","ts":"1970-01-01T00:00:00.000Z","ts_ns":"1","side":"long","score":1,"reasons":["r"],"x":1}', "x line 1: unknown field(s) x"],
  ])("rejects a bad line: %s", (line, message) => {
    expect(() => parseCandidateLine(line, "x line 1")).toThrow(message);
  });

  it("rejects lines out of symbol-then-time order, naming the line", async () => {
    const file = join(dir, "order.jsonl");
    const a = makeCandidate("MSFT", 2n, "long", 1, ["gap_up"]);
    const b = makeCandidate("AAPL", 1n, "long", 1, ["gap_up"]);
    writeFileSync(file, `${candidateLine(a)}\n\n${candidateLine(b)}\n`);
    await expect(readCandidates(file)).rejects.toThrow(`${file} line 3: out of order (AAPL 1970-01-01T00:00:00.000Z after MSFT`);
  });
});
