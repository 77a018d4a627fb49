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
