/**
 * JSON payloads: one UTF-8 JSON object per frame, for interoperability (any language,
 * readable with a packet dump). Timestamps are decimal strings of UTC nanoseconds (a JSON
 * number cannot hold every i64); NaN is written as null. Layout: docs/live.md "Wire format".
 */
import { WireError } from "./errors.js";
import {
  EVENT_KINDS,
  EXIT_REASONS,
  SIGNAL_NAMES,
  ENTRY_CODE,
  WIRE_VERSION,
  type BarMessage,
  type EosMessage,
  type EventKind,
  type EventMessage,
  type HeartbeatMessage,
  type WireMessage,
} from "./messages.js";

const EVENT_SET = new Set<string>(EVENT_KINDS);
const MAX_U32 = 0xffff_ffff;
const I64_MIN = -(2n ** 63n);
const I64_MAX = 2n ** 63n - 1n;

const nullable = (x: number): number | null => (Number.isNaN(x) ? null : x);

/** Human name of an event's `code`: the signal's rule, else the exit reason or `entry` (255). */
export function eventCodeName(kind: EventKind, code: number): string | undefined {
  if (kind === "signal") return SIGNAL_NAMES[code];
  return code === ENTRY_CODE ? "entry" : EXIT_REASONS[code];
}

/** The JSON object of `m` (what {@link encodeJson} serialises). */
export function toJsonObject(m: WireMessage): Record<string, unknown> {
  const head = { v: WIRE_VERSION, type: m.type, pub: m.pub, seq: m.seq };
  switch (m.type) {
    case "bar":
      return { ...head, symbol: m.symbol, ts: m.ts.toString(), open: m.open, high: m.high, low: m.low, close: m.close, volume: m.volume };
    case "heartbeat":
      return { ...head, time: m.time.toString(), interval_ms: m.intervalMs, symbols: m.symbols };
    case "eos":
      return { ...head, time: m.time.toString(), last: m.last };
    default: {
      const name = eventCodeName(m.type, m.code);
      return {
        ...head,
        symbol: m.symbol,
        ts: m.ts.toString(),
        side: m.side,
        price: nullable(m.price),
        qty: nullable(m.qty),
        pnl: nullable(m.pnl),
        code: m.code,
        ...(name === undefined ? {} : { [m.type === "signal" ? "signal" : "reason"]: name }),
      };
    }
  }
}

/** Encodes `m` as a JSON payload frame. */
export function encodeJson(m: WireMessage): Buffer {
  return Buffer.from(JSON.stringify(toJsonObject(m)), "utf8");
}

function field(o: Record<string, unknown>, key: string): unknown {
  if (!(key in o)) throw new WireError("bad_field", `field '${key}' is missing`);
  return o[key];
}

function intField(o: Record<string, unknown>, key: string, min: number, max: number): number {
  const v = field(o, key);
  if (typeof v !== "number" || !Number.isInteger(v) || v < min || v > max) {
    throw new WireError("bad_field", `field '${key}' must be an integer in [${min}, ${max}], got ${JSON.stringify(v)}`);
  }
  return v;
}

/** A price-like field: a JSON number, or null for NaN (validation rejects NaN bars later). */
function numField(o: Record<string, unknown>, key: string): number {
  const v = field(o, key);
  if (v === null) return NaN;
  if (typeof v !== "number") throw new WireError("bad_field", `field '${key}' must be a number, got ${JSON.stringify(v)}`);
  return v;
}

/** Nanosecond timestamps: a decimal string (exact) or a JSON integer no larger than 2^53 (exact too). */
function nsField(o: Record<string, unknown>, key: string): bigint {
  const v = field(o, key);
  let ns: bigint;
  if (typeof v === "string" && /^-?\d{1,19}$/.test(v)) ns = BigInt(v);
  else if (typeof v === "number" && Number.isSafeInteger(v)) ns = BigInt(v);
  else throw new WireError("bad_field", `field '${key}' must be UTC nanoseconds as a decimal string, got ${JSON.stringify(v)}`);
  if (ns < I64_MIN || ns > I64_MAX) throw new WireError("bad_field", `field '${key}' is outside i64: ${v}`);
  return ns;
}

function symbolField(o: Record<string, unknown>, topicSymbol: string): string {
  if (!("symbol" in o)) return topicSymbol;
  const v = o.symbol;
  if (typeof v !== "string") throw new WireError("bad_field", `field 'symbol' must be a string, got ${JSON.stringify(v)}`);
  if (v !== topicSymbol) throw new WireError("topic_mismatch", `symbol '${v}' in the payload, '${topicSymbol}' in the topic`);
  return v;
}

/**
 * Decodes a JSON payload. `expected` is the type the topic names and `symbol` the topic's
 * symbol ("" for control topics).
 * @throws WireError (bad_json, bad_version, bad_type, bad_field, topic_mismatch).
 */
export function decodeJson(payload: Buffer, expected: WireMessage["type"], symbol: string): WireMessage {
  let o: unknown;
  try {
    o = JSON.parse(payload.toString("utf8"));
  } catch (err) {
    throw new WireError("bad_json", `payload is not JSON (${(err as Error).message})`);
  }
  if (typeof o !== "object" || o === null || Array.isArray(o)) throw new WireError("bad_json", "payload is not a JSON object");
  const obj = o as Record<string, unknown>;
  if (obj.v !== WIRE_VERSION) throw new WireError("bad_version", `version ${JSON.stringify(obj.v)}, this build reads ${WIRE_VERSION}`);
  if (obj.type !== expected) throw new WireError("bad_type", `type ${JSON.stringify(obj.type)} on a '${expected}' topic`);
  const pub = intField(obj, "pub", 1, MAX_U32);
  const seq = intField(obj, "seq", 1, Number.MAX_SAFE_INTEGER);
  switch (expected) {
    case "bar": {
      const m: BarMessage = {
        type: "bar", pub, seq, symbol: symbolField(obj, symbol), ts: nsField(obj, "ts"),
        open: numField(obj, "open"), high: numField(obj, "high"), low: numField(obj, "low"),
        close: numField(obj, "close"), volume: numField(obj, "volume"),
      };
      return m;
    }
    case "heartbeat": {
      const symbols = "symbols" in obj ? obj.symbols : [];
      if (!Array.isArray(symbols) || !symbols.every((s) => typeof s === "string" && s.length > 0)) {
        throw new WireError("bad_field", "field 'symbols' must be an array of non-empty strings");
      }
      const m: HeartbeatMessage = { type: "heartbeat", pub, seq, time: nsField(obj, "time"), intervalMs: intField(obj, "interval_ms", 0, MAX_U32), symbols };
      return m;
    }
    case "eos": {
      const last = field(obj, "last");
      if (typeof last !== "object" || last === null || Array.isArray(last) ||
        !Object.values(last).every((s) => typeof s === "number" && Number.isSafeInteger(s) && s >= 0)) {
        throw new WireError("bad_field", "field 'last' must map topics to sequence numbers");
      }
      const m: EosMessage = { type: "eos", pub, seq, time: nsField(obj, "time"), last: last as Record<string, number> };
      return m;
    }
    default: {
      if (!EVENT_SET.has(expected)) throw new WireError("bad_type", `unknown type '${expected}'`);
      const m: EventMessage = {
        type: expected, pub, seq, symbol: symbolField(obj, symbol), ts: nsField(obj, "ts"),
        side: intField(obj, "side", -1, 1), price: numField(obj, "price"), qty: numField(obj, "qty"),
        pnl: numField(obj, "pnl"), code: intField(obj, "code", 0, 255),
      };
      return m;
    }
  }
}
