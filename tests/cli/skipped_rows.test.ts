/**
 * Issue 14 (bad rows, located), end to end: the README's S&P 500 commands print what the README shows
 * (the first error, AOS row 321; with --skip-bad-rows the first 5 rows and "... and N more"); skipped.csv
 * under --out holds exactly --json's list, which adds up to the per-rule counts; a reused --out folder
 * never keeps an earlier run's skipped.csv; sweep and scan list their skipped rows too.
 */
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterAll, describe, expect, it } from "vitest";

import { cli, EXAMPLES, RAW, ROOT } from "../helpers.js";

const tmp = mkdtempSync(join(tmpdir(), "barstream-skipped-cli-"));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/** The README's ``` blocks whose first line is `$ npx barstream <args>`: the args and the lines shown under it. */
function readmeRuns(): Array<{ args: string[]; lines: string[] }> {
  const text = readFileSync(resolve(ROOT, "README.md"), "utf8");
  const blocks = [...text.matchAll(/```\n\$ npx barstream ([^\n]*)\n([\s\S]*?)```/g)];
  return blocks.map((m) => ({ args: m[1]!.split(" "), lines: m[2]!.trimEnd().split("\n") }));
}

/** RFC 4180 records of a CSV written by polars: a quoted empty field is `""`, an unquoted one null. */
function readCsv(text: string): Array<Array<string | null>> {
  return text.trimEnd().split("\n").map((line) => {
    const out: Array<string | null> = [];
    let i = 0;
    for (;;) {
      if (line[i] === '"') {
        let v = "";
        for (i++; i < line.length; i++) {
          if (line[i] === '"' && line[i + 1] === '"') {
            v += '"';
            i++;
          } else if (line[i] === '"') break;
          else v += line[i];
        }
        out.push(v);
        i += 2; // closing quote and comma
      } else {
        const end = line.indexOf(",", i) < 0 ? line.length : line.indexOf(",", i);
        out.push(end === i ? null : line.slice(i, end));
        i = end + 1;
      }
      if (i > line.length) return out;
    }
  });
}

/** skipped.csv as the objects of `--json`'s list (`row` a number). */
function skippedCsv(file: string): object[] {
  const [head, ...rows] = readCsv(readFileSync(file, "utf8"));
  return rows.map((r) => Object.fromEntries(head!.map((k, i) => [k, k === "row" ? Number(r[i]) : r[i]])));
}

const SP500 = "../shared/data/raw/sp500_5yr";
const sumOf = (counts: Record<string, number>) => Object.values(counts).reduce((a, n) => a + n, 0);

describe("the README's S&P 500 runs", () => {
  const runs = readmeRuns().filter((r) => r.args[0] === "backtest" && r.args.includes(SP500));

  it("without --skip-bad-rows: exit 1 and exactly the error the README shows (AOS row 321)", async () => {
    const run = runs.find((r) => !r.args.includes("--skip-bad-rows"))!;
    expect(run.lines).toEqual([expect.stringContaining("AOS_data.csv row 321")]);
    const r = await cli(run.args);
    expect(r.code).toBe(1);
    expect(r.stderr.trimEnd()).toBe(run.lines[0]);
  });

  it("with --skip-bad-rows --out: the lines the README shows, the first 5 rows and where the rest are", async () => {
    const run = runs.find((r) => r.args.includes("--skip-bad-rows") && r.args.includes("--out"))!;
    const out = run.args[run.args.indexOf("--out") + 1]!;
    const dir = join(tmp, "readme");
    const r = await cli(run.args.map((a) => (a === out ? dir : a)));
    expect(r.code, r.stderr).toBe(0);
    const printed = r.stdout.split("\n");
    const shown = run.lines.map((l) => l.replace(out, dir));
    for (const line of shown) expect(printed).toContain(line);
    expect(shown.filter((l) => / row \d+ \(/.test(l)).length).toBe(5);
    expect(shown.at(-1)).toBe(`  ... and 18 more, see ${join(dir, "skipped.csv")}`);
    expect(skippedCsv(join(dir, "skipped.csv")).length).toBe(23);
  });
});

describe("skipped.csv and --json", () => {
  it("hold the same 23 rows, in file order, adding up to the per-rule counts (summary.json too)", async () => {
    const dir = join(tmp, "json");
    const r = await cli(["backtest", "--data", SP500, "--strategy", resolve(EXAMPLES, "strategies/sma_cross.json"), "--skip-bad-rows", "--out", dir, "--json"]);
    expect(r.code, r.stderr).toBe(0);
    const j = JSON.parse(r.stdout) as { data: { skipped: Record<string, number>; skipped_rows: Array<{ rule: string; file: string; row: number }> } };
    const rows = j.data.skipped_rows;
    expect(rows.length).toBe(23);
    expect(sumOf(j.data.skipped)).toBe(23);
    for (const [rule, n] of Object.entries(j.data.skipped)) expect(rows.filter((x) => x.rule === rule).length).toBe(n);
    expect(skippedCsv(join(dir, "skipped.csv"))).toEqual(rows);
    expect(rows[0]).toEqual({
      file: `${SP500}/AOS_data.csv`, row: 321, symbol: "AOS", time: "2014-05-19T00:00:00.000Z", field: "high", value: "23.595", rule: "high_below_low",
      detail: "field 'high' = 23.595 is below low 23.85",
    });
    // summary.json (the manifest) carries the same list.
    expect(JSON.parse(readFileSync(join(dir, "summary.json"), "utf8")).data.skipped_rows).toEqual(rows);
  });

  it("a reused --out folder never keeps an earlier run's skipped.csv (header only when nothing was skipped)", async () => {
    const dir = join(tmp, "reused");
    const first = await cli(["backtest", "--data", SP500, "--symbols", "AOS,DHR", "--strategy", resolve(EXAMPLES, "strategies/sma_cross.json"), "--skip-bad-rows", "--out", dir]);
    expect(first.code, first.stderr).toBe(0);
    expect(skippedCsv(join(dir, "skipped.csv")).length).toBe(4);
    const second = await cli(["backtest", "--data", resolve(RAW, "backtesting_py/GOOG.csv"), "--strategy", resolve(EXAMPLES, "strategies/sma_cross.json"), "--out", dir]);
    expect(second.code, second.stderr).toBe(0);
    expect(readFileSync(join(dir, "skipped.csv"), "utf8")).toBe("file,row,symbol,time,field,value,rule,detail\n");
    expect(second.stdout).not.toContain("Skipped rows");
  });
});

describe("sweep and scan", () => {
  const symbols = "AOS,BBY,BHF,CHD,CHK,DHR";

  it("sweep: terminal shows the first 5 and points to skipped.csv, which equals --json's data.skipped_rows", async () => {
    const dir = join(tmp, "sweep");
    const args = ["sweep", "--data", SP500, "--symbols", symbols, "--skip-bad-rows", "--strategy", resolve(EXAMPLES, "strategies/sma_cross.json"), "--grid", resolve(EXAMPLES, "grids/sma_cross.json"), "--out", dir];
    const t = await cli(args);
    expect(t.code, t.stderr).toBe(0);
    expect(t.stdout).toContain("Skipped rows (8, first 5):\n  ../shared/data/raw/sp500_5yr/AOS_data.csv row 321 (2014-05-19)");
    expect(t.stdout).toContain(`  ... and 3 more, see ${join(dir, "skipped.csv")}`);
    expect(t.stdout).toMatch(/Rows skipped +│ empty_field: 3, high_below_low: 1, ohlc_inconsistent: 4/);
    const j = await cli([...args, "--json"]);
    expect(j.code, j.stderr).toBe(0);
    const data = JSON.parse(j.stdout).data as { skipped: Record<string, number>; skipped_rows: object[] };
    expect(data.skipped_rows.length).toBe(sumOf(data.skipped));
    expect(skippedCsv(join(dir, "skipped.csv"))).toEqual(data.skipped_rows);
  });

  it("scan: each skipped row listed once, as many as counted; the terminal lists the first 5", async () => {
    const args = ["scan", "--data", SP500, "--symbols", "DHR,O,UA,FTV,BBY,WRK", "--screen", resolve(EXAMPLES, "screens/sp500_daily.json"), "--start", "2016-01-01", "--end", "2016-12-31", "--skip-bad-rows"];
    const meta = resolve(RAW, "sp500_meta/constituents-financials_2018-02-08.csv");
    const j = await cli([...args, "--meta", meta, "--json"]);
    expect(j.code, j.stderr).toBe(0);
    const rows = JSON.parse(j.stdout).rows as { skipped: Record<string, number>; skipped_rows: Array<{ file: string; row: number }> };
    const keys = rows.skipped_rows.map((r) => `${r.file}:${r.row}`);
    expect(new Set(keys).size).toBe(keys.length);
    expect(keys.length).toBe(sumOf(rows.skipped));
    expect(keys.length).toBeGreaterThan(5);
    const t = await cli([...args, "--meta", meta]);
    expect(t.code, t.stderr).toBe(0);
    expect(t.stdout).toContain(`Skipped rows (${keys.length}, first 5):`);
    expect(t.stdout).toContain(`  ... and ${keys.length - 5} more, see rows.skipped_rows in --json`);
  });

  it("import: the first 5 under the counts; --json's skippedRows adds up to them", async () => {
    const args = (out: string) => ["import", SP500, "--symbols", symbols, "--out", out, "--skip-bad-rows"];
    const t = await cli(args(join(tmp, "import-text")));
    expect(t.code, t.stderr).toBe(0);
    expect(t.stdout).toContain("skipped: empty_field 3, high_below_low 1, ohlc_inconsistent 4\nSkipped rows (8, first 5):\n  ../shared/data/raw/sp500_5yr/AOS_data.csv row 321");
    expect(t.stdout).toContain("  ... and 3 more, see skippedRows in --json");
    const j = await cli([...args(join(tmp, "import-json")), "--json"]);
    expect(j.code, j.stderr).toBe(0);
    const report = JSON.parse(j.stdout) as { skipped: Record<string, number>; skippedRows: Array<{ symbol: string }> };
    expect(report.skippedRows.length).toBe(sumOf(report.skipped));
    expect(report.skippedRows.map((r) => r.symbol)).toEqual(["AOS", "BBY", "BHF", "CHD", "CHK", "DHR", "DHR", "DHR"]);
  });
});
