/**
 * Issue 17 case 7: a newest-first CSV is refused as its own rule (with the fix), not skipped down to one
 * bar; and `--skip-bad-rows` may not drop more than half of a symbol's rows (the skip limit).
 */
import { describe, expect, it } from "vitest";

import { FileError, openDataset } from "../../src/data/index.js";
import { cli } from "../helpers.js";
import { googLines, tempFiles } from "./hostile.js";
import { raw } from "./raw.js";

const { write } = tempFiles("barstream-order-");
const [header, ...rows] = googLines();
const csv = (lines: string[]) => `${[header, ...lines].join("\n")}\n`;

async function loadErr(path: string, opts: Parameters<typeof openDataset>[1]): Promise<unknown> {
  return openDataset(path, opts)
    .then((ds) => ds.load())
    .then(
      () => undefined,
      (e: unknown) => e,
    );
}

describe("descending time order", () => {
  const newestFirst = write("GOOG_desc.csv", csv([...rows].reverse()));

  it("is refused with its own rule and the fix, with and without skipping", async () => {
    for (const badRows of ["error", "skip"] as const) {
      const e = await loadErr(newestFirst, { badRows });
      expect(e).toBeInstanceOf(FileError);
      expect((e as FileError).file).toBe(newestFirst);
      expect((e as FileError).message).toContain(`descending time order (newest first: ${rows.length - 1} of ${rows.length - 1} steps go back)`);
      expect((e as FileError).message).toContain("tac");
      expect((e as FileError).message).toContain("[rule descending_ts]");
    }
  });

  it("a few rows out of place stay ordinary backwards_ts rows (skipped and counted)", async () => {
    const swapped = [...rows];
    [swapped[10], swapped[11]] = [swapped[11]!, swapped[10]!];
    const { batch, report } = await (await openDataset(write("GOOG_swap.csv", csv(swapped)), { badRows: "skip" })).load();
    expect(report.skipped.backwards_ts).toBe(1);
    expect(batch.ts.length).toBe(rows.length - 1);
  });

  it("one far-future row at the top is a backwards row problem, not 'newest first'", async () => {
    const e = await loadErr(write("GOOG_top.csv", csv([`2099-01-01,1,1,1,1,1`, ...rows])), { badRows: "error" });
    // Every later row is below 2099: the error is the ordinary first backwards row, not descending order.
    expect((e as Error).message).toContain("[rule backwards_ts]");
  });

  it("the CLI run of a newest-first file with --skip-bad-rows exits 1 (it was a 1-bar run with exit 0)", async () => {
    const r = await cli(["backtest", "--data", newestFirst, "--skip-bad-rows"]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("descending time order");
  }, 120_000);
});

describe("the skip limit", () => {
  // Two of every three rows lose their close: 1,432 of 2,148 rows would be skipped.
  const mostlyBad = rows.map((r, i) => (i % 3 === 0 ? r : r.split(",").map((f, k) => (k === 4 ? "" : f)).join(",")));
  const path = write("GOOG_mostly_bad.csv", csv(mostlyBad));
  const bad = mostlyBad.length - Math.ceil(mostlyBad.length / 3);

  it("refuses to skip more than half of a symbol's rows, naming the file, the count and the top rule", async () => {
    const e = await loadErr(path, { badRows: "skip" });
    expect(e).toBeInstanceOf(FileError);
    expect((e as FileError).message).toBe(
      `${path}: --skip-bad-rows would drop ${bad} of ${rows.length} rows of GOOG (more than 50%; most under rule empty_field: ${bad}); ` +
        "this is not a few bad rows: check the file, its format and its order",
    );
  });

  it("maxSkippedShare moves the limit; under it the rows are skipped and counted", async () => {
    const { batch, report } = await (await openDataset(path, { badRows: "skip", maxSkippedShare: 0.7 })).load();
    expect(report.skipped.empty_field).toBe(bad);
    expect(batch.ts.length).toBe(rows.length - bad);
  });

  it("does not apply below 10 skipped rows: FTV's only row from 2016-07-01 (an empty open) is skipped, not refused", async () => {
    // Real S&P 500 file: FTV_data.csv's first row (2016-07-01) has no open; the run's other symbols load.
    const { batch, report } = await (await openDataset(raw("sp500_5yr"), { badRows: "skip", symbols: ["FTV", "GOOGL"], start: "2016-07-01", end: "2016-07-01" })).load();
    expect(report.skipped.empty_field).toBe(1);
    expect(batch.ts.length).toBe(1); // GOOGL's bar of the day; FTV has none left
  });

  it("holds per symbol in a long file read once by loadGroups: a good symbol does not hide a bad one", async () => {
    const long = ["Date,Symbol,Open,High,Low,Close,Volume", ...rows.map((r) => r.replace(",", ",AAA,")), ...mostlyBad.map((r) => r.replace(",", ",BBB,"))];
    const ds = await openDataset(write("long.csv", `${long.join("\n")}\n`), { badRows: "skip" });
    const run = async () => {
      for await (const _ of ds.loadGroups([["AAA"], ["BBB"]])) void _;
    };
    await expect(run()).rejects.toThrow(`would drop ${bad} of ${rows.length} rows of BBB`);
  });
});
