/** End-to-end: the `barstream` bin on the bundled real sample (the default data) and real files. */
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";

import pl from "nodejs-polars";
import { describe, expect, it } from "vitest";

import { cli, EXAMPLES, RAW } from "../helpers.js";



describe("barstream CLI", () => {
  it("runs the main job on the bundled real S&P 500 sample and prints the summary", async () => {
    const r = await cli(["backtest"]);
    expect(r.code, r.stderr).toBe(0);
    // Counts read from the bundled file with polars directly, not through barstream's loader.
    const bundled = pl.readParquet(resolve(EXAMPLES, "data/sp500-20.parquet"));
    const symbols = [...new Set(bundled.getColumn("symbol").toArray() as string[])];
    expect(r.stdout).toMatch(new RegExp(`examples/data/sp500-20\\.parquet: ${symbols.length} symbols, ${bundled.height.toLocaleString("en-US")} bars`));
    expect(r.stdout).toContain("Universe");
    expect(r.stdout).toContain("Sharpe");
    // The top and bottom tables name 5 bundled symbols each (the rows under their header line).
    const lines = r.stdout.split("\n");
    for (const header of ["│ Top 5 ", "│ Bottom 5 "]) {
      const at = lines.findIndex((l) => l.startsWith(header));
      expect(at, header).toBeGreaterThanOrEqual(0);
      const named = lines.slice(at + 1, at + 6).map((l) => l.split("│")[1]!.trim());
      for (const s of named) expect(symbols).toContain(s);
    }
  });

  it("prints the full result as JSON with --json", async () => {
    const r = await cli(["backtest", "--json", "--symbols", "AAPL,XOM"]);
    expect(r.code, r.stderr).toBe(0);
    const j = JSON.parse(r.stdout);
    expect(j.symbols.map((s: { symbol: string }) => s.symbol)).toEqual(["AAPL", "XOM"]);
    // Each symbol has every bar of its source file (1,259 rows: 2013-02-08 .. 2018-02-07).
    const aapl = readFileSync(resolve(RAW, "sp500_5yr/AAPL_data.csv"), "utf8").trim().split("\n").slice(1);
    expect(j.symbols[0].bars).toBe(aapl.length);
    expect(j.symbols[0].first_time.slice(0, 10)).toBe(aapl[0]!.split(",")[0]);
    expect(j.symbols[0].last_time.slice(0, 10)).toBe(aapl.at(-1)!.split(",")[0]);
    expect(j.equity[0].equity.length).toBe(j.symbols[0].bars);
    expect(typeof j.universe.stats.sharpe).toBe("number");
  });

  it("writes trades, stats and equity files with --out", async () => {
    const dir = mkdtempSync(join(tmpdir(), "barstream-out-"));
    try {
      const r = await cli(["backtest", "--data", resolve(RAW, "backtesting_py/GOOG.csv"), "--strategy", resolve(EXAMPLES, "strategies/sma_cross.json"), "--commission", "0.002", "--out", dir]);
      expect(r.code, r.stderr).toBe(0);
      const trades = readFileSync(join(dir, "trades.csv"), "utf8").trim().split("\n");
      expect(trades[0]).toContain("entry_time");
      expect(trades.length).toBe(1 + 93); // backtesting.py's 93 closed trades; the open one is in open_trades.csv (see parity test)
      const jsonl = readFileSync(join(dir, "trades.jsonl"), "utf8").trim().split("\n").map((l) => JSON.parse(l));
      expect(jsonl[0].side).toBe("short");
      expect(readFileSync(join(dir, "equity.csv"), "utf8").trim().split("\n").length).toBe(1 + 2148);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("a missing --data path is named, and one under shared/data says where that data comes from (exit 1)", async () => {
    const dir = mkdtempSync(join(tmpdir(), "barstream-nodata-"));
    try {
      const plain = await cli(["backtest", "--data", join(dir, "prices.csv")]);
      expect(plain.code).toBe(1);
      expect(plain.stderr).toBe(`barstream: ${join(dir, "prices.csv")}: no such file or folder\n`);
      const shared = join(dir, "shared", "data", "raw", "backtesting_py", "GOOG.csv");
      const r = await cli(["backtest", "--data", shared]);
      expect(r.code).toBe(1);
      expect(r.stderr).toContain(`barstream: ${shared}: no such file or folder (the real-data examples and the tests read ../shared/data beside the checkout`);
      expect(r.stderr).toContain("examples/data/sp500-20.parquet works without it");
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("names the file, row, field and rule of a bad row and exits 1", async () => {
    const r = await cli(["backtest", "--data", resolve(RAW, "sp500_5yr"), "--symbols", "DHR", "--start", "2015-01-01", "--end", "2015-12-31"]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/DHR_data\.csv row \d+ \(2015-07-17.*open.*\[rule empty_field\]/);
  });

  it("points at the offending text of a bad strategy and exits 1", async () => {
    const dir = mkdtempSync(join(tmpdir(), "barstream-spec-"));
    try {
      const spec = join(dir, "bad.json");
      const { writeFileSync } = await import("node:fs");
      writeFileSync(spec, JSON.stringify({ name: "bad", indicators: { fast: { kind: "sma", period: 5 } }, entry_long: "crossover(fsat, close)" }));
      const r = await cli(["backtest", "--strategy", spec]);
      expect(r.code).toBe(1);
      expect(r.stderr).toContain("bad.json");
      expect(r.stderr).toContain("fsat");
      expect(r.stderr).toContain("^^^^");
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("rejects an unknown flag with usage and exit code 2", async () => {
    const r = await cli(["backtest", "--no-such-flag"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("Unknown argument");
  });

  it("teaches with --help: options and examples", async () => {
    const r = await cli(["backtest", "--help"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("--strategy");
    expect(r.stdout).toContain("Examples:");
  });
});
