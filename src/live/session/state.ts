/**
 * The `--state FILE` of a live run: what a restart needs to continue exactly where the
 * last checkpoint left off, written atomically (temp file + fsync + rename + fsync of the
 * folder) so a crash at any instant leaves either the old or the new state, never half.
 */
import { createHash } from "node:crypto";
import { open, readFile, rename, unlink } from "node:fs/promises";
import { dirname } from "node:path";

import type { EngineConfig } from "../../engine/backtest.js";
import type { SeqPositions } from "./sequence.js";
import type { SessionTotals } from "./session.js";

/** `format` field of a state file. */
export const STATE_FORMAT = "barstream-live-run";
/** Version of the state file layout written by this build (the engine's own state is versioned inside). */
export const STATE_VERSION = 1;

/** A state file (JSON). */
export interface LiveState {
  format: typeof STATE_FORMAT;
  version: number;
  /** When it was written, ISO-8601 UTC. */
  saved_at: string;
  strategy: { file: string; name: string; sha256: string };
  symbols: string[];
  config: EngineConfig;
  /** Position in each feed stream, so a restart on the same feed reports what it missed. */
  sequences: SeqPositions;
  totals: SessionTotals;
  /** The engine's `saveState()` text, kept opaque (its i64 times must not pass through JSON numbers). */
  engine: string;
}

/** Hex SHA-256 of a strategy spec's text (a resume must run the same strategy). */
export function specHash(text: string): string {
  return createHash("sha256").update(text).digest("hex");
}

/**
 * Writes `text` to `file` atomically.
 * @throws Error naming the file when it cannot be written.
 */
export async function writeAtomic(file: string, text: string): Promise<void> {
  const tmp = `${file}.tmp-${process.pid}`;
  try {
    const fh = await open(tmp, "w", 0o600);
    try {
      await fh.writeFile(text);
      await fh.sync();
    } finally {
      await fh.close();
    }
    await rename(tmp, file);
    const dir = await open(dirname(file), "r");
    try {
      await dir.sync();
    } finally {
      await dir.close();
    }
  } catch (err) {
    await unlink(tmp).catch(() => undefined);
    throw new Error(`state file ${file}: cannot write (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`);
  }
}

/**
 * Reads a state file; undefined when it does not exist.
 * @throws Error naming the file and what is wrong (unreadable, not JSON, other format or version).
 */
export async function readState(file: string): Promise<LiveState | undefined> {
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw new Error(`state file ${file}: cannot read (${(err as NodeJS.ErrnoException).code ?? err})`);
  }
  let s: Partial<LiveState>;
  try {
    s = JSON.parse(text) as Partial<LiveState>;
  } catch (err) {
    throw new Error(`state file ${file}: not JSON (${(err as Error).message}); it was not written by barstream live`);
  }
  if (s.format !== STATE_FORMAT) throw new Error(`state file ${file}: format ${JSON.stringify(s.format)}, expected "${STATE_FORMAT}"`);
  if (s.version !== STATE_VERSION) throw new Error(`state file ${file}: version ${s.version}, this build reads ${STATE_VERSION}`);
  for (const key of ["strategy", "symbols", "config", "sequences", "totals", "engine"] as const) {
    if (s[key] === undefined) throw new Error(`state file ${file}: field '${key}' is missing`);
  }
  return s as LiveState;
}

/** Writes checkpoints at most every `everyMs`, one at a time, without blocking the receive loop. */
export class Checkpointer {
  /** Checkpoints written. */
  written = 0;
  /** Duration of the last write (snapshot + file), ms. */
  lastMs = 0;
  private dirty = false;
  private lastAt = 0;
  private inFlight: Promise<void> | undefined;
  private failure: Error | undefined;

  /**
   * @param file state file path.
   * @param everyMs least time between two checkpoints.
   * @param snapshot builds the state text (synchronous: it must see one consistent moment).
   */
  constructor(
    readonly file: string,
    readonly everyMs: number,
    private readonly snapshot: () => string,
  ) {}

  /** Something changed since the last checkpoint. */
  touch(): void {
    this.dirty = true;
  }

  /**
   * Starts a checkpoint when one is due at `now` (ms) and none is being written.
   * @throws Error when the previous write failed.
   */
  tick(now: number): void {
    if (this.failure) throw this.failure;
    if (!this.dirty || this.inFlight || now - this.lastAt < this.everyMs) return;
    this.lastAt = now;
    this.inFlight = this.write().finally(() => (this.inFlight = undefined));
  }

  private async write(): Promise<void> {
    const t0 = performance.now();
    this.dirty = false;
    const text = this.snapshot();
    try {
      await writeAtomic(this.file, text);
      this.written++;
      this.lastMs = performance.now() - t0;
    } catch (err) {
      this.failure = err as Error;
    }
  }

  /** Waits for a write in flight, then writes the current state (the final checkpoint). */
  async close(): Promise<void> {
    while (this.inFlight) await this.inFlight;
    this.dirty = true;
    await this.write();
    if (this.failure) throw this.failure;
  }
}
