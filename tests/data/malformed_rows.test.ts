/**
 * Issue 17 case 16: rows polars cannot parse (a non-UTF-8 byte, an extra field) are errors naming file,
 * row and field, or skipped and counted; a header with spaces and a quoted comma in the first data row
 * load; a truncated Parquet file in a dataset is named; timestamps with trailing text are refused; no
 * message quotes a huge value.
 */
import { mkdirSync, readFileSync, truncateSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";

import { DataError, FileError, importDataset, openDataset } from "../../src/data/index.js";
import { excerpt } from "../../src/data/errors.js";
import { GOOG, googLines, tempFiles } from "./hostile.js";

const { dir, write } = tempFiles("barstream-malformed-");
const [header, ...rows] = googLines();

/** GOOG's lines with data row `row` (1-based) replaced by `line` (bytes). */
function withRow(row: number, line: Buffer): Buffer {
  const before = [header, ...rows.slice(0, row - 1)].join("\n") + "\n";
  const after = "\n" + rows.slice(row).join("\n") + "\n";
  return Buffer.concat([Buffer.from(before), line, Buffer.from(after)]);
}

const loadOf = async (path: string, badRows: "error" | "skip") => (await openDataset(path, { badRows })).load();
const errorOf = (path: string) => loadOf(path, "error").then(() => undefined, (e: unknown) => e);

describe("rows polars cannot parse", () => {
  const clean = loadOf(GOOG, "error");

  it("a non-UTF-8 byte: DataError with file, row, field and rule; skipped and counted with --skip-bad-rows", async () => {
    const bytes = Buffer.from(rows[499]!);
    const line = Buffer.concat([bytes.subarray(0, bytes.length - 3), Buffer.from([0xff]), bytes.subarray(bytes.length - 2)]); // inside Volume
    const path = write("GOOG_utf8.csv", withRow(500, line));
    const e = await errorOf(path);
    expect(e).toBeInstanceOf(DataError);
    expect(e).toMatchObject({ file: path, row: 500, field: "Volume", rule: "invalid_utf8" });
    expect((e as DataError).message).toBe(`${path} row 500 (${rows[499]!.split(",")[0]}): field 'Volume' is not valid UTF-8 text [rule invalid_utf8]`);
    const { batch, report } = await loadOf(path, "skip");
    expect(report.skipped.invalid_utf8).toBe(1);
    expect(report.rowsRead).toBe(rows.length);
    const full = (await clean).batch;
    expect(batch.ts.length).toBe(full.ts.length - 1);
    expect([...batch.close]).toEqual([...full.close.slice(0, 499), ...full.close.slice(500)]);
  });

  it("a row with an extra field: DataError naming the row and the counts; skipped with --skip-bad-rows", async () => {
    const path = write("GOOG_extra.csv", withRow(7, Buffer.from(`${rows[6]},42`)));
    const e = await errorOf(path);
    expect(e).toMatchObject({ file: path, row: 7, rule: "extra_field" });
    expect((e as Error).message).toContain("the row has more fields than the header (7 fields, the header has 6)");
    const { batch, report } = await loadOf(path, "skip");
    expect(report.skipped.extra_field).toBe(1);
    expect(batch.ts.length).toBe(rows.length - 1);
  });

  it("both in one long file, per symbol, read once by loadGroups", async () => {
    const long = ["Date,Symbol,Open,High,Low,Close,Volume", ...rows.slice(0, 300).map((r) => r.replace(",", ",AAA,")), ...rows.slice(0, 300).map((r) => r.replace(",", ",BBB,"))];
    long[20] = `${long[20]},x`;
    const bytes = Buffer.from(`${long.join("\n")}\n`);
    bytes[bytes.indexOf(Buffer.from(long[400]!)) + 2] = 0xc3; // a lone lead byte in BBB's row
    const ds = await openDataset(write("long_bad.csv", bytes), { badRows: "skip" });
    const got: Record<string, number> = {};
    for await (const { batch, report } of ds.loadGroups([["AAA"], ["BBB"]])) {
      got[batch.symbols[0]!] = batch.ts.length;
      expect(report.skipped.extra_field + report.skipped.invalid_utf8).toBe(1);
    }
    expect(got).toEqual({ AAA: 299, BBB: 299 });
  });
});

describe("headers and quoting", () => {
  it("a header with spaces around the names loads as GOOG does (names are trimmed)", async () => {
    const path = write("GOOG_spaces.csv", [" Date , Open , High , Low , Close , Volume ", ...rows].join("\n"));
    expect((await loadOf(path, "error")).batch).toEqual((await loadOf(GOOG, "error")).batch);
  });

  it("a valid quoted comma in the first data row (RFC 4180) loads", async () => {
    const lines = ["Date,Open,High,Low,Close,Volume,Note", `${rows[0]},"split, 2:1 ""adj"""`, ...rows.slice(1).map((r) => `${r},`)];
    const { batch } = await loadOf(write("GOOG_quoted.csv", lines.join("\n")), "error");
    expect(batch.ts.length).toBe(rows.length);
    expect(batch.close[0]).toBe(Number(rows[0]!.split(",")[4]));
  });
});

describe("Parquet files", () => {
  it("a truncated Parquet file inside a dataset is named (FileError), with and without skipping", async () => {
    const out = join(dir, "pq");
    const src = join(dir, "pqsrc");
    mkdirSync(src);
    writeFileSync(join(src, "AAA.csv"), readFileSync(GOOG));
    writeFileSync(join(src, "BBB.csv"), readFileSync(GOOG));
    await importDataset(src, out);
    const broken = join(out, "symbol=BBB", "data.parquet");
    truncateSync(broken, 5000);
    for (const badRows of ["error", "skip"] as const) {
      const e = await (await openDataset(out, { badRows })).load().then(() => undefined, (x: unknown) => x);
      expect(e).toBeInstanceOf(FileError);
      expect((e as FileError).file).toBe(broken);
      expect((e as FileError).message).toContain("cannot be read as Parquet");
      expect((e as FileError).message).not.toContain("plan");
    }
    // The intact partition still loads alone.
    expect((await (await openDataset(out, { symbols: ["AAA"] })).load()).batch.ts.length).toBe(rows.length);
  });
});

describe("timestamps and values in messages", () => {
  it("a date with trailing text is unparseable, not read as the date (2014-06-19x)", async () => {
    const lines = [...rows];
    lines[2] = lines[2]!.replace(/^(\d{4}-\d{2}-\d{2})/, "$1x");
    const path = write("GOOG_trailing.csv", [header, ...lines].join("\n"));
    expect(await errorOf(path)).toMatchObject({ row: 3, rule: "unparseable_ts" });
  });

  it("a huge value is cut in the message (80 characters and its size)", async () => {
    const lines = [...rows];
    lines[3] = `${"7".repeat(500_000)},1,1,1,1,1`;
    const e = await errorOf(write("GOOG_huge.csv", [header, ...lines].join("\n")));
    expect(e).toBeInstanceOf(DataError);
    expect((e as Error).message.length).toBeLessThan(300);
    expect((e as Error).message).toContain(`${"7".repeat(80)}… (500000 bytes)`);
    expect(excerpt("short")).toBe("short");
  });
});
