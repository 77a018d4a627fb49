/**
 * Issue 17 case 4: binary content, NUL padding and absurd lines are refused before polars reads the file,
 * with a FileError naming the file and the row (a 2 GB NUL-padded CSV ran for minutes at 6.4 GB).
 */
import { truncateSync } from "node:fs";
import { describe, expect, it } from "vitest";

import { FileError, openDataset } from "../../src/data/index.js";
import { cli } from "../helpers.js";
import { googLines, googText, mulberry32, tempFiles } from "./hostile.js";

const { write } = tempFiles("barstream-binary-");

/** The FileError `openDataset(path)` + `load()` rejects with (fails the test when it loads). */
async function refusal(path: string, badRows: "error" | "skip" = "error"): Promise<FileError> {
  const err = await openDataset(path, { badRows })
    .then((ds) => ds.load())
    .then(
      () => undefined,
      (e: unknown) => e,
    );
  expect(err).toBeInstanceOf(FileError);
  expect((err as FileError).file).toBe(path);
  return err as FileError;
}

/** `n` deterministic random bytes. */
function randomBytes(n: number, seed: number): Buffer {
  const r = mulberry32(seed);
  return Buffer.from(Array.from({ length: n }, () => Math.floor(r() * 256)));
}

describe("binary and absurd CSV content", () => {
  it("a CSV padded with 256 MiB of NUL bytes is refused at the first NUL, naming the row after the last bar", async () => {
    const path = write("GOOG_padded.csv", googText());
    truncateSync(path, googText().length + 256 * 1024 * 1024); // sparse: NUL bytes to the end
    for (const badRows of ["error", "skip"] as const) {
      const e = await refusal(path, badRows);
      expect(e.row).toBe(googLines().length); // the NULs start on the line after the 2,148 data rows
      expect(e.message).toBe(`${path} row ${googLines().length}: has a NUL byte: this is a binary or NUL-padded file, not CSV text`);
    }
  }, 120_000);

  it("a NUL byte inside data row 100 is reported at row 100", async () => {
    const lines = googLines();
    lines[100] = lines[100]!.replace(",", ",\0");
    const e = await refusal(write("GOOG_nul100.csv", `${lines.join("\n")}\n`));
    expect(e.row).toBe(100);
  });

  it("random bytes are refused as binary, whatever the seed", async () => {
    for (const seed of [1, 2, 3]) {
      const e = await refusal(write(`random${seed}.csv`, randomBytes(1 << 20, seed)));
      expect(e.message).toMatch(/NUL byte|longer than 1048576 bytes/);
    }
  });

  it("a line over 1 MiB (no NUL) is refused with its row; in the header it says so", async () => {
    const lines = googLines();
    lines[50] = `2010-01-01,${"9".repeat(2 << 20)},1,1,1,1`;
    const e = await refusal(write("GOOG_long.csv", `${lines.join("\n")}\n`));
    expect(e.row).toBe(50);
    expect(e.message).toContain("a line longer than 1048576 bytes");
    expect(e.message.length).toBeLessThan(200);
    const h = await refusal(write("GOOG_longhead.csv", `${"x".repeat(3 << 20)}\n${googLines().slice(1).join("\n")}\n`));
    expect(h.row).toBeUndefined();
    expect(h.message).toContain("the header line has a line longer");
  });

  it("a file whose last line is over 1 MiB (no newline at all) is refused", async () => {
    const e = await refusal(write("GOOG_tail.csv", `${googLines().slice(0, 10).join("\n")}\n2010-01-01,${"1".repeat(3 << 20)}`));
    expect(e.row).toBe(10);
  });

  it("CR-only line endings are refused with the fix, not read as an empty file", async () => {
    const e = await refusal(write("GOOG_cr.csv", googLines().join("\r")));
    expect(e.message).toContain("lines end in CR only");
  });

  it("the CLI exits 1 at once with the file and row on stderr", async () => {
    const path = write("CLI_padded.csv", googText());
    truncateSync(path, googText().length + 64 * 1024 * 1024);
    const r = await cli(["backtest", "--data", path, "--skip-bad-rows"]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`${path} row ${googLines().length}: has a NUL byte`);
  }, 120_000);
});
