/**
 * The candidates file (JSON Lines): the contract between `scan` and focused replay, and the ONE
 * place that validates a candidate line (`scan` writes it, `backtest --candidates` reads it).
 *
 * One candidate per line; `scan` writes them sorted by symbol (UTF-16 code unit order, as
 * `Array.prototype.sort`) then time:
 * `{"symbol":"AAPL","ts":"2016-03-01T00:00:00.000Z","ts_ns":"1456790400000000000","side":"long","score":2.5,"reasons":["sma_cross_up","donchian_breakout_up"]}`
 *
 * Reading rules (docs/scan.md "Candidates file"): `ts_ns` is preferred; `ts` alone is accepted (hand-written
 * files, ISO-8601 UTC with 0 to 9 fraction digits); when both are present `ts` must be `ts_ns` truncated to
 * `ts`'s precision; unknown keys are rejected; order is checked only when asked (`{ sorted: true }`).
 */
import { once } from "node:events";
import { createReadStream } from "node:fs";
import { createInterface } from "node:readline";

import { nsToIso } from "../data/time.js";
import { writeFileAtomic } from "../util/atomic-file.js";
import type { Candidate } from "../types/scan.js";

/** A bad line: names the file, the 1-based line, the field ("" for the whole line) and what was expected. */
export class CandidateError extends Error {
  override readonly name = "CandidateError";

  constructor(
    readonly file: string,
    readonly line: number,
    readonly field: string,
    detail: string,
  ) {
    super(`${file} line ${line}: ${field ? `field '${field}' ` : ""}${detail}`);
  }
}

const FIELDS = ["symbol", "ts", "ts_ns", "side", "score", "reasons"];
const ISO_UTC = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2})(?:\.(\d{1,9}))?Z$/;
const I64_MIN = -(2n ** 63n);
const I64_MAX = 2n ** 63n - 1n;

/** A candidate from its parts (`tsNs`: i64 UTC ns). */
export function makeCandidate(symbol: string, tsNs: bigint, side: "long" | "short", score: number, reasons: string[]): Candidate {
  return { symbol, ts: nsToIso(tsNs), ts_ns: tsNs.toString(), side, score, reasons };
}

/** One JSONL line (no newline), keys in contract order. */
export function candidateLine(c: Candidate): string {
  return JSON.stringify({ symbol: c.symbol, ts: c.ts, ts_ns: c.ts_ns, side: c.side, score: c.score, reasons: c.reasons });
}

/**
 * Writes `candidates` (already sorted) as JSON Lines to `path`, atomically (an interrupted write
 * leaves the previous file); returns the count.
 * @throws AtomicWriteError naming the file and the OS error when it cannot be written.
 */
export async function writeCandidates(path: string, candidates: Candidate[]): Promise<number> {
  await writeFileAtomic(path, candidates.map((c) => `${candidateLine(c)}\n`).join(""), { label: "--out" });
  return candidates.length;
}

/** Orders candidates by symbol (code unit order) then time: negative when `a` comes first. */
export function compareCandidates(a: Pick<Candidate, "symbol" | "ts_ns">, b: Pick<Candidate, "symbol" | "ts_ns">): number {
  if (a.symbol !== b.symbol) return a.symbol < b.symbol ? -1 : 1;
  const x = BigInt(a.ts_ns);
  const y = BigInt(b.ts_ns);
  return x < y ? -1 : x > y ? 1 : 0;
}

/**
 * `ts` text -> UTC ns and its number of fraction digits, or null when it is not ISO-8601 UTC
 * (`YYYY-MM-DDTHH:MM:SS[.f{1,9}]Z`) or names no real date (Feb 30 is rejected, not rolled over).
 */
function isoToNs(text: string): { ns: bigint; digits: number } | null {
  const m = ISO_UTC.exec(text);
  if (!m) return null;
  const ms = Date.parse(`${m[1]}Z`);
  if (Number.isNaN(ms) || new Date(ms).toISOString().slice(0, 19) !== m[1]) return null;
  const frac = m[2] ?? "";
  return { ns: BigInt(ms) * 1_000_000n + BigInt(frac.padEnd(9, "0")), digits: frac.length };
}

/**
 * Parses and checks one line of `file` (1-based `line`), returning the candidate in canonical form
 * (`ts` = `nsToIso(ts_ns)`, `ts_ns` without leading zeros, keys in contract order).
 *
 * # Errors
 * Throws {@link CandidateError} naming the first bad field: invalid JSON or not an object (field ""),
 * a missing or mistyped field, an unknown field, `ts` not ISO-8601 UTC, `ts_ns` not a decimal i64 string,
 * `ts` and `ts_ns` naming different instants, a side other than long/short, a non-finite score, reasons
 * not a non-empty array of non-empty strings.
 */
export function parseCandidateLine(text: string, file: string, line: number): Candidate {
  const fail = (field: string, detail: string): never => {
    throw new CandidateError(file, line, field, detail);
  };
  let v: unknown;
  try {
    v = JSON.parse(text);
  } catch (err) {
    fail("", `is not valid JSON (${(err as Error).message})`);
  }
  if (typeof v !== "object" || v === null || Array.isArray(v)) return fail("", "expected a JSON object");
  const o = v as Record<string, unknown>;
  const got = (field: string) => `got ${JSON.stringify(o[field])}`;
  for (const k of Object.keys(o)) if (!FIELDS.includes(k)) fail(k, `is not part of the format (expected ${FIELDS.join(", ")})`);
  for (const f of ["symbol", "side", "score", "reasons"]) if (!(f in o)) fail(f, "is missing");
  if (!("ts_ns" in o) && !("ts" in o)) fail("ts_ns", "is missing (and so is 'ts')");
  if (typeof o.symbol !== "string" || o.symbol.trim() === "") fail("symbol", `must be a non-empty string, ${got("symbol")}`);

  let iso: { ns: bigint; digits: number } | null = null;
  if ("ts" in o) {
    iso = typeof o.ts === "string" ? isoToNs(o.ts) : null;
    if (iso === null) fail("ts", `must be ISO-8601 UTC like "2016-03-01T00:00:00.000Z", ${got("ts")}`);
  }
  let ns = iso?.ns ?? 0n;
  if ("ts_ns" in o) {
    if (typeof o.ts_ns !== "string" || !/^-?\d+$/.test(o.ts_ns) || BigInt(o.ts_ns) < I64_MIN || BigInt(o.ts_ns) > I64_MAX) {
      fail("ts_ns", `must be a decimal string of i64 UTC nanoseconds, ${got("ts_ns")}`);
    }
    ns = BigInt(o.ts_ns as string);
    // `ts` carries up to 9 fraction digits: it must be ts_ns cut to that precision (toward zero, as nsToIso).
    if (iso !== null) {
      const unit = 10n ** BigInt(9 - iso.digits);
      if ((ns / unit) * unit !== iso.ns) fail("ts", `${JSON.stringify(o.ts)} and ts_ns ${o.ts_ns} are different instants (ts_ns is ${nsToIso(ns)})`);
    }
  }
  if (ns < I64_MIN || ns > I64_MAX) fail("ts", `is outside the i64 nanosecond range, ${got("ts")}`);
  if (o.side !== "long" && o.side !== "short") fail("side", `must be "long" or "short", ${got("side")}`);
  if (typeof o.score !== "number" || !Number.isFinite(o.score)) fail("score", `must be a finite number, ${got("score")}`);
  if (!Array.isArray(o.reasons) || o.reasons.length === 0 || !o.reasons.every((r) => typeof r === "string" && r !== "")) {
    fail("reasons", `must be a non-empty array of feature names, ${got("reasons")}`);
  }
  return makeCandidate(o.symbol as string, ns, o.side as "long" | "short", o.score as number, o.reasons as string[]);
}

/**
 * Reads and checks every line of a candidates file (blank lines skipped; `\n` or `\r\n`), streaming.
 * With `sorted`, also requires symbol-then-time order (what `scan` writes); focused replay does not need it.
 *
 * @returns the candidates in file order, canonical form (see {@link parseCandidateLine}); one per non-blank line.
 * @throws CandidateError (file, line, field) for the first bad line, or the first line out of order when
 *   `sorted` (field 'symbol' or 'ts_ns'); Error `candidates file <path>: cannot read (<code>)` when the file
 *   cannot be opened or read.
 */
export async function readCandidates(path: string, opts: { sorted?: boolean } = {}): Promise<Candidate[]> {
  const input = createReadStream(path, "utf8");
  const cannotRead = (err: unknown) => new Error(`candidates file ${path}: cannot read (${(err as NodeJS.ErrnoException).code ?? err})`);
  try {
    await once(input, "open");
  } catch (err) {
    throw cannotRead(err);
  }
  const out: Candidate[] = [];
  let n = 0;
  try {
    for await (const text of createInterface({ input, crlfDelay: Infinity })) {
      n++;
      if (text.trim() === "") continue;
      const c = parseCandidateLine(text, path, n);
      const prev = out[out.length - 1];
      if (opts.sorted && prev !== undefined && compareCandidates(prev, c) > 0) {
        const field = prev.symbol === c.symbol ? "ts_ns" : "symbol";
        throw new CandidateError(path, n, field, `is out of order (${c.symbol} ${c.ts} after ${prev.symbol} ${prev.ts}); candidates are sorted by symbol then time`);
      }
      out.push(c);
    }
  } catch (err) {
    throw err instanceof CandidateError ? err : cannotRead(err);
  } finally {
    input.destroy();
  }
  return out;
}
