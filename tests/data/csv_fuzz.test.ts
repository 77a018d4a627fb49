/**
 * Issue 17 (cases 4, 7, 16): a seeded mutation test of the CSV loader on GOOG's first 300 rows. Each case
 * flips, inserts or deletes bytes, cuts the file, or duplicates / swaps / reverses lines, then loads it with
 * `badRows` "error" and "skip". The loader must either load, or throw a DataError / FileError naming the
 * file (or an Error whose message starts with the file); never crash or hang. When it loads, the bars must
 * be exactly those a plain-text reference (no polars) finds in the mutated text under the documented rules
 * (a blank line is a row of empty fields):
 * no bar that is not in the file, none dropped silently, and the skip counts add up.
 */
import { describe, expect, it } from "vitest";

import { DataError, FileError, openDataset } from "../../src/data/index.js";
import { googLines, mulberry32, tempFiles } from "./hostile.js";

const { write } = tempFiles("barstream-fuzz-");
const BASE = googLines().slice(0, 301); // header + 300 rows
const BASE_TEXT = `${BASE.join("\n")}\n`;

const rng = mulberry32;

/** Bytes a mutation writes: the ones that break parsers (no `"`: quoting is covered by the last test). */
const PALETTE = [0x00, 0xff, 0xc3, 0x2c, 0x0a, 0x0d, 0x20, 0x78, 0x2d, 0x2e, 0x39, 0x30, 0x65, 0x09];

/** One seeded mutation of the data part of `buf` (the header line is left alone). */
function mutate(buf: Buffer, r: () => number, palette = PALETTE): Buffer {
  const start = buf.indexOf(0x0a) + 1;
  const at = () => start + Math.floor(r() * (buf.length - start));
  const byte = () => palette[Math.floor(r() * palette.length)]!;
  const lines = () => buf.toString("latin1").split("\n");
  const join = (ls: string[]) => Buffer.from(ls.join("\n"), "latin1");
  const line = () => 1 + Math.floor(r() * (lines().length - 2));
  switch (Math.floor(r() * 7)) {
    case 0: {
      const b = Buffer.from(buf);
      b[at()] = byte();
      return b;
    }
    case 1: {
      const i = at();
      return Buffer.concat([buf.subarray(0, i), Buffer.from([byte()]), buf.subarray(i)]);
    }
    case 2: {
      const i = at();
      return Buffer.concat([buf.subarray(0, i), buf.subarray(Math.min(buf.length, i + 1 + Math.floor(r() * 20)))]);
    }
    case 3:
      return buf.subarray(0, at());
    case 4: {
      const ls = lines();
      const i = line();
      ls.splice(i, 0, ls[i]!);
      return join(ls);
    }
    case 5: {
      const ls = lines();
      const [i, j] = [line(), line()];
      [ls[i], ls[j]] = [ls[j]!, ls[i]!];
      return join(ls);
    }
    default: {
      const ls = lines();
      const i = line();
      const j = Math.min(ls.length - 1, i + 2 + Math.floor(r() * 40));
      return join([...ls.slice(0, i), ...ls.slice(i, j).reverse(), ...ls.slice(j)]);
    }
  }
}

interface Bar {
  ts: bigint;
  o: number;
  h: number;
  l: number;
  c: number;
  v: number;
}

const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

const I64_MAX = 2n ** 63n - 1n;

/** A date `YYYY-M-D` (as chrono's %Y-%m-%d reads it) -> UTC ns, or undefined (also outside i64 ns). */
function dateNs(text: string): bigint | undefined {
  const m = /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(text.trim());
  if (!m) return undefined;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const ms = Date.UTC(y, mo - 1, d);
  const back = new Date(ms);
  if (back.getUTCFullYear() !== y || back.getUTCMonth() !== mo - 1 || back.getUTCDate() !== d) return undefined;
  const ns = BigInt(ms) * 1_000_000n;
  return ns > I64_MAX || ns < -I64_MAX - 1n ? undefined : ns;
}

/**
 * The documented rules applied to the text by hand: each non-empty data line is a bar or a bad row (first
 * rule wins; then, among good rows, a time at or below the running maximum is dropped).
 */
function reference(text: string): { kept: Bar[]; bad: number; read: number } {
  // A blank line is a row of empty fields (rule empty_field); only the end of the last line is not a row.
  const lines = text.split("\n").slice(1).map((l) => l.replace(/\r$/, ""));
  if (text.endsWith("\n")) lines.pop();
  const kept: Bar[] = [];
  let bad = 0;
  let max: bigint | undefined;
  for (const line of lines) {
    const f = line.split(",");
    const ts = dateNs(f[0] ?? "");
    const nums = f.slice(1, 6).map((x) => (NUMBER.test(x.trim()) ? Number(x) : NaN));
    const [o, h, l, c, v] = nums as [number, number, number, number, number];
    const ok =
      f.length === 6 &&
      ts !== undefined &&
      nums.every(Number.isFinite) &&
      [o, h, l, c].every((x) => x > 0) &&
      h >= l &&
      o >= l &&
      o <= h &&
      c >= l &&
      c <= h &&
      v >= 0;
    if (!ok || (max !== undefined && ts <= max)) {
      bad++;
      continue;
    }
    max = ts;
    kept.push({ ts, o, h, l, c, v });
  }
  return { kept, bad, read: lines.length };
}

type Outcome = { kind: "loaded"; bars: Bar[]; skipped: number; read: number } | { kind: "refused"; error: unknown };

async function load(path: string, badRows: "error" | "skip"): Promise<Outcome> {
  try {
    const { batch, report } = await (await openDataset(path, { badRows })).load();
    const bars = Array.from(batch.ts, (ts, i) => ({ ts, o: batch.open[i]!, h: batch.high[i]!, l: batch.low[i]!, c: batch.close[i]!, v: batch.volume[i]! }));
    return { kind: "loaded", bars, skipped: Object.values(report.skipped).reduce((a, n) => a + n, 0), read: report.rowsRead };
  } catch (error) {
    return { kind: "refused", error };
  }
}

/** A refusal must name the file: DataError / FileError with `file`, or a message starting with the path. */
function expectNamed(error: unknown, path: string, what: string): void {
  if (error instanceof DataError || error instanceof FileError) {
    expect(error.file, what).toBe(path);
    expect(error.message.length, what).toBeLessThan(1000);
    return;
  }
  expect(error, what).toBeInstanceOf(Error);
  expect((error as Error).message.startsWith(`${path}:`) || (error as Error).message.startsWith(`${path} `), `${what}: ${(error as Error).message}`).toBe(true);
  expect((error as Error).message, what).not.toContain("Resolved plan");
}

describe("seeded mutations of GOOG's CSV", () => {
  it("each case loads exactly the reference bars or throws an error naming the file", async () => {
    const tally = { loaded: 0, refused: 0 };
    for (let seed = 1; seed <= 60; seed++) {
      const r = rng(seed);
      let buf: Buffer = Buffer.from(BASE_TEXT);
      const n = 1 + Math.floor(r() * 3);
      for (let k = 0; k < n; k++) buf = mutate(buf, r);
      const path = write(`GOOG_${seed}.csv`, buf);
      const ref = reference(buf.toString("utf8"));
      for (const badRows of ["error", "skip"] as const) {
        const what = `seed ${seed}, ${badRows}`;
        const got = await load(path, badRows);
        tally[got.kind]++;
        if (got.kind === "refused") {
          expectNamed(got.error, path, what);
          // The text the reference accepts whole must load with "error"; "skip" may refuse only when more
          // than half would be dropped, or for bytes that are not text.
          if (badRows === "error" && ref.bad === 0 && !buf.includes(0) && buf.toString("utf8") === buf.toString("latin1")) {
            expect.fail(`${what}: refused clean text: ${(got.error as Error).message}`);
          }
          continue;
        }
        expect(got.bars, what).toEqual(ref.kept);
        expect(got.skipped, what).toBe(ref.bad);
        expect(got.read, what).toBe(ref.read);
        if (badRows === "error") expect(ref.bad, what).toBe(0);
        else expect(ref.bad * 2, what).toBeLessThanOrEqual(ref.read);
      }
    }
    // The mutations are not all fatal, nor all harmless.
    expect(tally.loaded).toBeGreaterThan(20);
    expect(tally.refused).toBeGreaterThan(20);
  }, 300_000);

  it("with quotes and random bytes anywhere (header included): loads or throws an error naming the file", async () => {
    for (let seed = 100; seed < 130; seed++) {
      const r = rng(seed);
      let buf: Buffer = Buffer.from(BASE_TEXT);
      for (let k = 0; k < 4; k++) buf = mutate(buf, r, [...PALETTE, 0x22, 0x22]);
      if (r() < 0.3) buf[Math.floor(r() * 40)] = PALETTE[Math.floor(r() * PALETTE.length)]!; // the header too
      const path = write(`GOOG_q${seed}.csv`, buf);
      for (const badRows of ["error", "skip"] as const) {
        const got = await load(path, badRows);
        if (got.kind === "refused") expectNamed(got.error, path, `seed ${seed}, ${badRows}`);
        else expect(got.bars.length + got.skipped, `seed ${seed}`).toBe(got.read);
      }
    }
  }, 300_000);
});
