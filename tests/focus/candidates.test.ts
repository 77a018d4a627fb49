/** The candidates reader: the scan contract, and a clear error (file, line, field) for every bad line. */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

import { afterAll, describe, expect, it } from "vitest";

import { CandidateError, readCandidates } from "../../src/focus/candidates.js";

const dir = mkdtempSync(join(tmpdir(), "barstream-cands-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

let n = 0;
function file(text: string): string {
  const f = join(dir, `c${n++}.jsonl`);
  writeFileSync(f, text);
  return f;
}

const GOOD = `{"symbol":"AAPL","ts":"2016-03-01T00:00:00.000Z","ts_ns":"1456790400000000000","side":"long","score":2.5,"reasons":["sma_cross_up"]}`;

async function error(text: string): Promise<CandidateError> {
  const f = file(text);
  const err = await readCandidates(f).catch((e: unknown) => e);
  expect(err).toBeInstanceOf(CandidateError);
  expect((err as CandidateError).file).toBe(f);
  return err as CandidateError;
}

describe("readCandidates", () => {
  it("reads the contract's example line and skips blank lines", async () => {
    const { candidates, lines } = await readCandidates(file(`\n${GOOD}\r\n\n${GOOD.replace("long", "short")}\n`));
    expect(lines).toBe(2);
    expect(candidates[0]).toEqual({ symbol: "AAPL", tsNs: 1456790400000000000n, side: "long", score: 2.5, reasons: ["sma_cross_up"], line: 2 });
    expect(candidates[1].side).toBe("short");
    expect(candidates[1].line).toBe(4);
  });

  it("prefers ts_ns (nanoseconds beyond ts's milliseconds) and falls back to ts", async () => {
    const ns = GOOD.replace('"1456790400000000000"', '"1456790400000123456"');
    expect((await readCandidates(file(ns))).candidates[0].tsNs).toBe(1456790400000123456n);
    const noNs = GOOD.replace(',"ts_ns":"1456790400000000000"', "").replace("00.000Z", "00.000000007Z");
    expect((await readCandidates(file(noNs))).candidates[0].tsNs).toBe(1456790400000000007n);
  });

  it("names the file, line and field of a bad line", async () => {
    const bad = (line: string) => `${GOOD}\n${line}\n`;
    let e = await error(bad("{not json"));
    expect([e.line, e.field]).toEqual([2, ""]);
    expect(e.message).toMatch(/line 2: is not valid JSON/);
    e = await error(bad(GOOD.replace('"side":"long",', "")));
    expect([e.line, e.field, e.message]).toEqual([2, "side", `${e.file} line 2: field 'side' is missing`]);
    e = await error(bad(GOOD.replace('"long"', '"buy"')));
    expect(e.message).toContain(`field 'side' must be "long" or "short", got "buy"`);
    e = await error(bad(GOOD.replace('"1456790400000000000"', "1456790400000000000")));
    expect(e.field).toBe("ts_ns");
    e = await error(bad(GOOD.replace("2016-03-01T00:00:00.000Z", "2016-03-02T00:00:00.000Z")));
    expect(e.message).toContain("are different instants");
    e = await error(bad(GOOD.replace("2016-03-01T00:00:00.000Z", "2016-03-01 00:00")));
    expect(e.field).toBe("ts");
    e = await error(bad(GOOD.replace(',"ts":"2016-03-01T00:00:00.000Z","ts_ns":"1456790400000000000"', "")));
    expect(e.message).toContain("field 'ts_ns' is missing (and so is 'ts')");
    e = await error(bad(GOOD.replace('"score":2.5', '"score":"high"')));
    expect(e.field).toBe("score");
    e = await error(bad(GOOD.replace('["sma_cross_up"]', '"sma_cross_up"')));
    expect(e.field).toBe("reasons");
    e = await error(bad("[1, 2]"));
    expect(e.message).toContain("expected a JSON object");
  });

  it("says it cannot read a missing file", async () => {
    await expect(readCandidates(join(dir, "missing.jsonl"))).rejects.toThrow(/candidates file .*missing\.jsonl: cannot read \(ENOENT\)/);
  });
});
