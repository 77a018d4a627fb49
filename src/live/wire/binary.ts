/**
 * Binary payloads: compact, little-endian, versioned (docs/live.md "Wire format").
 *
 * Every payload starts with a 16-byte header:
 *   0 u8 magic 0xBA | 1 u8 version (1) | 2 u8 type | 3 u8 flags (0, ignored)
 *   4 u32 publisher id | 8 u64 sequence number
 * then the body of its type: bar (64 bytes in all), event (56), heartbeat and eos
 * (variable, length-prefixed strings).
 */
import { WireError } from "./errors.js";
import {
  WIRE_VERSION,
  type BarMessage,
  type EosMessage,
  type EventKind,
  type EventMessage,
  type HeartbeatMessage,
  type WireMessage,
} from "./messages.js";

/** First byte of every binary payload (never the first byte of a UTF-8 JSON text). */
export const MAGIC = 0xba;
/** Header length, bytes. */
export const HEADER_SIZE = 16;
/** Total length of a bar payload, bytes. */
export const BAR_SIZE = 64;
/** Total length of an event payload, bytes. */
export const EVENT_SIZE = 56;

/** Type byte of each message type. */
export const TYPE_CODES = {
  bar: 1,
  heartbeat: 2,
  eos: 3,
  signal: 16,
  order: 17,
  fill: 18,
  position: 19,
  trade_closed: 20,
} as const satisfies Record<WireMessage["type"], number>;

const TYPE_NAMES = new Map<number, WireMessage["type"]>(
  Object.entries(TYPE_CODES).map(([k, v]) => [v, k as WireMessage["type"]]),
);

const TWO_32 = 2 ** 32;

function writeHeader(b: Buffer, type: WireMessage["type"], pub: number, seq: number): void {
  b[0] = MAGIC;
  b[1] = WIRE_VERSION;
  b[2] = TYPE_CODES[type];
  b[3] = 0;
  b.writeUInt32LE(pub, 4);
  b.writeUInt32LE(seq % TWO_32, 8);
  b.writeUInt32LE(Math.floor(seq / TWO_32), 12);
}

/** A bar payload (64 bytes). Cheaper than {@link encodeBinary} on the feed's hot path. */
export function encodeBarBinary(pub: number, seq: number, ts: bigint, open: number, high: number, low: number, close: number, volume: number): Buffer {
  const b = Buffer.allocUnsafe(BAR_SIZE);
  writeHeader(b, "bar", pub, seq);
  b.writeBigInt64LE(ts, 16);
  b.writeDoubleLE(open, 24);
  b.writeDoubleLE(high, 32);
  b.writeDoubleLE(low, 40);
  b.writeDoubleLE(close, 48);
  b.writeDoubleLE(volume, 56);
  return b;
}

/** An event payload (56 bytes). */
export function encodeEventBinary(m: EventMessage): Buffer {
  const b = Buffer.allocUnsafe(EVENT_SIZE); // from the pool: Buffer.alloc costs a new ArrayBuffer
  b.fill(0, 50);
  writeHeader(b, m.type, m.pub, m.seq);
  b.writeBigInt64LE(m.ts, 16);
  b.writeDoubleLE(m.price, 24);
  b.writeDoubleLE(m.qty, 32);
  b.writeDoubleLE(m.pnl, 40);
  b.writeInt8(m.side, 48);
  b.writeUInt8(m.code, 49);
  return b;
}

function strings(list: string[], withSeq?: (s: string) => number): Buffer[] {
  const parts: Buffer[] = [];
  for (const s of list) {
    const bytes = Buffer.from(s, "utf8");
    const len = Buffer.alloc(2);
    len.writeUInt16LE(bytes.length, 0);
    parts.push(len, bytes);
    if (withSeq) {
      const seq = Buffer.alloc(8);
      seq.writeBigUInt64LE(BigInt(withSeq(s)), 0);
      parts.push(seq);
    }
  }
  return parts;
}

/** Encodes any message as a binary payload frame. */
export function encodeBinary(m: WireMessage): Buffer {
  switch (m.type) {
    case "bar":
      return encodeBarBinary(m.pub, m.seq, m.ts, m.open, m.high, m.low, m.close, m.volume);
    case "heartbeat": {
      const head = Buffer.alloc(32);
      writeHeader(head, "heartbeat", m.pub, m.seq);
      head.writeBigInt64LE(m.time, 16);
      head.writeUInt32LE(m.intervalMs, 24);
      head.writeUInt32LE(m.symbols.length, 28);
      return Buffer.concat([head, ...strings(m.symbols)]);
    }
    case "eos": {
      const topics = Object.keys(m.last);
      const head = Buffer.alloc(28);
      writeHeader(head, "eos", m.pub, m.seq);
      head.writeBigInt64LE(m.time, 16);
      head.writeUInt32LE(topics.length, 24);
      return Buffer.concat([head, ...strings(topics, (t) => m.last[t])]);
    }
    default:
      return encodeEventBinary(m);
  }
}

function readU64(b: Buffer, off: number, name: string): number {
  const hi = b.readUInt32LE(off + 4);
  if (hi >= 0x20_0000) throw new WireError("bad_field", `${name} exceeds 2^53`);
  return hi * TWO_32 + b.readUInt32LE(off);
}

function need(b: Buffer, end: number, what: string): void {
  if (b.length < end) throw new WireError("wrong_size", `${what} runs past the end of a ${b.length}-byte payload`);
}

function readStrings(b: Buffer, off: number, n: number, what: string, seqs: boolean): { list: string[]; seq: number[]; end: number } {
  const list: string[] = [];
  const seq: number[] = [];
  for (let i = 0; i < n; i++) {
    need(b, off + 2, what);
    const len = b.readUInt16LE(off);
    off += 2;
    need(b, off + len + (seqs ? 8 : 0), what);
    list.push(b.toString("utf8", off, off + len));
    off += len;
    if (seqs) {
      seq.push(readU64(b, off, `${what} sequence`));
      off += 8;
    }
  }
  return { list, seq, end: off };
}

/**
 * Decodes a binary payload. `expected` is the type the topic names, `symbol` the topic's symbol.
 * @throws WireError (bad_magic, bad_version, bad_type, wrong_size, bad_field).
 */
export function decodeBinary(b: Buffer, expected: WireMessage["type"], symbol: string): WireMessage {
  if (b.length < HEADER_SIZE) throw new WireError("wrong_size", `binary payload of ${b.length} bytes is shorter than the ${HEADER_SIZE}-byte header`);
  if (b[0] !== MAGIC) throw new WireError("bad_magic", `first byte 0x${b[0].toString(16)} is neither '{' (JSON) nor 0xba (binary)`);
  if (b[1] !== WIRE_VERSION) throw new WireError("bad_version", `version ${b[1]}, this build reads ${WIRE_VERSION}`);
  const type = TYPE_NAMES.get(b[2]);
  if (type !== expected) throw new WireError("bad_type", `type code ${b[2]} (${type ?? "unknown"}) on a '${expected}' topic`);
  const pub = b.readUInt32LE(4);
  const seq = readU64(b, 8, "seq");
  if (pub === 0 || seq === 0) throw new WireError("bad_field", `publisher id and seq must be >= 1, got ${pub}, ${seq}`);
  switch (type) {
    case "bar": {
      if (b.length !== BAR_SIZE) throw new WireError("wrong_size", `bar payload is ${b.length} bytes, expected ${BAR_SIZE}`);
      const m: BarMessage = {
        type, pub, seq, symbol, ts: b.readBigInt64LE(16),
        open: b.readDoubleLE(24), high: b.readDoubleLE(32), low: b.readDoubleLE(40),
        close: b.readDoubleLE(48), volume: b.readDoubleLE(56),
      };
      return m;
    }
    case "heartbeat": {
      need(b, 32, "heartbeat header");
      const r = readStrings(b, 32, b.readUInt32LE(28), "heartbeat symbol", false);
      if (r.end !== b.length) throw new WireError("wrong_size", `heartbeat has ${b.length - r.end} trailing bytes`);
      const m: HeartbeatMessage = { type, pub, seq, time: b.readBigInt64LE(16), intervalMs: b.readUInt32LE(24), symbols: r.list };
      return m;
    }
    case "eos": {
      need(b, 28, "eos header");
      const r = readStrings(b, 28, b.readUInt32LE(24), "eos topic", true);
      if (r.end !== b.length) throw new WireError("wrong_size", `eos has ${b.length - r.end} trailing bytes`);
      const last: Record<string, number> = {};
      r.list.forEach((t, i) => (last[t] = r.seq[i]));
      const m: EosMessage = { type, pub, seq, time: b.readBigInt64LE(16), last };
      return m;
    }
    default: {
      if (b.length !== EVENT_SIZE) throw new WireError("wrong_size", `event payload is ${b.length} bytes, expected ${EVENT_SIZE}`);
      const side = b.readInt8(48);
      if (side < -1 || side > 1) throw new WireError("bad_field", `side ${side} is not -1, 0 or 1`);
      const m: EventMessage = {
        type: type as EventKind, pub, seq, symbol, ts: b.readBigInt64LE(16),
        price: b.readDoubleLE(24), qty: b.readDoubleLE(32), pnl: b.readDoubleLE(40), side, code: b.readUInt8(49),
      };
      return m;
    }
  }
}
