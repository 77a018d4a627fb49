/** The wire format: round trips on real bars, the documented binary layout, every malformed-frame reason. */
import { describe, expect, it } from "vitest";

import { openDataset } from "../../src/data/index.js";
import { native } from "../../src/engine/native.js";
import {
  BAR_SIZE,
  decodeFrames,
  encodeFrames,
  EVENT_SIZE,
  EXIT_REASONS,
  MAGIC,
  WireError,
  type EventMessage,
  type WireMessage,
} from "../../src/live/wire/index.js";
import { barMessages, GOOG } from "./fixtures.js";

const frames = (m: WireMessage, enc: "json" | "binary") => {
  const [t, p] = encodeFrames(m, enc);
  return [Buffer.from(t), p];
};

function reasonOf(f: Buffer[]): string {
  try {
    decodeFrames(f);
  } catch (err) {
    if (err instanceof WireError) return err.reason;
    throw err;
  }
  return "decoded";
}

describe("wire format", () => {
  it("round-trips every GOOG bar exactly in both encodings", async () => {
    const bars = await barMessages(GOOG);
    expect(bars.length).toBe(2148);
    for (const enc of ["json", "binary"] as const) {
      for (const m of bars) expect(decodeFrames(frames(m, enc))).toEqual(m);
    }
  });

  it("lays a binary bar out as documented (docs/live.md): 16-byte header, then ts and OHLCV, little-endian", async () => {
    const [m] = await barMessages(GOOG, 0xdeadbeef);
    const [topic, p] = frames({ ...m, seq: 2 ** 40 + 5 }, "binary");
    expect(topic.toString()).toBe("bar.GOOG");
    expect(p.length).toBe(BAR_SIZE);
    const v = new DataView(p.buffer, p.byteOffset, p.byteLength);
    expect([v.getUint8(0), v.getUint8(1), v.getUint8(2), v.getUint8(3)]).toEqual([MAGIC, 1, 1, 0]);
    expect(v.getUint32(4, true)).toBe(0xdeadbeef);
    expect(v.getBigUint64(8, true)).toBe(2n ** 40n + 5n);
    // First row of GOOG.csv: 2004-08-19,100,104.06,95.96,100.34,22351900
    expect(v.getBigInt64(16, true)).toBe(BigInt(Date.UTC(2004, 7, 19)) * 1_000_000n);
    expect([24, 32, 40, 48, 56].map((o) => v.getFloat64(o, true))).toEqual([100, 104.06, 95.96, 100.34, 22351900]);
  });

  it("writes JSON with the timestamp as a decimal string of nanoseconds", async () => {
    const [m] = await barMessages(GOOG, 3);
    const o = JSON.parse(frames(m, "json")[1].toString());
    expect(o).toEqual({ v: 1, type: "bar", pub: 3, seq: 1, symbol: "GOOG", ts: "1092873600000000000", open: 100, high: 104.06, low: 95.96, close: 100.34, volume: 22351900 });
  });

  it("round-trips heartbeats, end of stream and every decision kind", () => {
    const msgs: WireMessage[] = [
      { type: "heartbeat", pub: 9, seq: 4, time: 1_700_000_000_123_456_789n, intervalMs: 1000, symbols: ["GOOG", "BTC-USD", "ÄPFEL"] },
      { type: "eos", pub: 9, seq: 1, time: 1_700_000_000_000_000_000n, last: { "bar.GOOG": 2148, "ctl.hb": 12 } },
    ];
    const kinds = ["signal", "order", "fill", "position", "trade_closed"] as const;
    kinds.forEach((type, i) => {
      msgs.push({ type, pub: 1, seq: i + 1, symbol: "GOOG", ts: -5n, side: i % 3 - 1, price: 101.5 + i, qty: i === 0 ? NaN : 12, pnl: type === "trade_closed" ? -3.25 : NaN, code: type === "fill" ? 255 : 2 } as EventMessage);
    });
    for (const enc of ["json", "binary"] as const) {
      for (const m of msgs) expect(decodeFrames(frames(m, enc))).toEqual(m);
    }
    expect(frames(msgs[2], "binary")[1].length).toBe(EVENT_SIZE);
    const fill = JSON.parse(frames(msgs[4], "json")[1].toString());
    expect(fill).toMatchObject({ type: "fill", reason: "entry", pnl: null });
    expect(JSON.parse(frames(msgs[6], "json")[1].toString())).toMatchObject({ type: "trade_closed", reason: "stop_loss", pnl: -3.25 });
  });

  it("names exit reason codes exactly as the engine does", async () => {
    const ds = await openDataset(GOOG);
    const { batch } = await ds.load();
    const res = await native.backtestBatch(batch, JSON.stringify({ name: "t", entry_long: "close > open" }), {});
    expect([...EXIT_REASONS]).toEqual(res.exitReasons);
  });

  it("gives every malformed frame its reason", async () => {
    const [bar] = await barMessages(GOOG);
    const [topic, bin] = frames(bar, "binary");
    const json = (o: object) => [topic, Buffer.from(JSON.stringify(o))];
    const good = JSON.parse(frames(bar, "json")[1].toString());
    const binWith = (off: number, byte: number) => {
      const b = Buffer.from(bin);
      b[off] = byte;
      return [topic, b];
    };
    const cases: Array<[string, Buffer[]]> = [
      ["bad_frames", [topic]],
      ["bad_frames", [topic, bin, bin]],
      ["bad_topic", [Buffer.from("bars.GOOG"), bin]],
      ["bad_topic", [Buffer.from("bar."), bin]],
      ["bad_json", [topic, Buffer.from('{"v":1,"type":"bar",')]],
      ["bad_json", [topic, Buffer.from("[1,2]")]],
      ["bad_magic", [topic, Buffer.from([0x01, 0x02, 0x03])]],
      ["bad_version", json({ ...good, v: 2 })],
      ["bad_version", binWith(1, 2)],
      ["bad_type", json({ ...good, type: "heartbeat" })],
      ["bad_type", binWith(2, 2)],
      ["bad_type", binWith(2, 99)],
      ["wrong_size", [topic, bin.subarray(0, 63)]],
      ["wrong_size", [topic, Buffer.concat([bin, Buffer.alloc(1)])]],
      ["wrong_size", [topic, bin.subarray(0, 10)]],
      ["wrong_size", [topic, Buffer.alloc(0)]],
      ["bad_field", json({ ...good, ts: 1092873600000000000 })], // a JSON number cannot hold it exactly
      ["bad_field", json({ ...good, ts: "2004-08-19" })],
      ["bad_field", json({ ...good, close: "100.34" })],
      ["bad_field", json({ ...good, close: undefined })],
      ["bad_field", json({ ...good, seq: 0 })],
      ["bad_field", json({ ...good, pub: -1 })],
      ["topic_mismatch", json({ ...good, symbol: "AAPL" })],
    ];
    for (const [reason, f] of cases) expect([reason, reasonOf(f)]).toEqual([reason, reason]);
    // NaN prices decode (JSON null, binary NaN) and are left to validation (not_finite).
    const nan = decodeFrames(json({ ...good, close: null }));
    expect(nan).toMatchObject({ type: "bar", close: NaN });
  });
});
