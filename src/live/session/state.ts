/**
 * The `--state FILE` of a live run: what a restart needs to continue exactly where the
 * last checkpoint left off, written atomically (FILE.tmp + fsync + rename + fsync of the
 * folder) so a crash at any instant leaves either the old or the new state, never half.
 *
 * The state is bounded: the engine's history (bar times, closes, equity, closed trades)
 * leaves it at each checkpoint and is appended to FILE.history.jsonl, whose length the
 * state records. The state's JSON carries a SHA-256 seal over the rest of its content, so
 * an edit (a changed cash figure) or damage is refused instead of trusted.
 */
import { createHash } from "node:crypto";
import { createReadStream } from "node:fs";
import { open, readFile, rename, stat, truncate, unlink } from "node:fs/promises";
import { dirname } from "node:path";
import { createInterface } from "node:readline";

import type { EngineConfig } from "../../engine/backtest.js";
import type { SeqPositions } from "./sequence.js";
import type { SessionTotals } from "./session.js";

/** `format` field of a state file. */
export const STATE_FORMAT = "barstream-live-run";
/**
 * Version of the state file layout written by this build (the engine's own state is
 * versioned inside). 2: SHA-256 `seal`, `history_bytes`, history in FILE.history.jsonl.
 */
export const STATE_VERSION = 2;

/** A state file (JSON), without its seal. */
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
  /** Length of the history log ({@link historyFile}) that belongs to this state, bytes. */
  history_bytes: number;
  /** The engine's `saveState()` text, kept opaque (its i64 times must not pass through JSON numbers). */
  engine: string;
}

/** The history log of state file `file`: one engine history chunk per line. */
export const historyFile = (file: string): string => `${file}.history.jsonl`;

/** The temp name a checkpoint of `file` is written to before the rename (same folder). */
export const tempFile = (file: string): string => `${file}.tmp`;

const sha256 = (text: string): string => createHash("sha256").update(text).digest("hex");

/** The file text of `state`: its JSON with a `seal` field last, the SHA-256 (hex) of the JSON before it. */
export function sealState(state: LiveState): string {
  const body = JSON.stringify(state);
  return `${body.slice(0, -1)},"seal":"${sha256(body)}"}`;
}

/** Hex SHA-256 of a strategy spec's text (a resume must run the same strategy). */
export function specHash(text: string): string {
  return sha256(text);
}

/**
 * Writes `text` to `file` atomically.
 * @throws Error naming the file when it cannot be written.
 */
export async function writeAtomic(file: string, text: string): Promise<void> {
  // One fixed name, so a temp file left by a kill is found (and removed) by the next run.
  const tmp = tempFile(file);
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
 * @throws Error naming the file and what is wrong: unreadable, not JSON, other format or
 *   version, a field missing, or a seal that does not match the content (edited or damaged).
 */
export async function readState(file: string): Promise<LiveState | undefined> {
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw new Error(`state file ${file}: cannot read (${(err as NodeJS.ErrnoException).code ?? err})`);
  }
  let s: Partial<LiveState> & { seal?: unknown };
  try {
    s = JSON.parse(text) as Partial<LiveState>;
  } catch (err) {
    throw new Error(`state file ${file}: not JSON (${(err as Error).message}); it was not written by barstream live, or it was damaged`);
  }
  if (typeof s !== "object" || s === null || Array.isArray(s)) throw new Error(`state file ${file}: not a JSON object; it was not written by barstream live`);
  if (s.format !== STATE_FORMAT) throw new Error(`state file ${file}: format ${JSON.stringify(s.format)}, expected "${STATE_FORMAT}"`);
  if (s.version === 1) {
    throw new Error(`state file ${file}: version 1 (an earlier barstream, without checksum or history log); this build reads ${STATE_VERSION} and does not convert it: finish that run with the earlier build, or start afresh with another --state`);
  }
  if (s.version !== STATE_VERSION) throw new Error(`state file ${file}: version ${s.version}, this build reads ${STATE_VERSION}`);
  const { seal, ...content } = s;
  if (typeof seal !== "string") throw new Error(`state file ${file} was modified or corrupted (its checksum field 'seal' is missing)`);
  if (sha256(JSON.stringify(content)) !== seal) throw new Error(`state file ${file} was modified or corrupted (checksum mismatch)`);
  for (const key of ["strategy", "symbols", "config", "sequences", "totals", "history_bytes", "engine"] as const) {
    if (content[key] === undefined) throw new Error(`state file ${file}: field '${key}' is missing`);
  }
  return content as LiveState;
}

/**
 * Readies the files next to state file `file` for a run: removes a temp file left by a
 * checkpoint that was killed mid-write, and cuts the history log back to the length
 * `saved` records (lines appended after its checkpoint are written again by this run;
 * without a saved state the log starts empty).
 *
 * @param log receives one line per file changed.
 * @returns the history log, ready for appending.
 * @throws Error naming the log when it is shorter than the state records (truncated or
 *   replaced: the report could not be rebuilt) or cannot be read or cut.
 */
export async function prepareStateFiles(file: string, saved: LiveState | undefined, log: (line: string) => void): Promise<HistoryLog> {
  const tmp = tempFile(file);
  try {
    await unlink(tmp);
    log(`removed ${tmp}, left by a checkpoint that was interrupted`);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== "ENOENT") throw new Error(`state file ${file}: cannot remove the stale ${tmp} (${(err as NodeJS.ErrnoException).code})`);
  }
  const hist = historyFile(file);
  const want = saved?.history_bytes ?? 0;
  let size = 0;
  try {
    size = (await stat(hist)).size;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== "ENOENT") throw new Error(`history log ${hist}: cannot read (${(err as NodeJS.ErrnoException).code})`);
  }
  if (size < want) {
    throw new Error(`history log ${hist} has ${size} bytes, but state file ${file} records ${want}: the log was truncated or replaced, so the report cannot be rebuilt`);
  }
  if (size > want) {
    try {
      await truncate(hist, want);
    } catch (err) {
      throw new Error(`history log ${hist}: cannot cut it back to ${want} bytes (${(err as NodeJS.ErrnoException).code})`);
    }
    log(`history log ${hist}: dropped ${size - want} bytes written after the last checkpoint${saved ? "" : " (no state file: a new run)"}`);
  }
  return new HistoryLog(hist, want);
}

/** The append-only history log of a state file: one engine history chunk per line. */
export class HistoryLog {
  /**
   * @param file the log's path.
   * @param bytes its length now, bytes.
   */
  constructor(
    readonly file: string,
    public bytes: number,
  ) {}

  /**
   * Appends one chunk as a line and syncs it to disk.
   * @returns the log's length after it, bytes.
   * @throws Error naming the log when it cannot be written (e.g. ENOSPC).
   */
  async append(chunk: string): Promise<number> {
    const line = `${chunk}\n`;
    try {
      const fh = await open(this.file, "a", 0o600);
      try {
        await fh.writeFile(line);
        await fh.sync();
      } finally {
        await fh.close();
      }
    } catch (err) {
      throw new Error(`history log ${this.file}: cannot append (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`);
    }
    this.bytes += Buffer.byteLength(line);
    return this.bytes;
  }

  /**
   * Gives every chunk of the log (up to {@link HistoryLog.bytes}), oldest first, to `restore`.
   * @throws Error naming the log and line when it cannot be read or `restore` refuses a chunk.
   */
  async replay(restore: (chunk: string) => void): Promise<void> {
    if (this.bytes === 0) return;
    const lines = createInterface({ input: createReadStream(this.file, { start: 0, end: this.bytes - 1, encoding: "utf8" }), crlfDelay: Infinity });
    let n = 0;
    for await (const line of lines) {
      n++;
      if (line === "") continue;
      try {
        restore(line);
      } catch (err) {
        throw new Error(`history log ${this.file} line ${n}: ${(err as Error).message}`);
      }
    }
  }
}

/** One checkpoint, taken at one instant. */
export interface CheckpointSnapshot {
  /** A history chunk taken with it ("" when none), appended to the history log before the state is written. */
  history: string;
  /** The state file's text, given the history log's length once the chunk is in it (bytes). */
  state(historyBytes: number): string;
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
   * @param snapshot takes the checkpoint (synchronous: it must see one consistent moment).
   * @param history where history chunks go (required when snapshots carry any).
   */
  constructor(
    readonly file: string,
    readonly everyMs: number,
    private readonly snapshot: () => CheckpointSnapshot,
    private readonly history?: HistoryLog,
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
    const snap = this.snapshot();
    try {
      let bytes = this.history?.bytes ?? 0;
      if (snap.history) {
        if (!this.history) throw new Error(`state file ${this.file}: a history chunk but no history log`);
        // The log first: a kill between the two leaves lines the state does not count, which the next start cuts off.
        bytes = await this.history.append(snap.history);
      }
      await writeAtomic(this.file, snap.state(bytes));
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
