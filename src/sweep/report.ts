/**
 * The terminal report of a sweep: settings, the top N combinations universe-level, each
 * symbol's best combination (summarised), indicator sharing and engine speed; with walk-forward,
 * one row per fold and the out-of-sample aggregate.
 */
import Table from "cli-table3";

import type { RankedRow, SweepResult } from "../types/sweep.js";
import { statDef } from "../engine/schema.js";
import { duration, money, num, pct, plural } from "../report/format.js";
import { sweepJson } from "./json.js";
import { skippedBlock, skippedWhere } from "../report/skipped.js";

const COMPACT = { "mid": "", "left-mid": "", "mid-mid": "", "right-mid": "" };
const n = (x: number) => x.toLocaleString("en-US");

/** Metric columns shown beside the ranked one. */
const SHOWN = ["sharpe", "total_return", "cagr", "max_drawdown", "n_trades", "win_rate"];

/**
 * A metric value in its format from the engine's statistics schema: percent and money as the
 * backtest report shows them, plain numbers with 3 decimals, counts with thousands separators,
 * durations in days or hours.
 */
function fmt(name: string, v: number | null | undefined): string {
  if (v === null || v === undefined) return "-";
  switch (statDef(name).format) {
    case "percent": return pct(v);
    case "money": return money(v);
    case "duration": return duration(v);
    case "integer": return n(v);
    case "number": return num(v, 3);
  }
}

/** Short parameter label: the last path segment(s) that keep labels unique (`fast.period`). */
function labels(paths: string[]): string[] {
  return paths.map((p) => {
    const parts = p.split(".");
    for (let k = 1; k <= parts.length; k++) {
      const l = parts.slice(-k).join(".");
      if (paths.filter((q) => q === l || q.endsWith(`.${l}`)).length === 1) return l;
    }
    return p;
  });
}

function rankedTable(title: string, rows: RankedRow[], paths: string[], metric: string, withSymbol: boolean): string {
  const metrics = [metric, ...SHOWN.filter((m) => m !== metric)];
  const head = [title, ...(withSymbol ? ["symbol"] : []), "combo", ...labels(paths), ...metrics];
  const t = new Table({ head, chars: COMPACT, style: { head: [], border: [] } });
  for (const r of rows) {
    t.push([r.rank, ...(withSymbol ? [r.symbol ?? ""] : []), r.combo, ...paths.map((p) => String(r.params[p])), ...metrics.map((m) => fmt(m, r.metrics[m]))]);
  }
  return t.toString();
}

/** How often each combination is some symbol's best: the spread of per-symbol optima. */
function bestPerSymbolSummary(best: RankedRow[], paths: string[], metric: string): string {
  const counts = new Map<number, { row: RankedRow; symbols: string[] }>();
  for (const r of best) {
    const c = counts.get(r.combo) ?? { row: r, symbols: [] };
    c.symbols.push(r.symbol ?? "");
    counts.set(r.combo, c);
  }
  const top = [...counts.values()].sort((a, b) => b.symbols.length - a.symbols.length).slice(0, 5);
  const t = new Table({ head: ["Best per symbol", "combo", ...labels(paths), "symbols", `e.g.`], chars: COMPACT, style: { head: [], border: [] } });
  for (const c of top) {
    const eg = c.symbols.slice(0, 4).join(", ") + (c.symbols.length > 4 ? ", ..." : "");
    t.push(["", c.row.combo, ...paths.map((p) => String(c.row.params[p])), c.symbols.length, eg]);
  }
  t.push([`${plural(best.length, "symbol")}, ${n(counts.size)} distinct best combinations by ${metric}`, "", ...paths.map(() => ""), "", ""]);
  return t.toString();
}

function walkForwardTable(r: SweepResult): string {
  const wf = r.walkForward!;
  const paths = r.grid.paths;
  const t = new Table({
    head: ["Fold", "in-sample", "out-of-sample", ...labels(paths), `IS ${wf.metric}`, `OOS ${wf.metric}`, "OOS return", "OOS max DD", "OOS trades"],
    chars: COMPACT, style: { head: [], border: [] },
  });
  const day = (s: string) => s.slice(0, 10);
  for (const f of wf.folds) {
    const m = f.out_of_sample_metrics;
    t.push([
      f.fold + 1, `${day(f.in_sample.from)} .. ${day(f.in_sample.to)}`, `${day(f.out_of_sample.from)} .. ${day(f.out_of_sample.to)}`,
      ...paths.map((p) => String(f.chosen.params[p])), fmt(wf.metric, f.in_sample_metric), fmt(wf.metric, m[wf.metric]),
      fmt("total_return", m.total_return), fmt("max_drawdown", m.max_drawdown), fmt("n_trades", m.n_trades),
    ]);
  }
  const a = wf.aggregate;
  const s = new Table({ head: ["Out-of-sample aggregate", "value"], chars: COMPACT, style: { head: [], border: [] } });
  s.push(
    ["Folds", `${a.folds} of ${wf.splits} (${wf.mode}, OOS ${pct(wf.oos_fraction)} of each window)${wf.complete ? "" : " - INTERRUPTED"}`],
    ["Return, compounded over folds", pct(a.total_return_compounded)],
    [`Mean ${wf.metric}: in-sample / out-of-sample`, `${fmt(wf.metric, a.is_metric_mean)} / ${fmt(wf.metric, a.oos_metric_mean)}`],
    ["Trades", n(a.n_trades)],
    ["Worst fold max drawdown", pct(a.max_drawdown_worst)],
  );
  return `${t.toString()}\n${s.toString()}`;
}

/**
 * The whole terminal report of `r` with the `top` best combinations and the first rows
 * `--skip-bad-rows` dropped; `skippedFile`: where all of them were written (`--out`'s skipped.csv).
 */
export function renderSweep(r: SweepResult, top: number, skippedFile?: string): string {
  const j = sweepJson(r, top);
  const head = new Table({ chars: COMPACT, style: { head: [], border: [] } });
  const wf = r.walkForward ? `, walk-forward ${r.walkForward.mode} x ${r.walkForward.splits}` : "";
  head.push(
    ["Strategy", `${r.strategy.name} (${r.strategy.file})`],
    ["Grid", `${r.grid.file}: ${n(r.grid.combos)} combinations of ${r.grid.paths.join(", ")} (full grid ${n(r.grid.full_grid_size)})${wf}`],
    ["Data", `${r.data.path}: ${plural(r.data.symbols.length, "symbol")}, ${plural(r.data.bars, "bar")}`],
    ["Ranked by", `${r.metric} (${r.direction === "max" ? "higher" : "lower"} is better)`],
  );
  const skipped = Object.entries(r.data.skipped).filter(([, k]) => k > 0);
  if (skipped.length) head.push(["Rows skipped", skipped.map(([rule, k]) => `${rule}: ${n(k)}`).join(", ")]);
  if (!r.complete) head.push(["Status", `INTERRUPTED: ${n(j.combos_finished)} of ${n(r.grid.combos)} combinations finished for every symbol`]);
  const parts = [head.toString()];
  const located = skippedBlock(r.data.skipped_rows, skippedWhere(skippedFile));
  if (located) parts.push(located);
  if (r.walkForward) parts.push(walkForwardTable(r));
  else {
    if (j.top.length) parts.push(rankedTable(`Top ${j.top.length} (universe)`, j.top, r.grid.paths, r.metric, false));
    else parts.push(`No combination finished for every symbol: no universe ranking (${n(r.finished.pairs)} (combination, symbol) pairs finished; each symbol's best are in the per-symbol results).`);
    if (r.data.symbols.length > 1 && j.best_per_symbol.length) parts.push(bestPerSymbolSummary(j.best_per_symbol, r.grid.paths, r.metric));
  }
  const e = r.engine;
  const perf = new Table({ head: ["Engine", "value"], chars: COMPACT, style: { head: [], border: [] } });
  perf.push(
    ["Indicator series computed / requested", `${n(e.indicators_computed)} / ${n(e.indicators_requested)} (shared ${pct(e.indicators_requested ? 1 - e.indicators_computed / e.indicators_requested : 0)})`],
    ["Bar evaluations", `${n(e.bar_evaluations)} in ${num(e.compute_ms, 1)} ms: ${num(e.bar_evaluations_per_s / 1e6, 1)}M/s`],
    ["Wall time", `load ${num(r.timing_ms.load, 0)} ms, sweep ${num(r.timing_ms.sweep, 0)} ms`],
  );
  parts.push(perf.toString());
  return parts.join("\n");
}
