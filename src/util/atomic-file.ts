/**
 * Atomic file replacement: every output file barstream writes goes through here, so a kill, a
 * Ctrl-C or a full disk leaves either the previous file or the new one, never a truncated mix.
 *
 * How: write a temporary file in the target's folder (`.<name>.tmp-<pid>-<random>`, hidden and
 * not matching any data extension, so a dataset scan never reads it), fsync it, rename it over the
 * target (atomic on POSIX within one file system), fsync the folder so the rename survives a power
 * cut. On error, or on process.exit() mid-write, the temporary file is removed; one left by a
 * SIGKILL or an unhandled Ctrl-C is removed by the next atomic write into its folder once its
 * process is gone ({@link removeStaleTemps}).
 */
import { closeSync, fsyncSync, openSync, readdirSync, renameSync, unlinkSync, writeSync } from "node:fs";
import { open, rename, unlink } from "node:fs/promises";
import { constants as osConstants } from "node:os";
import { basename, dirname, join } from "node:path";
import { randomBytes } from "node:crypto";

import type pl from "nodejs-polars";

import { holdAt } from "./test-seams.js";

/**
 * A file that could not be written: names the file (with the flag that chose it, if given) and the
 * OS error; the previous file, if any, is unchanged. The CLI exits 1 for it (a runtime error).
 */
export class AtomicWriteError extends Error {
  override readonly name = "AtomicWriteError";

  constructor(
    /** The target path. */
    readonly file: string,
    /** The OS error code (`ENOSPC`, `EACCES`, ...), undefined when the error had none. */
    readonly code: string | undefined,
    detail: string,
    label?: string,
  ) {
    super(`${label ? `${label} ` : ""}${file}: cannot write (${detail}); the previous file, if any, is unchanged`);
  }
}

/** Options of the atomic writers. */
export interface AtomicWriteOptions {
  /** Prefix of the error message, e.g. `--out` or `--html` (the flag that named the file). */
  label?: string;
  /** File mode of a new file (default 0o666 less the umask); keygen uses 0o600. */
  mode?: number;
}

const ERRNO_NAMES = new Map(Object.entries(osConstants.errno).map(([name, n]) => [n, name]));

/** What went wrong, for people: `disk full (ENOSPC)`, `permission denied (EACCES)`, or the code/message. */
function describeError(err: unknown): { code: string | undefined; detail: string } {
  const e = err as NodeJS.ErrnoException;
  // nodejs-polars reports I/O errors as text ending in "(os error N)".
  const osErr = /\(os error (\d+)\)/.exec(String(e?.message ?? err));
  // nodejs-polars' errors carry napi's code ("GenericFailure"), not an errno name: prefer the OS error.
  const code = osErr ? ERRNO_NAMES.get(Number(osErr[1])) : e?.code !== undefined && /^E[A-Z]+$/.test(e.code) ? e.code : undefined;
  const plain: Record<string, string> = {
    ENOSPC: "disk full",
    EDQUOT: "disk quota exceeded",
    EACCES: "permission denied",
    EPERM: "operation not permitted",
    EROFS: "read-only file system",
    ENOENT: "folder does not exist",
    EISDIR: "is a folder",
    ENOTDIR: "a parent is not a folder",
  };
  if (code !== undefined) return { code, detail: plain[code] ? `${plain[code]} (${code})` : code };
  return { code: undefined, detail: String(e?.message ?? err) };
}

/** The temporary name for `file`: same folder, hidden, unique per process and call. */
export function tempPathFor(file: string): string {
  return join(dirname(file), `.${basename(file)}.tmp-${process.pid}-${randomBytes(4).toString("hex")}`);
}

const TEMP_NAME = /^\..+\.tmp-(\d+)-[0-9a-f]{8}$/;

/** Temporary files of unfinished writes, removed if the process exits before finishing them. */
const pending = new Set<string>();
let exitHookInstalled = false;

function track(tmp: string): void {
  if (!exitHookInstalled) {
    exitHookInstalled = true;
    // A process.exit() mid-write (a second Ctrl-C) must not leave temporary files behind.
    process.on("exit", () => {
      for (const t of pending) {
        try {
          unlinkSync(t);
        } catch {
          // already gone
        }
      }
    });
  }
  pending.add(tmp);
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === "EPERM";
  }
}

/**
 * Removes temporary files of atomic writes in `dir` left by processes that no longer run (a
 * SIGKILL mid-write). Files of live processes and any other file are left alone.
 * @returns the removed paths.
 */
export function removeStaleTemps(dir: string): string[] {
  const removed: string[] = [];
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return removed;
  }
  for (const name of names) {
    const m = TEMP_NAME.exec(name);
    if (!m || Number(m[1]) === process.pid || isAlive(Number(m[1]))) continue;
    try {
      unlinkSync(join(dir, name));
      removed.push(join(dir, name));
    } catch {
      // raced with another cleaner: fine
    }
  }
  return removed;
}

async function syncPath(path: string, flags: string): Promise<void> {
  const fh = await open(path, flags);
  try {
    await fh.sync();
  } finally {
    await fh.close();
  }
}

/**
 * Replaces `file` atomically with what `writeTo(tmp)` writes to a temporary path in the same
 * folder (the writer may be synchronous, e.g. nodejs-polars' `writeCSV`). The temporary file is
 * fsynced, renamed over `file`, and the folder fsynced.
 *
 * # Errors
 * {@link AtomicWriteError} naming `file` and the OS error (`disk full (ENOSPC)`, ...) when writing,
 * syncing or renaming fails; the temporary file is removed and `file` keeps its previous content.
 */
export async function replaceFileAtomic(file: string, writeTo: (tmp: string) => unknown, opts: AtomicWriteOptions = {}): Promise<void> {
  removeStaleTemps(dirname(file));
  const tmp = tempPathFor(file);
  track(tmp);
  try {
    await writeTo(tmp);
    await syncPath(tmp, "r+");
    await holdAt("rename", file);
    await rename(tmp, file);
    pending.delete(tmp);
    await syncPath(dirname(file), "r");
  } catch (err) {
    await unlink(tmp).catch(() => undefined);
    pending.delete(tmp);
    const { code, detail } = describeError(err);
    throw new AtomicWriteError(file, code, detail, opts.label);
  }
}

/**
 * Writes `data` (text as UTF-8, or bytes) to `file` atomically (see {@link replaceFileAtomic}).
 * @throws AtomicWriteError naming the file and the OS error; the previous file is unchanged.
 */
export async function writeFileAtomic(file: string, data: string | Uint8Array, opts: AtomicWriteOptions = {}): Promise<void> {
  const bytes = typeof data === "string" ? Buffer.from(data) : data;
  await replaceFileAtomic(
    file,
    async (tmp) => {
      const fh = await open(tmp, "wx", opts.mode ?? 0o666);
      try {
        const half = bytes.length >> 1;
        await fh.write(bytes, 0, half);
        await holdAt("mid-write", file);
        await fh.write(bytes, half, bytes.length - half);
      } finally {
        await fh.close();
      }
    },
    opts,
  );
}

/**
 * Writes `frame` to `file` atomically as CSV or Parquet (nodejs-polars writes the temporary file).
 * @throws AtomicWriteError naming the file and the OS error; the previous file is unchanged.
 */
export async function writeFrameAtomic(
  file: string,
  frame: pl.DataFrame,
  format: "csv" | "parquet",
  opts: AtomicWriteOptions & { compression?: "zstd" } = {},
): Promise<void> {
  await replaceFileAtomic(
    file,
    (tmp) => (format === "csv" ? frame.writeCSV(tmp) : frame.writeParquet(tmp, opts.compression ? { compression: opts.compression } : undefined)),
    opts,
  );
}

/**
 * Synchronous {@link writeFileAtomic} for small files written from synchronous code (key files).
 * @throws AtomicWriteError naming the file and the OS error; the previous file is unchanged.
 */
export function writeFileAtomicSync(file: string, data: string, opts: AtomicWriteOptions = {}): void {
  const tmp = tempPathFor(file);
  track(tmp);
  let fd: number | undefined;
  try {
    fd = openSync(tmp, "wx", opts.mode ?? 0o666);
    writeSync(fd, data);
    fsyncSync(fd);
    closeSync(fd);
    fd = undefined;
    renameSync(tmp, file);
    pending.delete(tmp);
    const dirFd = openSync(dirname(file), "r");
    try {
      fsyncSync(dirFd);
    } finally {
      closeSync(dirFd);
    }
  } catch (err) {
    if (fd !== undefined) closeSync(fd);
    try {
      unlinkSync(tmp);
    } catch {
      // never created, or renamed already
    }
    pending.delete(tmp);
    const { code, detail } = describeError(err);
    throw new AtomicWriteError(file, code, detail, opts.label);
  }
}
