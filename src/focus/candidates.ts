/**
 * Reads a candidates file (JSON Lines, written by `barstream scan`) and maps each candidate
 * to a bar of its symbol. Format, one object per line (blank lines are ignored):
 *
 *   {"symbol":"AAPL","ts":"2016-03-01T00:00:00.000Z","ts_ns":"1456790400000000000",
 *    "side":"long","score":2.5,"reasons":["sma_cross_up"]}
 *
 * `ts_ns` (i64 UTC nanoseconds as a decimal string) is the bar at whose close the candidate
 * was found; `ts` is the same instant as ISO-8601 UTC and is used when `ts_ns` is absent.
 * See docs/focused-replay.md for how candidates that do not match a bar are treated.
 */
import { readFile } from "node:fs/promises";

/** One valid line of a candidates file. */
export interface Candidate {
  symbol: string;
  /** Bar time, UTC nanoseconds. */
  tsNs: bigint;
  side: "long" | "short";
  score: number;
  reasons: string[];
  /** 1-based line number in the file. */
  line: number;
}

/** A bad line: names the file, the 1-based line, the field and what was expected. */
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

const ISO_UTC = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?Z$/;
const I64_MAX = 2n ** 63n - 1n;

/** UTC ns of an ISO-8601 UTC text (`...Z`, up to nanosecond digits), or null. */
function isoToNs(text: string): bigint | null {
  if (!ISO_UTC.test(text)) return null;
  const [whole, frac = ""] = text.slice(0, -1).split(".");
  const ms = Date.parse(`${whole}Z`);
  if (Number.isNaN(ms)) return null;
  return BigInt(ms) * 1_000_000n + BigInt(frac.padEnd(9, "0"));
}

/** Checks one parsed line; throws a CandidateError naming the first bad field. */
function check(v: unknown, file: string, line: number): Candidate {
  const fail = (field: string, detail: string): never => {
    throw new CandidateError(file, line, field, detail);
  };
  if (typeof v !== "object" || v === null || Array.isArray(v)) fail("", "expected a JSON object");
  const o = v as Record<string, unknown>;
  for (const f of ["symbol", "side", "score", "reasons"]) if (!(f in o)) fail(f, "is missing");
  if (!("ts_ns" in o) && !("ts" in o)) fail("ts_ns", "is missing (and so is 'ts')");
  if (typeof o.symbol !== "string" || o.symbol.trim() === "") fail("symbol", `must be a non-empty string, got ${JSON.stringify(o.symbol)}`);
  if (o.side !== "long" && o.side !== "short") fail("side", `must be "long" or "short", got ${JSON.stringify(o.side)}`);
  if (typeof o.score !== "number" || !Number.isFinite(o.score)) fail("score", `must be a finite number, got ${JSON.stringify(o.score)}`);
  if (!Array.isArray(o.reasons) || !o.reasons.every((r) => typeof r === "string")) {
    fail("reasons", `must be an array of strings, got ${JSON.stringify(o.reasons)}`);
  }
  let fromIso: bigint | null = null;
  if ("ts" in o) {
    fromIso = typeof o.ts === "string" ? isoToNs(o.ts) : null;
    if (fromIso === null) fail("ts", `must be ISO-8601 UTC like "2016-03-01T00:00:00.000Z", got ${JSON.stringify(o.ts)}`);
  }
  let tsNs = fromIso;
  if ("ts_ns" in o) {
    if (typeof o.ts_ns !== "string" || !/^-?\d{1,19}$/.test(o.ts_ns) || BigInt(o.ts_ns) > I64_MAX || BigInt(o.ts_ns) < -I64_MAX - 1n) {
      fail("ts_ns", `must be UTC nanoseconds as a decimal string (i64), got ${JSON.stringify(o.ts_ns)}`);
    }
    tsNs = BigInt(o.ts_ns as string);
    // ts carries milliseconds (or more): both must name the same instant to that precision.
    if (fromIso !== null && tsNs / 1_000_000n !== fromIso / 1_000_000n) {
      fail("ts_ns", `${o.ts_ns} and ts ${JSON.stringify(o.ts)} are different instants`);
    }
  }
  return {
    symbol: o.symbol as string,
    tsNs: tsNs as bigint,
    side: o.side as "long" | "short",
    score: o.score as number,
    reasons: o.reasons as string[],
    line,
  };
}

/**
 * Reads and validates every line of `file`.
 *
 * @returns the candidates in file order and the number of non-blank lines.
 * @throws Error when the file cannot be read; CandidateError (file, line, field, expectation) for
 *   the first line that is not valid JSON or breaks the format above.
 */
export async function readCandidates(file: string): Promise<{ candidates: Candidate[]; lines: number }> {
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch (err) {
    throw new Error(`candidates file ${file}: cannot read (${(err as NodeJS.ErrnoException).code ?? err})`);
  }
  const candidates: Candidate[] = [];
  let lines = 0;
  text.split(/\r?\n/).forEach((raw, i) => {
    if (raw.trim() === "") return;
    lines += 1;
    let v: unknown;
    try {
      v = JSON.parse(raw);
    } catch (err) {
      throw new CandidateError(file, i + 1, "", `is not valid JSON (${(err as Error).message})`);
    }
    candidates.push(check(v, file, i + 1));
  });
  return { candidates, lines };
}
