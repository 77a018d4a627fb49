/**
 * `--out` CSVs are typed (issue 14): counts, bar indices and nanosecond durations are written as
 * integers (`qty 59`, `bars 2148`, not `59.0`), reals as reals; quantities stay fractional when the
 * sizing allows fractions. The terminal header says "1 symbol", not "1 symbols".
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";

import pl from "nodejs-polars";
import { afterAll, describe, expect, it } from "vitest";

import { statDefs } from "../../src/engine/schema.js";
import { plural } from "../../src/report/format.js";
import { cli, EXAMPLES, RAW } from "../helpers.js";

const GOOG = resolve(RAW, "backtesting_py/GOOG.csv");
const SMA = resolve(EXAMPLES, "strategies/sma_cross.json");
const dir = mkdtempSync(join(tmpdir(), "barstream-out-types-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The CSV's header and rows as raw text cells (no type inference: what a reader of the file sees). */
function cells(file: string): { head: string[]; rows: string[][] } {
  const [head, ...rows] = readFileSync(file, "utf8").trim().split("\n").map((l) => l.split(","));
  return { head: head!, rows };
}
const col = (t: { head: string[]; rows: string[][] }, name: string) => t.rows.map((r) => r[t.head.indexOf(name)]!);

describe("--out CSV column types", () => {
  it("writes counts, bar indices and ns durations of a real GOOG run as integers, prices as reals", async () => {
    const out = join(dir, "goog");
    const r = await cli(["backtest", "--data", GOOG, "--strategy", SMA, "--out", out]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain(": 1 symbol, 2,148 bars");

    const trades = cells(join(out, "trades.csv"));
    for (const c of ["qty", "entry_bar", "exit_bar", "bars_held"]) expect(col(trades, c), c).toSatisfy((vs: string[]) => vs.length > 0 && vs.every((v) => /^\d+$/.test(v)));
    expect(col(trades, "qty")[0]).toBe("59"); // backtesting.py's first GOOG SMA(10, 20) size
    expect(col(trades, "entry_price")).toSatisfy((vs: string[]) => vs.length > 0 && vs.every((v) => /^\d+(\.\d+)?$/.test(v)));

    const symbols = cells(join(out, "symbols.csv"));
    expect(col(symbols, "bars")).toEqual(["2148"]);
    const ints = statDefs().filter((d) => d.format === "integer" || d.unit === "ns").map((d) => d.name);
    expect(ints).toEqual(expect.arrayContaining(["n_bars", "n_trades", "max_drawdown_duration_bars", "max_drawdown_duration_ns"]));
    for (const name of [...ints, "ambiguous_bars"]) expect(col(symbols, name)[0], name).toMatch(/^\d+$/);
    // The ns duration is exact (a float column wrote 5.8752e16): 680 days.
    expect(BigInt(col(symbols, "max_drawdown_duration_ns")[0]!) % 86_400_000_000_000n).toBe(0n);
    // Reals stay reals, and polars reads the integer columns back as integers.
    expect(col(symbols, "sharpe")[0]).toMatch(/^\d+\.\d+$/);
    const df = pl.readCSV(join(out, "symbols.csv"));
    expect(df.getColumn("n_trades").dtype.toString()).toBe("DataType(Int64)");
    expect(df.getColumn("total_return").dtype.toString()).toBe("DataType(Float64)");
  });

  it("keeps fractional quantities when the sizing allows fractions", async () => {
    const spec = join(dir, "fractional.json");
    writeFileSync(spec, JSON.stringify({ ...JSON.parse(readFileSync(SMA, "utf8")), sizing: { mode: "fraction", value: 1.0, whole_units: false } }));
    const out = join(dir, "fractional");
    const r = await cli(["backtest", "--data", GOOG, "--strategy", spec, "--out", out]);
    expect(r.code, r.stderr).toBe(0);
    const qty = col(cells(join(out, "trades.csv")), "qty");
    expect(qty.some((v) => /^\d+\.\d+$/.test(v) && !v.endsWith(".0"))).toBe(true);
    expect(col(cells(join(out, "trades.csv")), "bars_held")).toSatisfy((vs: string[]) => vs.length > 0 && vs.every((v) => /^\d+$/.test(v)));
  });
});

describe("sweep --out CSV column types", () => {
  it("writes whole-number grid parameters and integer metrics as integers", async () => {
    const out = join(dir, "sweep");
    const r = await cli(["sweep", "--data", GOOG, "--strategy", SMA, "--grid", resolve(EXAMPLES, "grids/sma_cross.json"), "--out", out]);
    expect(r.code, r.stderr).toBe(0);
    const ranked = cells(join(out, "ranked.csv"));
    for (const c of ["rank", "combo", "indicators.fast.period", "indicators.slow.period", "n_bars", "n_trades"]) {
      expect(col(ranked, c), c).toSatisfy((vs: string[]) => vs.length > 1 && vs.every((v) => /^\d+$/.test(v)));
    }
    expect(col(ranked, "n_bars")[0]).toBe("2148");
    expect(col(ranked, "sharpe")[0]).toMatch(/^-?\d+\.\d+$/);
  });
});

describe("plural", () => {
  it("is singular for exactly one, with thousands separators", () => {
    expect(plural(1, "symbol")).toBe("1 symbol");
    expect(plural(0, "symbol")).toBe("0 symbols");
    expect(plural(2148, "bar")).toBe("2,148 bars");
  });
});
