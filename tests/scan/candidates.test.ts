/**
 * The candidates file contract (the one reader used by `scan` tests and focused replay): exact line format,
 * round trip, the reading rules (ts_ns preferred, ts alone accepted, both must agree, unknown keys rejected,
 * order checked only on request) and a CandidateError naming file, line and field for every bad line.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

import { afterAll, describe, expect, it } from "vitest";

import { CandidateError, candidateLine, makeCandidate, parseCandidateLine, readCandidates, writeCandidates } from "../../src/index.js";

const dir = mkdtempSync(join(tmpdir(), "candidates-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

let n = 0;
function file(text: string): string {
  const f = join(dir, `c${n++}.jsonl`);
  writeFileSync(f, text);
  return f;
}

/** The example line of the contract (docs/scan.md, the focused-replay brief), verbatim. */
const CONTRACT =
  '{"symbol":"AAPL","ts":"2016-03-01T00:00:00.000Z","ts_ns":"1456790400000000000","side":"long","score":2.5,"reasons":["sma_cross_up","donchian_breakout_up"]}';
/** 2016-03-01T00:00:00Z in UTC ns: 16,861 days after 1970-01-01 times 86,400 s (date -u -d 2016-03-01 +%s = 1456790400). */
const MAR_01_2016 = 1456790400000000000n;

/** The error `readCandidates` raises for a file whose only line is `line`. */
async function error(line: string): Promise<CandidateError> {
  const f = file(`${line}\n`);
  const err = await readCandidates(f).catch((e: unknown) => e);
  expect(err).toBeInstanceOf(CandidateError);
  expect((err as CandidateError).file).toBe(f);
  expect((err as CandidateError).line).toBe(1);
  return err as CandidateError;
}

describe("candidates JSONL", () => {
  it("writes the contract's line byte for byte and parses it back", () => {
    const c = makeCandidate("AAPL", MAR_01_2016, "long", 2.5, ["sma_cross_up", "donchian_breakout_up"]);
    expect(candidateLine(c)).toBe(CONTRACT);
    expect(parseCandidateLine(CONTRACT, "x", 1)).toEqual(c);
  });

  it("round-trips through a file and keeps nanoseconds exact", async () => {
    const cs = [
      makeCandidate("AAPL", MAR_01_2016, "long", 2.5, ["sma_cross_up"]),
      makeCandidate("AAPL", 1456790400123456789n, "short", 1, ["rsi_overbought"]),
      makeCandidate("MSFT", 1400000000000000000n, "long", 3, ["gap_up", "atr_regime_low"]),
    ];
    const f = join(dir, "ok.jsonl");
    await writeCandidates(f, cs);
    const back = await readCandidates(f, { sorted: true });
    expect(back).toEqual(cs);
    expect(back[1]!.ts_ns).toBe("1456790400123456789");
  });

  it("skips blank lines, reads \\r\\n endings, and gives one candidate per non-blank line", async () => {
    const back = await readCandidates(file(`\n${CONTRACT}\r\n\n${CONTRACT.replace("long", "short")}\n`));
    expect(back.map((c) => c.side)).toEqual(["long", "short"]);
    expect(back[0]).toEqual(parseCandidateLine(CONTRACT, "x", 1));
  });
});

describe("reading rules", () => {
  const parse = (line: string) => parseCandidateLine(line, "x", 1);

  it("prefers ts_ns: nanoseconds beyond ts's milliseconds are kept", () => {
    const c = parse(CONTRACT.replace('"1456790400000000000"', '"1456790400000123456"'));
    expect(c.ts_ns).toBe("1456790400000123456");
    // The canonical ts is nsToIso(ts_ns): every digit, 3, 6 or 9 of them.
    expect(c.ts).toBe("2016-03-01T00:00:00.000123456Z");
  });

  it("accepts ts alone (hand-written files), 0 to 9 fraction digits, and returns the canonical form", () => {
    const noNs = CONTRACT.replace(',"ts_ns":"1456790400000000000"', "");
    expect(parse(noNs.replace("00.000Z", "00.000000007Z"))).toMatchObject({ ts: "2016-03-01T00:00:00.000000007Z", ts_ns: "1456790400000000007" });
    expect(parse(noNs.replace("00.000Z", "00Z"))).toEqual(parse(CONTRACT));
    // ts_ns alone is the preferred form and enough by itself.
    expect(parse(CONTRACT.replace('"ts":"2016-03-01T00:00:00.000Z",', ""))).toEqual(parse(CONTRACT));
  });

  it("accepts ts and ts_ns together when ts is ts_ns cut to ts's precision", () => {
    const secs = CONTRACT.replace("00.000Z", "00Z").replace('"1456790400000000000"', '"1456790400999999999"');
    expect(parse(secs)).toMatchObject({ ts: "2016-03-01T00:00:00.999999999Z", ts_ns: "1456790400999999999" });
  });

  it("does not require order unless asked; with { sorted: true } names the first line out of order", async () => {
    const a = candidateLine(makeCandidate("MSFT", 2n, "long", 1, ["gap_up"]));
    const b = candidateLine(makeCandidate("AAPL", 1n, "long", 1, ["gap_up"]));
    const f = file(`${a}\n\n${b}\n`);
    expect((await readCandidates(f)).map((c) => c.symbol)).toEqual(["MSFT", "AAPL"]);
    const err = await readCandidates(f, { sorted: true }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(CandidateError);
    expect([(err as CandidateError).line, (err as CandidateError).field]).toEqual([3, "symbol"]);
    expect((err as Error).message).toBe(`${f} line 3: field 'symbol' is out of order (AAPL 1970-01-01T00:00:00.000000001Z after MSFT 1970-01-01T00:00:00.000000002Z); candidates are sorted by symbol then time`);
    const later = candidateLine(makeCandidate("AAPL", 5n, "long", 1, ["gap_up"]));
    const g = file(`${later}\n${b}\n`);
    await expect(readCandidates(g, { sorted: true })).rejects.toMatchObject({ line: 2, field: "ts_ns" });
  });
});

describe("bad lines: CandidateError names file, line and field", () => {
  const swap = (from: string, to: string) => CONTRACT.replace(from, to);
  it.each([
    ["not JSON", "{not json", "", "is not valid JSON"],
    ["not an object", "[1, 2]", "", "expected a JSON object"],
    ["unknown key", swap('"score":2.5', '"score":2.5,"x":1'), "x", "field 'x' is not part of the format (expected symbol, ts, ts_ns, side, score, reasons)"],
    ["missing side", swap('"side":"long",', ""), "side", "field 'side' is missing"],
    ["neither ts nor ts_ns", swap('"ts":"2016-03-01T00:00:00.000Z","ts_ns":"1456790400000000000",', ""), "ts_ns", "field 'ts_ns' is missing (and so is 'ts')"],
    ["empty symbol", swap('"AAPL"', '""'), "symbol", "field 'symbol' must be a non-empty string, got \"\""],
    ["ts_ns a number", swap('"1456790400000000000"', "1456790400000000000"), "ts_ns", "field 'ts_ns' must be a decimal string of i64 UTC nanoseconds"],
    ["ts_ns with a fraction", swap('"1456790400000000000"', '"1.5"'), "ts_ns", "field 'ts_ns' must be a decimal string"],
    ["ts_ns beyond i64", swap('"1456790400000000000"', '"9223372036854775808"'), "ts_ns", "field 'ts_ns' must be a decimal string"],
    ["ts a day off", swap("2016-03-01T", "2016-03-02T"), "ts", "field 'ts' \"2016-03-02T00:00:00.000Z\" and ts_ns 1456790400000000000 are different instants"],
    ["ts a nanosecond off", swap("00.000Z", "00.000000007Z"), "ts", "are different instants"],
    ["ts not ISO-8601 UTC", swap("2016-03-01T00:00:00.000Z", "2016-03-01 00:00"), "ts", 'field \'ts\' must be ISO-8601 UTC like "2016-03-01T00:00:00.000Z", got "2016-03-01 00:00"'],
    ["ts on Feb 30", swap("2016-03-01T", "2016-02-30T"), "ts", "must be ISO-8601 UTC"],
    ["ts alone beyond i64 ns", swap('"2016-03-01T00:00:00.000Z","ts_ns":"1456790400000000000"', '"3000-01-01T00:00:00Z"'), "ts", "outside the i64 nanosecond range"],
    ["side buy", swap('"long"', '"buy"'), "side", 'field \'side\' must be "long" or "short", got "buy"'],
    ["score a string", swap('"score":2.5', '"score":"high"'), "score", "field 'score' must be a finite number"],
    ["score null", swap('"score":2.5', '"score":null'), "score", "field 'score' must be a finite number, got null"],
    ["reasons a string", swap('["sma_cross_up","donchian_breakout_up"]', '"sma_cross_up"'), "reasons", "field 'reasons' must be a non-empty array"],
    ["reasons empty", swap('["sma_cross_up","donchian_breakout_up"]', "[]"), "reasons", "field 'reasons' must be a non-empty array"],
    ["reasons with an empty name", swap('["sma_cross_up","donchian_breakout_up"]', '[""]'), "reasons", "field 'reasons' must be a non-empty array"],
  ])("%s", async (_what, line, field, message) => {
    const e = await error(line);
    expect(e.field).toBe(field);
    expect(e.message.startsWith(`${e.file} line 1: `)).toBe(true);
    expect(e.message).toContain(message);
  });

  it("names the line of a bad line after good ones (blank lines counted)", async () => {
    const f = file(`${CONTRACT}\n\n${CONTRACT.replace('"long"', '"flat"')}\n`);
    await expect(readCandidates(f)).rejects.toThrow(`${f} line 3: field 'side' must be "long" or "short", got "flat"`);
  });

  it("says a missing file or a folder cannot be read", async () => {
    await expect(readCandidates(join(dir, "missing.jsonl"))).rejects.toThrow(/candidates file .*missing\.jsonl: cannot read \(ENOENT\)/);
    const folder = join(dir, "folder.jsonl");
    mkdirSync(folder);
    await expect(readCandidates(folder)).rejects.toThrow(`candidates file ${folder}: cannot read (EISDIR)`);
  });
});
