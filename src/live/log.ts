/** Decision logging: one readable line per decision, and an optional JSONL file of all of them. */
import { createWriteStream, type WriteStream } from "node:fs";

import { nsToIso } from "../data/time.js";
import { eventCodeName, toJsonObject, type EventMessage } from "./wire/index.js";

/** How each kind reads its `side` (docs/live.md "Events"). */
const SIDE_WORDS: Record<string, Record<number, string>> = {
  order: { 1: "buy", [-1]: "sell", 0: "exit" },
  fill: { 1: "buy", [-1]: "sell" },
  position: { 1: "long", [-1]: "short", 0: "flat" },
  trade_closed: { 1: "long", [-1]: "short" },
};

const fmt = (x: number, digits = 4) => (Number.isNaN(x) ? "-" : Number(x.toFixed(digits)).toString());

/** One readable line: `2004-11-17T00:00:00.000Z fill GOOG sell 59 @ 169.02 (entry)`; a signal shows its rule. */
export function eventLine(m: EventMessage): string {
  const name = eventCodeName(m.type, m.code);
  const parts = [nsToIso(m.ts), m.type, m.symbol];
  if (m.type === "signal") parts.push(name ?? String(m.code));
  else parts.push(SIDE_WORDS[m.type]?.[m.side] ?? String(m.side));
  if (!Number.isNaN(m.qty)) parts.push(fmt(m.qty));
  if (!Number.isNaN(m.price)) parts.push(`@ ${fmt(m.price)}`);
  if (!Number.isNaN(m.pnl)) parts.push(`pnl ${fmt(m.pnl, 2)}`);
  if (m.type !== "signal" && name) parts.push(`(${name})`);
  return parts.join(" ");
}

/** Appends every decision as one JSON object per line (the wire's JSON payload plus `time`, ISO). */
export class EventJsonl {
  private readonly out: WriteStream;

  /** Opens `file` for appending (a resumed run continues the same log). */
  constructor(readonly file: string) {
    this.out = createWriteStream(file, { flags: "a" });
  }

  write(m: EventMessage): void {
    this.out.write(`${JSON.stringify({ ...toJsonObject(m), time: nsToIso(m.ts) })}\n`);
  }

  /** Flushes and closes the file. */
  close(): Promise<void> {
    return new Promise((resolve, reject) => this.out.end((err?: Error | null) => (err ? reject(err) : resolve())));
  }
}
