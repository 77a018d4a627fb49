/**
 * Test helpers reading the raw market data as plain text, independently of src/data (no polars):
 * the expected values in the data tests come from here.
 */
import { readFileSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";

/** `../shared/data/raw` resolved from this file (the checkout's sibling `shared` folder). */
export const RAW = relative(process.cwd(), join(dirname(fileURLToPath(import.meta.url)), "..", "..", "..", "shared", "data", "raw"));

/** Path of a raw file, relative to the working directory like a user would type it. */
export const raw = (p: string): string => join(RAW, p);

/** Data rows of a CSV file split on commas (header dropped, empty lines dropped). */
export function dataRows(path: string): string[][] {
  const lines = readFileSync(path, "utf8").split(/\r?\n/).filter((l) => l.length > 0);
  return lines.slice(1).map((l) => l.split(","));
}

/** ms since epoch (UTC) -> ns as bigint. */
export const msToNs = (ms: number): bigint => BigInt(ms) * 1_000_000n;

/** UTC ns of an ISO-like text read as UTC when it has no offset (`2015-07-17`, `2012-02-01 00:00:00+00:00`). */
export function isoToNs(text: string): bigint {
  let t = text.trim().replace(" ", "T");
  if (!/T/.test(t)) t += "T00:00:00";
  if (!/(Z|[+-]\d{2}:\d{2})$/.test(t)) t += "Z";
  const ms = Date.parse(t);
  if (Number.isNaN(ms)) throw new Error(`test helper cannot parse '${text}'`);
  return msToNs(ms);
}
