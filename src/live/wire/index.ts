/**
 * The barstream wire format: two-frame ZeroMQ messages (topic, payload), payload in JSON
 * or binary. A reader accepts both encodings on every topic: the first payload byte tells
 * them apart (`{` or whitespace for JSON, 0xBA for binary). Spec: docs/live.md "Wire format".
 */
import { decodeBinary, encodeBinary, MAGIC } from "./binary.js";
import { WireError } from "./errors.js";
import { decodeJson, encodeJson } from "./json.js";
import type { Encoding, WireMessage } from "./messages.js";
import { barTopic, EOS_TOPIC, eventTopic, HEARTBEAT_TOPIC, parseTopic } from "./topics.js";

export * from "./messages.js";
export * from "./topics.js";
export { WireError, MALFORMED_REASONS, type MalformedReason } from "./errors.js";
export { encodeBarBinary, BAR_SIZE, EVENT_SIZE, HEADER_SIZE, MAGIC, TYPE_CODES } from "./binary.js";
export { eventCodeName, toJsonObject } from "./json.js";

/** Topic frame text of `m`. */
export function topicOf(m: WireMessage): string {
  switch (m.type) {
    case "bar":
      return barTopic(m.symbol);
    case "heartbeat":
      return HEARTBEAT_TOPIC;
    case "eos":
      return EOS_TOPIC;
    default:
      return eventTopic(m.type, m.symbol);
  }
}

/** Payload frame of `m` in `encoding`. */
export function encodePayload(m: WireMessage, encoding: Encoding): Buffer {
  return encoding === "json" ? encodeJson(m) : encodeBinary(m);
}

/**
 * Decodes one received multipart message (frames as ZeroMQ delivered them).
 * @param maxFrameBytes largest frame read, bytes; a bigger one is refused before any of it is
 *   decoded (a 200 MB topic or payload is never turned into a string or parsed).
 * @throws WireError naming the reason (a counter name) and what was wrong.
 */
export function decodeFrames(frames: Buffer[], maxFrameBytes = Infinity): WireMessage {
  for (const [i, f] of frames.entries()) {
    if (f.length > maxFrameBytes) throw new WireError("oversized", `frame ${i + 1} of ${frames.length} is ${f.length} bytes, over --max-frame-bytes ${maxFrameBytes}`);
  }
  if (frames.length !== 2) throw new WireError("bad_frames", `${frames.length} frames, expected 2 (topic, payload)`);
  const topicText = frames[0].toString("utf8");
  const topic = parseTopic(topicText);
  if (!topic) throw new WireError("bad_topic", `topic '${topicText.slice(0, 64)}' is not bar.<SYM>, ctl.hb, ctl.eos or <event>.<SYM>`);
  const payload = frames[1];
  if (payload.length === 0) throw new WireError("wrong_size", "empty payload");
  const symbol = "symbol" in topic ? topic.symbol : "";
  const first = payload[0];
  if (first === MAGIC) return decodeBinary(payload, topic.kind, symbol);
  if (first === 0x7b || first === 0x5b || first === 0x20 || first === 0x0a || first === 0x0d || first === 0x09) return decodeJson(payload, topic.kind, symbol);
  throw new WireError("bad_magic", `first payload byte 0x${first.toString(16)} is neither '{' (JSON) nor 0xba (binary)`);
}

/** Both frames of `m`. */
export function encodeFrames(m: WireMessage, encoding: Encoding): [string, Buffer] {
  return [topicOf(m), encodePayload(m, encoding)];
}
