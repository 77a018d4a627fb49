/** Decision logging: one readable line per decision, and an optional JSONL file of all of them. */
import { createWriteStream, type WriteStream } from "node:fs";

import { nsToIso } from "../data/time.js";
import { eventCodeName, toJsonObject, type EventMessage } from "./wire/index.js";

const SIDES: Record<number, string> = { 1: "long", [-1]: "short", 0: "flat" };

const fmt = (x: number, digits = 4) => (Number.isNaN(x) ? "-" : Number(x.toFixed(digits)).toString());

/** `2015-03-02T00:00:00.000Z fill GOOG long 18 @ 560.53 (entry)` */
export function eventLine(m: EventMessage): string {
  const name = eventCodeName(m.type, m.code);
  const parts = [nsToIso(m.ts), m.type, m.symbol, SIDES[m.side] ?? String(m.side)];
  if (!Number.isNaN(m.qty)) parts.push(fmt(m.qty));
  if (!Number.isNaN(m.price)) parts.push(`@ ${fmt(m.price)}`);
  if (!Number.isNaN(m.pnl)) parts.push(`pnl ${fmt(m.pnl, 2)}`);
  if (name) parts.push(`(${name})`);
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
