/**
 * The candidates file (JSON Lines): the contract between `scan` and focused replay.
 *
 * One candidate per line, sorted by symbol (UTF-16 code unit order, as `Array.prototype.sort`) then time:
 * `{"symbol":"AAPL","ts":"2016-03-01T00:00:00.000Z","ts_ns":"1456790400000000000","side":"long","score":2.5,"reasons":["sma_cross_up","donchian_breakout_up"]}`
 */
import { createReadStream } from "node:fs";
import { writeFile } from "node:fs/promises";
import { createInterface } from "node:readline";

import { nsToIso } from "../data/time.js";

/** One candidate: detected at the CLOSE of the bar stamped `ts`. */
export interface Candidate {
  symbol: string;
  /** ISO-8601 UTC of the bar's timestamp, millisecond precision (`nsToIso`). */
  ts: string;
  /** The same instant as a decimal string of i64 UTC nanoseconds (exact). */
  ts_ns: string;
  side: "long" | "short";
  /** Sum of the weights of `reasons`. */
  score: number;
  /** Feature reasons that fired for this side (non-empty), in reason-code order. */
  reasons: string[];
}

/** A candidate from its parts (`tsNs`: i64 UTC ns). */
export function makeCandidate(symbol: string, tsNs: bigint, side: "long" | "short", score: number, reasons: string[]): Candidate {
  return { symbol, ts: nsToIso(tsNs), ts_ns: tsNs.toString(), side, score, reasons };
}

/** One JSONL line (no newline), keys in contract order. */
export function candidateLine(c: Candidate): string {
  return JSON.stringify({ symbol: c.symbol, ts: c.ts, ts_ns: c.ts_ns, side: c.side, score: c.score, reasons: c.reasons });
}

/** Writes `candidates` (already sorted) as JSON Lines to `path`; returns the count. */
export async function writeCandidates(path: string, candidates: Candidate[]): Promise<number> {
  await writeFile(path, candidates.map((c) => `${candidateLine(c)}\n`).join(""));
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
 * Parses and checks one line. `where` names it in errors (`file line 3`).
 *
 * # Errors
 * Throws `<where>: <field> ...` for invalid JSON, a missing or mistyped field, a `ts` that is not the ISO
 * form of `ts_ns`, an unknown side, a non-finite score or an empty reason list.
 */
export function parseCandidateLine(line: string, where: string): Candidate {
  let v: unknown;
  try {
    v = JSON.parse(line);
  } catch (e) {
    throw new Error(`${where}: not JSON (${(e as Error).message})`);
  }
  if (typeof v !== "object" || v === null || Array.isArray(v)) throw new Error(`${where}: expected a JSON object`);
  const o = v as Record<string, unknown>;
  const bad = (field: string, want: string) => new Error(`${where}: field '${field}' ${want}, got ${JSON.stringify(o[field])}`);
  if (typeof o.symbol !== "string" || o.symbol === "") throw bad("symbol", "must be a non-empty string");
  if (typeof o.ts_ns !== "string" || !/^-?\d+$/.test(o.ts_ns)) throw bad("ts_ns", "must be a decimal string of i64 UTC nanoseconds");
  const ns = BigInt(o.ts_ns);
  if (ns < -(2n ** 63n) || ns >= 2n ** 63n) throw bad("ts_ns", "must fit in i64");
  if (typeof o.ts !== "string" || o.ts !== nsToIso(ns)) throw bad("ts", `must be the ISO-8601 UTC form of ts_ns (${nsToIso(ns)})`);
  if (o.side !== "long" && o.side !== "short") throw bad("side", "must be \"long\" or \"short\"");
  if (typeof o.score !== "number" || !Number.isFinite(o.score)) throw bad("score", "must be a finite number");
  if (!Array.isArray(o.reasons) || o.reasons.length === 0 || !o.reasons.every((r) => typeof r === "string" && r !== "")) {
    throw bad("reasons", "must be a non-empty array of feature names");
  }
  const extra = Object.keys(o).filter((k) => !["symbol", "ts", "ts_ns", "side", "score", "reasons"].includes(k));
  if (extra.length > 0) throw new Error(`${where}: unknown field(s) ${extra.join(", ")}`);
  return { symbol: o.symbol, ts: o.ts, ts_ns: o.ts_ns, side: o.side, score: o.score, reasons: o.reasons as string[] };
}

/**
 * Reads a candidates file, checking every line and the symbol-then-time order. Blank lines are skipped.
 *
 * # Errors
 * Throws `<path> line <n>: ...` for the first bad line (see {@link parseCandidateLine}) or the first line out
 * of order, and when the file cannot be read.
 */
export async function readCandidates(path: string): Promise<Candidate[]> {
  const out: Candidate[] = [];
  const lines = createInterface({ input: createReadStream(path, "utf8"), crlfDelay: Infinity });
  let n = 0;
  for await (const line of lines) {
    n++;
    if (line.trim() === "") continue;
    const c = parseCandidateLine(line, `${path} line ${n}`);
    const prev = out[out.length - 1];
    if (prev !== undefined && compareCandidates(prev, c) > 0) {
      throw new Error(`${path} line ${n}: out of order (${c.symbol} ${c.ts} after ${prev.symbol} ${prev.ts}); candidates are sorted by symbol then time`);
    }
    out.push(c);
  }
  return out;
}
