/**
 * The CSV file as bytes, before and beside polars: {@link sniffCsv} refuses content polars would spend
 * minutes and gigabytes on (NUL bytes, a line over 1 MiB, CR-only line endings) with the file and row;
 * {@link repairCsv} is the fallback text pass for rows polars cannot parse at all (a non-UTF-8 byte, more
 * fields than the header), which it marks so that validation counts them under rules `invalid_utf8` and
 * `extra_field` (skippable, or an error naming file, row and field); {@link splitCsvLine} splits one line
 * by RFC 4180 (quoted fields may hold commas and doubled quotes).
 */
import { closeSync, mkdtempSync, openSync, readSync, rmSync, writeSync } from "node:fs";
import { isUtf8 } from "node:buffer";
import { tmpdir } from "node:os";
import { join } from "node:path";

import { FileError } from "./errors.js";

/** Longest accepted line, in bytes (a daily or minute bar is under 200 bytes). */
export const MAX_LINE_BYTES = 1 << 20;
const CHUNK = 4 << 20;
const NL = 0x0a;
const CR = 0x0d;

/**
 * Fields of one CSV line by RFC 4180: commas inside double quotes do not split, `""` inside quotes is a
 * quote; the surrounding quotes are removed and each field trimmed. `raw` returns the untrimmed,
 * still-quoted field texts (their concatenation with commas is the line).
 */
export function splitCsvLine(line: string, raw = false): string[] {
  const out: string[] = [];
  let field = "";
  let start = 0;
  let quoted = false;
  for (let i = 0; i <= line.length; i++) {
    const ch = line[i];
    if (quoted) {
      if (ch === '"' && line[i + 1] === '"') {
        field += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else if (ch !== undefined) field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === "," || ch === undefined) {
      out.push(raw ? line.slice(start, i) : field.trim());
      field = "";
      start = i + 1;
    } else field += ch;
  }
  return out;
}

let shared: Buffer | undefined;

/** One read buffer for every sniff (allocating and zeroing 4 MiB per file cost more than reading it). */
function chunkBuffer(): Buffer {
  shared ??= Buffer.allocUnsafe(CHUNK);
  return shared;
}

/** Data row (1-based; 0 = the header line) of byte `offset`: the count of `\n` before it. */
function rowAt(fd: number, offset: number): number {
  const buf = Buffer.allocUnsafe(CHUNK);
  let row = 0;
  for (let pos = 0; pos < offset; ) {
    const n = readSync(fd, buf, 0, Math.min(CHUNK, offset - pos), pos);
    if (n <= 0) break;
    for (let i = buf.indexOf(NL, 0); i >= 0 && i < n; i = buf.indexOf(NL, i + 1)) row++;
    pos += n;
  }
  return row;
}

/**
 * Streams `path` once (4 MiB reads, native byte searches: no per-line JavaScript work) and throws before
 * polars reads it when it is not line-oriented text.
 *
 * # Errors
 * `FileError` naming the file and data row (none for the header) for a NUL byte (a binary or
 * NUL-padded file), a line longer than {@link MAX_LINE_BYTES}, or line endings that are CR only.
 */
export function sniffCsv(path: string): void {
  const fd = openSync(path, "r");
  try {
    const buf = chunkBuffer();
    let lineStart = 0; // absolute offset of the current line
    let pos = 0;
    for (;;) {
      const n = readSync(fd, buf, 0, CHUNK, pos);
      if (n <= 0) break;
      const chunk = buf.subarray(0, n);
      const nul = chunk.indexOf(0);
      if (nul >= 0) throw binary(path, fd, pos + nul, "a NUL byte: this is a binary or NUL-padded file, not CSV text");
      if (pos === 0 && chunk.indexOf(NL) < 0 && chunk.indexOf(CR) >= 0) {
        throw new FileError(path, "lines end in CR only (classic Mac); convert them to LF first, e.g. `tr '\\r' '\\n' < in.csv > out.csv`");
      }
      // Step from line end to line end, at most MAX_LINE_BYTES apart: about one search per MiB.
      for (;;) {
        const limit = lineStart + MAX_LINE_BYTES - pos; // a newline must come at or before this index
        if (limit >= n) break;
        const nl = chunk.lastIndexOf(NL, limit);
        if (nl < 0 || pos + nl < lineStart) throw binary(path, fd, lineStart, `a line longer than ${MAX_LINE_BYTES} bytes`);
        lineStart = pos + nl + 1;
      }
      pos += n;
    }
    if (pos - lineStart > MAX_LINE_BYTES) throw binary(path, fd, lineStart, `a line longer than ${MAX_LINE_BYTES} bytes`);
  } finally {
    closeSync(fd);
  }
}

function binary(path: string, fd: number, offset: number, what: string): FileError {
  const row = rowAt(fd, offset);
  return row === 0 ? new FileError(path, `the header line has ${what}`) : new FileError(path, `has ${what}`, row);
}

/** Marker written in the `__repair` column of a repaired copy: `<rule>:<source column or detail>`. */
export type RepairMark = `${"invalid_utf8" | "extra_field"}:${string}`;

/** Result of {@link repairCsv}. */
export interface Repaired {
  /** Temporary copy: every line of the source plus a last field `__repair` (empty, or a {@link RepairMark}). */
  path: string;
  /** Data rows marked, in file order. */
  rows: number[];
}

let tempDir: string | undefined;

/** Folder for repaired copies, removed when the process exits. */
function repairDir(): string {
  if (tempDir === undefined) {
    tempDir = mkdtempSync(join(tmpdir(), "barstream-repair-"));
    const dir = tempDir;
    process.once("exit", () => rmSync(dir, { recursive: true, force: true }));
  }
  return tempDir;
}

const csvQuote = (s: string) => `"${s.replace(/"/g, '""')}"`;

/**
 * The fallback text pass for a CSV file polars refused: reads it line by line, and when some data rows
 * hold a byte sequence that is not UTF-8 or more fields than `columns` (the header's), writes a copy in
 * which such a row keeps its first `columns.length` fields (bad bytes as U+FFFD) and is marked in an
 * added last column `__repair` (see {@link RepairMark}); other rows are copied with an empty mark. The
 * header line becomes `columns` plus `__repair`. Undefined when no row needs it (then polars' error is
 * not about rows).
 *
 * Memory: one line at a time (lines are bounded by {@link sniffCsv}).
 */
export function repairCsv(path: string, columns: string[]): Repaired | undefined {
  const rows: number[] = [];
  const marks = new Map<number, RepairMark>();
  forEachLine(path, (line, row) => {
    if (row === 0) return;
    const text = line.toString("utf8");
    const fields = splitCsvLine(text.replace(/\r$/, ""), true);
    if (!isUtf8(line)) {
      const i = fields.findIndex((f) => f.includes("\uFFFD"));
      marks.set(row, `invalid_utf8:${columns[i] ?? columns[0]!}`);
    } else if (fields.length > columns.length) {
      marks.set(row, `extra_field:${fields.length} fields, the header has ${columns.length}`);
    } else return;
    rows.push(row);
  });
  if (rows.length === 0) return undefined;
  const out = join(repairDir(), `${rows.length}-${Math.random().toString(36).slice(2)}.csv`);
  const fd = openSync(out, "w");
  try {
    forEachLine(path, (line, row) => {
      let text = line.toString("utf8").replace(/\r$/, "");
      const mark = marks.get(row);
      if (row === 0) text = `${columns.map(csvQuote).join(",")},__repair`;
      else if (mark === undefined) text += ",";
      else text = `${splitCsvLine(text, true).slice(0, columns.length).join(",")},${csvQuote(mark)}`;
      writeSync(fd, `${text}\n`);
    });
  } finally {
    closeSync(fd);
  }
  return { path: out, rows };
}

/** Calls `fn` with each line (without its `\n`) and its 0-based line number; an empty last line is skipped. */
function forEachLine(path: string, fn: (line: Buffer, lineNo: number) => void): void {
  const fd = openSync(path, "r");
  try {
    const buf = Buffer.alloc(CHUNK);
    let carry = Buffer.alloc(0);
    let lineNo = 0;
    let pos = 0;
    for (;;) {
      const n = readSync(fd, buf, 0, CHUNK, pos);
      if (n <= 0) break;
      pos += n;
      const data = carry.length === 0 ? buf.subarray(0, n) : Buffer.concat([carry, buf.subarray(0, n)]);
      let start = 0;
      for (let nl = data.indexOf(NL); nl >= 0; nl = data.indexOf(NL, start)) {
        fn(data.subarray(start, nl), lineNo++);
        start = nl + 1;
      }
      carry = Buffer.from(data.subarray(start));
    }
    if (carry.length > 0) fn(carry, lineNo);
  } finally {
    closeSync(fd);
  }
}
