/** The bundled sample is exactly what the generator makes, and its bars are valid. */
import { readFileSync } from "node:fs";
import { resolve } from "node:path";

import { describe, expect, it } from "vitest";

import { generateBars, openDataset, toCsv } from "../../src/index.js";
import { EXAMPLES } from "../helpers.js";

const SAMPLE = resolve(EXAMPLES, "data/synthetic-daily.csv");

describe("synthetic generator", () => {
  it("re-creates the bundled sample byte for byte (README: barstream generate --out ...)", () => {
    const made = toCsv(generateBars({ symbols: 5, bars: 750, seed: 42, start: "2020-01-01" }));
    expect(made).toBe(readFileSync(SAMPLE, "utf8"));
  });

  it("changes with the seed", () => {
    const a = toCsv(generateBars({ symbols: 1, bars: 20, seed: 1, start: "2020-01-01" }));
    const b = toCsv(generateBars({ symbols: 1, bars: 20, seed: 2, start: "2020-01-01" }));
    expect(a).not.toBe(b);
  });

  it("produces bars that pass the loader's validation (weekdays only)", async () => {
    const ds = await openDataset(SAMPLE, {});
    const { batch, report } = await ds.load(ds.symbols);
    expect(ds.symbols).toEqual(["SYN0001", "SYN0002", "SYN0003", "SYN0004", "SYN0005"]);
    expect(report.rowsKept).toBe(5 * 750);
    for (const t of batch.ts) expect([0, 6]).not.toContain(new Date(Number(t / 1_000_000n)).getUTCDay());
  });

  it("rejects a non-integer count with the flag's name", () => {
    expect(() => [...generateBars({ symbols: 1.5, bars: 10, seed: 1, start: "2020-01-01" })]).toThrow(/--symbols/);
  });
});
