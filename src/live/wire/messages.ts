/**
 * The messages of the barstream wire format (docs/live.md "Wire format"), decoded.
 * Every message travels as two ZeroMQ frames: a topic (see topics.ts) and a payload
 * (JSON or the versioned little-endian binary layout, see json.ts and binary.ts).
 */

/** Version of the wire format written by this build and the only one it reads. */
export const WIRE_VERSION = 1;

/** Payload encodings a publisher can write; a reader accepts both on any topic. */
export type Encoding = "json" | "binary";

/** Fields every payload carries: who published it and where it is in its topic's stream. */
export interface Envelope {
  /** Publisher id: random u32 (1..2^32-1) picked when a publisher starts, so a restart is a new stream. */
  pub: number;
  /** Sequence number within (publisher, topic): 1 for the first message, +1 for each next one. */
  seq: number;
}

/** One OHLCV bar (topic `bar.<SYMBOL>`). */
export interface BarMessage extends Envelope {
  type: "bar";
  symbol: string;
  /** Bar open time, UTC nanoseconds (i64). */
  ts: bigint;
  open: number;
  high: number;
  low: number;
  close: number;
  volume: number;
}

/** Periodic liveness message (topic `ctl.hb`); also announces the publisher's universe. */
export interface HeartbeatMessage extends Envelope {
  type: "heartbeat";
  /** Publisher's wall clock when sent, UTC nanoseconds. */
  time: bigint;
  /** Promised interval to the next heartbeat, milliseconds. */
  intervalMs: number;
  /** Symbols this publisher publishes (may be empty for an event publisher). */
  symbols: string[];
}

/** End of stream (topic `ctl.eos`): the publisher will send nothing more. */
export interface EosMessage extends Envelope {
  type: "eos";
  /** Publisher's wall clock when sent, UTC nanoseconds. */
  time: bigint;
  /** Last sequence number sent per topic, so a reader can tell drops at the tail. */
  last: Record<string, number>;
}

/** Names of the decisions a live engine publishes, index = binary type - EVENT_TYPE_BASE. */
export const EVENT_KINDS = ["signal", "order", "fill", "position", "trade_closed"] as const;
export type EventKind = (typeof EVENT_KINDS)[number];

/** Signal codes of a `signal` event. */
export const SIGNAL_NAMES = ["entry_long", "exit_long", "entry_short", "exit_short"] as const;

/** `code` of a fill or trade_closed event that opened a position rather than closing one. */
export const ENTRY_CODE = 255;

/** One decision of the live engine (topic `<kind>.<SYMBOL>`). */
export interface EventMessage extends Envelope {
  type: EventKind;
  symbol: string;
  /** Time of the bar in which the event happened, UTC nanoseconds. */
  ts: bigint;
  /** signal: +1 long rule, -1 short rule; order: side to enter, 0 for an exit; fill: +1 buy, -1 sell;
   *  position: side after the fill (0 flat); trade_closed: the trade's side. */
  side: number;
  /** Fill price; bar close for signal/order; NaN when none. */
  price: number;
  /** Units (position: units held after the fill); NaN when none. */
  qty: number;
  /** Net P&L of a closed trade, currency; NaN otherwise. */
  pnl: number;
  /** signal: index into SIGNAL_NAMES; others: exit reason code (EXIT_REASONS), 255 = entry. */
  code: number;
}

/** Any decoded message. */
export type WireMessage = BarMessage | HeartbeatMessage | EosMessage | EventMessage;

/**
 * Names of exit reason codes, index = code. Mirrors the engine's `ExitReason::ALL`
 * (crates/engine/src/trade.rs); tests/live/wire.test.ts checks it against the addon.
 */
export const EXIT_REASONS = [
  "signal", "reverse", "stop_loss", "take_profit", "trailing_stop", "atr_stop", "time_exit", "end_of_data", "open",
] as const;
