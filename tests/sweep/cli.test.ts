/**
 * `barstream sweep` end to end on real data: the report, --json, --out files (Parquet read back
 * equals the CSV), error messages and exit codes, and Ctrl-C (SIGINT) writing consistent partial
 * results with exit code 130.
 */
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";

import pl from "nodejs-polars";
import { describe, expect, it } from "vitest";

import { cli, RAW, ROOT } from "../helpers.js";
import { start } from "../live/procs.js";
import { plainBacktest, substitute } from "./plain.js";

const GOOG = resolve(RAW, "backtesting_py", "GOOG.csv");
const SMA = "examples/strategies/sma_cross.json";
const GRID = "examples/grids/sma_cross.json";
const tmp = () => mkdtempSync(join(tmpdir(), "barstream-sweep-cli-"));

/** Reads a CSV and a Parquet file and checks they hold the same table; returns it. */
function sameTable(csvFile: string, parquetFile: string): pl.DataFrame {
  const csv = pl.readCSV(csvFile);
  const pq = pl.readParquet(parquetFile);
  expect(pq.columns).toEqual(csv.columns);
  expect(pq.height).toBe(csv.height);
  for (const c of csv.columns) {
    const a = csv.getColumn(c).toArray();
    const b = pq.getColumn(c).toArray();
    expect(c === "symbol" ? b : (b as number[]).map(Number)).toEqual(c === "symbol" ? a : (a as number[]).map(Number));
  }
  return pq;
}

describe("barstream sweep", () => {
  it("prints the ranked table and writes ranked/per_symbol CSV + Parquet, heatmap.json and summary.json", async () => {
    const out = tmp();
    const r = await cli(["sweep", "--data", GOOG, "--strategy", SMA, "--grid", GRID, "--commission", "0.002", "--top", "3", "--out", out]);
    expect(r.stderr).not.toMatch(/barstream:/);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/Top 3 \(universe\)/);
    expect(r.stdout).toMatch(/47 combinations of indicators\.fast\.period, indicators\.slow\.period \(full grid 60\)/);
    const ranked = sameTable(join(out, "ranked.csv"), join(out, "ranked.parquet"));
    expect(ranked.height).toBe(47);
    const per = sameTable(join(out, "per_symbol.csv"), join(out, "per_symbol.parquet"));
    expect(per.height).toBe(47);
    const summary = JSON.parse(readFileSync(join(out, "summary.json"), "utf8"));
    expect(summary.complete).toBe(true);
    expect(summary.best.combo).toBe(ranked.getColumn("combo").toArray()[0]);
    expect(summary.best.metrics.sharpe).toBe(ranked.getColumn("sharpe").toArray()[0]);
    const heat = JSON.parse(readFileSync(join(out, "heatmap.json"), "utf8"));
    expect(heat.z.length).toBe(6);
    expect(heat.z[0].length).toBe(10);
  });

  it("--html writes the sweep page and --out best_strategy.json: the independently substituted best spec, whose plain backtest equals the best row", async () => {
    const out = tmp();
    const html = join(out, "sweep.html");
    const r = await cli(["sweep", "--data", GOOG, "--strategy", SMA, "--grid", GRID, "--commission", "0.002", "--out", out, "--html", html]);
    expect(r.stderr).not.toMatch(/barstream:/);
    expect(r.code).toBe(0);
    const summary = JSON.parse(readFileSync(join(out, "summary.json"), "utf8"));
    const best = JSON.parse(readFileSync(join(out, "best_strategy.json"), "utf8"));
    const base = JSON.parse(readFileSync(resolve(ROOT, SMA), "utf8"));
    expect(best).toEqual(substitute(base, summary.best.params));
    const plain = await plainBacktest(resolve(ROOT, SMA), summary.best.params, { data: GOOG, commission: 0.002 });
    expect(plain.universe.sharpe).toBe(summary.best.metrics.sharpe);
    // The page embeds the same heatmap as heatmap.json and the ranked rows, best first.
    const page = readFileSync(html, "utf8");
    const meta = JSON.parse(/<script type="application\/json" id="bs-meta">([\s\S]*?)<\/script>/.exec(page)?.[1] ?? "null");
    expect(meta.heatmap).toEqual(JSON.parse(readFileSync(join(out, "heatmap.json"), "utf8")));
    expect(meta.ranked[0].combo).toBe(summary.best.combo);
    expect(meta.ranked.length).toBe(47);
    expect(meta.best.label).toContain(`#${summary.best.combo}`);
  });

  it("--html with --walk-forward is a usage error", async () => {
    const r = await cli(["sweep", "--data", GOOG, "--strategy", SMA, "--grid", GRID, "--walk-forward", "rolling", "--html", join(tmp(), "x.html")]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/html/);
  });

  it("--json prints the summary only", async () => {
    const r = await cli(["sweep", "--data", GOOG, "--strategy", SMA, "--grid", GRID, "--json", "--top", "2", "--metric", "max_drawdown"]);
    expect(r.code).toBe(0);
    const j = JSON.parse(r.stdout);
    expect(j.top.length).toBe(2);
    expect(j.direction).toBe("min");
    expect(j.top[0].metrics.max_drawdown).toBeLessThanOrEqual(j.top[1].metrics.max_drawdown);
    expect(j.engine.bar_evaluations).toBeGreaterThan(0);
  });

  it("walk-forward writes walk_forward.json with one entry per fold", async () => {
    const out = tmp();
    const r = await cli(["sweep", "--data", GOOG, "--strategy", SMA, "--grid", GRID, "--walk-forward", "rolling", "--wf-splits", "3", "--out", out]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/Out-of-sample aggregate/);
    const wf = JSON.parse(readFileSync(join(out, "walk_forward.json"), "utf8"));
    expect(wf.folds.length).toBe(3);
    expect(existsSync(join(out, "ranked.csv"))).toBe(false);
  });

  it("usage errors exit 2: unknown metric lists the valid ones; missing --grid", async () => {
    const m = await cli(["sweep", "--data", GOOG, "--strategy", SMA, "--grid", GRID, "--metric", "sharp"]);
    expect(m.code).toBe(2);
    expect(m.stderr).toMatch(/Invalid values:[\s\S]*sharp[\s\S]*Choices:.*"sharpe"/);
    const g = await cli(["sweep", "--data", GOOG, "--strategy", SMA]);
    expect(g.code).toBe(2);
    expect(g.stderr).toMatch(/Missing required argument: grid/);
  });

  it("bad grids exit 1 naming the grid file and what is wrong", async () => {
    const dir = tmp();
    const write = (name: string, body: unknown) => {
      const f = join(dir, name);
      writeFileSync(f, typeof body === "string" ? body : JSON.stringify(body));
      return f;
    };
    const cases: [string, RegExp][] = [
      [write("badstep.json", { params: { "indicators.fast.period": { from: 5, to: 10, step: "x" } } }), /params.*indicators\.fast\.period.*step/],
      [write("zero.json", { params: { "indicators.fast.period": [0, 5] } }), /indicators\.fast\.period.*0[\s\S]*period/],
      [write("notjson.json", "{ params: "), /grid file .*notjson\.json/],
      // A path the spec does not have: the combination and the spec's own error (with the valid fields).
      [write("typo.json", { params: { "risk.stop_los": [0.05] } }), /combination 0 \(risk\.stop_los=0\.05\): risk\.stop_los: unknown field `stop_los`, expected one of `stop_loss`/],
    ];
    for (const [file, re] of cases) {
      const r = await cli(["sweep", "--data", GOOG, "--strategy", SMA, "--grid", file]);
      expect([file, r.code]).toEqual([file, 1]);
      expect(r.stderr).toMatch(/^barstream: grid file /);
      expect(r.stderr).toMatch(re);
    }
    const h = await cli(["sweep", "--data", GOOG, "--strategy", SMA, "--grid", GRID, "--heatmap", "indicators.fast.period,risk.stop_loss"]);
    expect(h.code).toBe(2); // a flag naming no grid parameter is a usage error (issue 14)
    expect(h.stderr).toMatch(/--heatmap: "risk.stop_loss" is not a grid parameter/);
  });

  it("SIGINT stops the engine, writes the finished combinations (however many) with complete: false, exits 130", async () => {
    // Deterministic trigger, no sleep: SIGINT goes as soon as the CLI reports the engine job
    // started (that line is written in the same tick as the cancel hook is installed and run()
    // is called). The grid is ~4.2 million (combination, symbol) pairs on one thread, about a minute of
    // work, so the run is always cut short; how much finished before the signal landed varies
    // (often nothing) and no assertion depends on it. Cancelling at a known point, with the
    // finished rows checked against plain backtests, is tests/sweep/cancel.test.ts.
    const out = tmp();
    const dir = tmp();
    const grid = join(dir, "big.json");
    writeFileSync(grid, JSON.stringify({ params: { "indicators.fast.period": { from: 2, to: 60, step: 1 }, "indicators.slow.period": { from: 20, to: 300, step: 2 } } }));
    const p = start(["sweep", "--data", resolve(RAW, "sp500_5yr"), "--skip-bad-rows", "--strategy", SMA, "--grid", grid, "--out", out, "--threads", "1"]);
    await p.waitFor(/sweep: 8,319 combinations x 505 symbols started/);
    p.child.kill("SIGINT");
    expect(await p.exited, p.stderr()).toBe(130);
    expect(p.stderr()).toMatch(/SIGINT received/);
    expect(p.stderr()).toMatch(/wrote .*summary\.json/);
    const summary = JSON.parse(readFileSync(join(out, "summary.json"), "utf8"));
    expect(summary.complete).toBe(false);
    expect(summary.grid.combos).toBe(8319);
    const per = sameTable(join(out, "per_symbol.csv"), join(out, "per_symbol.parquet"));
    const ranked = sameTable(join(out, "ranked.csv"), join(out, "ranked.parquet"));
    expect(per.height).toBeLessThan(summary.grid.combos * 505);
    expect(ranked.height).toBe(summary.combos_finished);
    expect(summary.combos_finished).toBeLessThan(summary.grid.combos);
    const done = /finished: (\d+) of 8319 combinations \(all symbols\), (\d+) \(combination, symbol\) pairs/.exec(p.stderr());
    expect(done, p.stderr()).not.toBeNull();
    expect([Number(done![1]), Number(done![2])]).toEqual([ranked.height, per.height]);
    // Every universe row's combination finished for every symbol; no (combination, symbol) pair twice.
    const perCombos = per.getColumn("combo").toArray() as number[];
    const perSymbols = per.getColumn("symbol").toArray() as string[];
    expect(new Set(perCombos.map((c, i) => `${c}/${perSymbols[i]}`)).size).toBe(per.height);
    const count = new Map<number, number>();
    for (const c of perCombos) count.set(c, (count.get(c) ?? 0) + 1);
    for (const c of ranked.getColumn("combo").toArray() as number[]) expect(count.get(c)).toBe(505);
  });
});
