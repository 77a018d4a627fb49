/** The messy S&P rows are caught with file/row/field/rule; "skip" drops and counts them per rule. */
import { readdirSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { DataError, openDataset } from "../../src/data/index.js";
import { dataRows, raw } from "./raw.js";

/** 1-based data row (header not counted) of the raw row whose date is `date`, found by text search. */
function rowOf(file: string, date: string): number {
  return dataRows(raw(file)).findIndex((r) => r[0] === date) + 1;
}

async function loadError(file: string, start?: string, end?: string): Promise<DataError> {
  const err = await (await openDataset(raw(file), { start, end })).load().catch((e: unknown) => e);
  expect(err).toBeInstanceOf(DataError);
  return err as DataError;
}

describe("bad rows in the S&P files", () => {
  it("DHR: the first bad row in the file is reported (2014-11-06, open below low)", async () => {
    const e = await loadError("sp500_5yr/DHR_data.csv");
    expect(e).toMatchObject({ row: rowOf("sp500_5yr/DHR_data.csv", "2014-11-06"), field: "open", rule: "ohlc_inconsistent" });
  });

  it("DHR 2015-07-17: empty open (date range around it)", async () => {
    const e = await loadError("sp500_5yr/DHR_data.csv", "2015-07-01", "2015-07-31");
    const row = rowOf("sp500_5yr/DHR_data.csv", "2015-07-17");
    expect(row).toBeGreaterThan(0);
    expect(e).toMatchObject({ file: raw("sp500_5yr/DHR_data.csv"), row, field: "open", rule: "empty_field" });
    expect(e.message).toBe(`${raw("sp500_5yr/DHR_data.csv")} row ${row} (2015-07-17): field 'open' is empty [rule empty_field]`);
  });

  it("AOS 2014-05-19: high below low", async () => {
    const e = await loadError("sp500_5yr/AOS_data.csv");
    expect(e).toMatchObject({ row: rowOf("sp500_5yr/AOS_data.csv", "2014-05-19"), field: "high", rule: "high_below_low" });
  });

  it("CHD 2014-05-19: open below low", async () => {
    const e = await loadError("sp500_5yr/CHD_data.csv");
    expect(e).toMatchObject({ row: rowOf("sp500_5yr/CHD_data.csv", "2014-05-19"), field: "open", rule: "ohlc_inconsistent" });
  });

  it("LNT 2016-05-19: the bad close 17.87 is outside the bar", async () => {
    const e = await loadError("sp500_5yr/LNT_data.csv");
    expect(e).toMatchObject({ row: rowOf("sp500_5yr/LNT_data.csv", "2016-05-19"), field: "close", rule: "ohlc_inconsistent" });
    expect(e.message).toContain("field 'close' = 17.87 is outside");
  });

  it("skip mode drops exactly the rows a plain-text check finds, counted per rule", async () => {
    // Independent reference: a row-by-row JS check of the raw text, with the same first-rule-wins order.
    const expected = { empty_field: 0, high_below_low: 0, ohlc_inconsistent: 0 };
    let total = 0;
    const dir = raw("sp500_5yr");
    for (const name of readdirSync(dir)) {
      for (const r of dataRows(`${dir}/${name}`)) {
        total++;
        const [o, h, l, c] = r.slice(1, 5).map((x) => (x === "" ? NaN : Number(x))) as [number, number, number, number];
        if (r.slice(0, 6).some((x) => x === "")) expected.empty_field++;
        else if (h < l) expected.high_below_low++;
        else if (o < l || o > h || c < l || c > h) expected.ohlc_inconsistent++;
      }
    }
    const ds = await openDataset(dir, { badRows: "skip" });
    const { batch, report } = await ds.load();
    const dropped = expected.empty_field + expected.high_below_low + expected.ohlc_inconsistent;
    expect(report.skipped).toMatchObject(expected);
    expect(Object.values(report.skipped).reduce((a, b) => a + b, 0)).toBe(dropped);
    expect(report.rowsRead).toBe(total);
    expect(report.rowsKept).toBe(total - dropped);
    expect(batch.ts.length).toBe(total - dropped);
    expect(batch.symbols.length).toBe(505);
    expect(report.files.length).toBe(505);
    // No wall-clock bound here: the load time of this folder is measured by bench/sp500.mjs
    // (raw_csv_load_ms in bench/results/sp500.json; figures in docs/data.md).
  });

  it("skip mode removes the bad row itself: LNT keeps its neighbours and loses 2016-05-19", async () => {
    const { batch } = await (await openDataset(raw("sp500_5yr/LNT_data.csv"), { badRows: "skip" })).load();
    const rows = dataRows(raw("sp500_5yr/LNT_data.csv"));
    const i = rows.findIndex((r) => r[0] === "2016-05-19");
    expect(batch.close[i - 1]).toBe(Number(rows[i - 1]![4]));
    expect(batch.close[i]).toBe(Number(rows[i + 1]![4]));
    expect(batch.ts.length).toBe(rows.length - 1);
  });
});
