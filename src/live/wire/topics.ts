/**
 * Topic frames. ZeroMQ SUB sockets filter on a prefix of the first frame, so the kind of
 * message comes first and the symbol last: `bar.AAPL`, `fill.AAPL`, `ctl.hb`, `ctl.eos`.
 */
import { EVENT_KINDS, type EventKind } from "./messages.js";

/** Prefix of bar topics; the symbol follows. */
export const BAR_PREFIX = "bar.";
/** Prefix of control topics (heartbeat, end of stream). */
export const CTL_PREFIX = "ctl.";
/** Heartbeat topic. */
export const HEARTBEAT_TOPIC = "ctl.hb";
/** End-of-stream topic. */
export const EOS_TOPIC = "ctl.eos";

/** What a topic frame names. */
export type Topic =
  | { kind: "bar"; symbol: string }
  | { kind: "heartbeat" }
  | { kind: "eos" }
  | { kind: EventKind; symbol: string };

/** Topic of a bar of `symbol`. */
export function barTopic(symbol: string): string {
  return BAR_PREFIX + symbol;
}

/** Topic of a decision of `kind` on `symbol` (`fill.AAPL`). */
export function eventTopic(kind: EventKind, symbol: string): string {
  return `${kind}.${symbol}`;
}

const EVENT_PREFIXES = new Map<string, EventKind>(EVENT_KINDS.map((k) => [k, k]));

/**
 * Parses a topic frame (text). Returns undefined when it is none of the topics above
 * (the caller counts it as `bad_topic`). A symbol is any non-empty text after the first dot.
 */
export function parseTopic(topic: string): Topic | undefined {
  if (topic.startsWith(BAR_PREFIX)) {
    return topic.length > BAR_PREFIX.length ? { kind: "bar", symbol: topic.slice(BAR_PREFIX.length) } : undefined;
  }
  if (topic === HEARTBEAT_TOPIC) return { kind: "heartbeat" };
  if (topic === EOS_TOPIC) return { kind: "eos" };
  const dot = topic.indexOf(".");
  if (dot > 0 && dot < topic.length - 1) {
    const kind = EVENT_PREFIXES.get(topic.slice(0, dot));
    if (kind) return { kind, symbol: topic.slice(dot + 1) };
  }
  return undefined;
}
