/** Why a frame could not be decoded. Each reason is a counter in the live report. */
export const MALFORMED_REASONS = [
  /** Not exactly two frames (topic, payload). */
  "bad_frames",
  /** Topic frame is not `bar.<SYM>`, `ctl.hb`, `ctl.eos` or `<event kind>.<SYM>`. */
  "bad_topic",
  /** Payload starts like JSON but does not parse. */
  "bad_json",
  /** Payload is neither JSON nor starts with the binary magic byte. */
  "bad_magic",
  /** Version field is not one this build reads. */
  "bad_version",
  /** Message type unknown, or not the one the topic names. */
  "bad_type",
  /** Binary payload length is not the one its type has. */
  "wrong_size",
  /** A JSON field is missing or has the wrong type; or a ts/seq/pub out of range. */
  "bad_field",
  /** The payload's symbol differs from the topic's. */
  "topic_mismatch",
  /** A frame larger than `--max-frame-bytes`: dropped unread. */
  "oversized",
] as const;

export type MalformedReason = (typeof MALFORMED_REASONS)[number];

/** A frame that cannot be decoded: `reason` is the counter, `message` says what was found. */
export class WireError extends Error {
  constructor(
    readonly reason: MalformedReason,
    message: string,
  ) {
    super(message);
    this.name = "WireError";
  }
}
