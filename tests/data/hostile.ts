/**
 * Helpers of the hostile-input tests (issue 17): a temporary folder per suite, GOOG's raw text, and a
 * plain-text reference of a CSV's bars (no polars) to compare a successful load with.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll } from "vitest";

import { raw } from "./raw.js";

/** backtesting.py's GOOG daily bars: header `,Open,High,Low,Close,Volume`, 2,148 rows, dates ascending. */
export const GOOG = raw("backtesting_py/GOOG.csv");
export const googText = (): string => readFileSync(GOOG, "utf8");

/** A temporary folder removed after the suite; `write(name, content)` puts a file in it and returns its path. */
export function tempFiles(prefix: string): { dir: string; write: (name: string, content: string | Buffer) => string } {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  return {
    dir,
    write: (name, content) => {
      const p = join(dir, name);
      writeFileSync(p, content);
      return p;
    },
  };
}

/** GOOG's lines: header first, then the data rows (no empty last line). */
export const googLines = (): string[] => googText().trimEnd().split("\n");

/** Deterministic PRNG (mulberry32): numbers in [0, 1) from `seed`. */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
