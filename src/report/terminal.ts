/** The terminal summary: universe aggregate, then the top and bottom symbols. */
import { isAbsolute, relative } from "node:path";

import Table from "cli-table3";

import type { BacktestResult, FocusReport, Stats, SymbolReport, UniverseCurves } from "../types/backtest.js";
import type { StatDef } from "../types/schema.js";
import { formatStat, money, num, pct, pickStats, plural, SUMMARY_STATS } from "./format.js";
import { sparkline } from "./sparkline.js";
import { skippedBlock, skippedWhere } from "./skipped.js";

/** Borders without a rule between rows: compact, still aligned. */
const COMPACT = { "mid": "", "left-mid": "", "mid-mid": "", "right-mid": "" };

function statsRows(s: Stats, defs: readonly StatDef[]): [string, string][] {
  return defs.map((d) => [d.label, formatStat(s[d.name as keyof Stats], d.format)]);
}

/**
 * The per-symbol table's columns: a short heading (a display choice) and the statistic shown
 * (null: the symbol's trade count, closed and open).
 */
const SYMBOL_COLUMNS: readonly [heading: string, stat: string | null][] = [
  ["Return", "total_return"], ["B&H", "buy_and_hold_return"], ["Sharpe", "sharpe"], ["Max DD", "max_drawdown"],
  ["Trades", null], ["Win rate", "win_rate"], ["Exposure", "exposure"],
];

function symbolTable(title: string, rows: SymbolReport[], schema: readonly StatDef[]): string {
  const cols = SYMBOL_COLUMNS.map(([, name]) => (name === null ? null : pickStats(schema, [name])[0]));
  const t = new Table({ head: [title, ...SYMBOL_COLUMNS.map(([h]) => h)], chars: COMPACT, style: { head: [], border: [] } });
  for (const r of rows) t.push([r.symbol, ...cols.map((d) => (d === null ? r.trades : formatStat(r.stats[d.name as keyof Stats], d.format)))]);
  return t.toString();
}

/** The focused-replay section: candidates, windows, segments, coverage, and the --verify check. */
function focusTable(f: FocusReport): string {
  const c = f.candidates;
  const n = (x: number) => x.toLocaleString("en-US");
  const t = new Table({ head: ["Focused replay", "value"], chars: COMPACT, style: { head: [], border: [] } });
  t.push(
    ["Candidates", `${n(c.used)} of ${n(f.lines)} used (${n(c.exact)} exact, ${n(c.snapped)} next bar); skipped: ${n(c.unknown_symbol)} unknown symbol, ${n(c.outside_data)} outside the data`],
    ["Windows (N = " + f.window + ")", `${n(f.windows)} (${n(f.window_bars)} entry bars)`],
    ["Segments", `${n(f.segments)}, lead-in ${n(f.lead_in.exact_from)} bars from a start aligned to ${n(f.lead_in.align)} bars`],
    ["Coverage", `${pct(f.coverage)}: ${n(f.bars_simulated)} of ${n(f.bars)} bars simulated`],
  );
  if (f.verify) {
    const v = f.verify;
    t.push(
      ["Parity with full replay", v.identical ? "identical (trades, equity, statistics, bit for bit)" : `DIFFERS: ${v.mismatch}`],
      ["Speedup (engine time)", `${num(v.speedup, 1)}x: focused ${num(v.focused_ms, 1)} ms, full ${num(v.plain_ms, 1)} ms`],
    );
  }
  return t.toString();
}

/** Sparklines of the (universe) equity and buy & hold, each on its own scale, first and last value beside. */
function curveRows(c: UniverseCurves): [string, string][] {
  const n = c.equity.length;
  if (n === 0) return [];
  return [
    ["Equity curve", `${sparkline(c.equity)} ${money(c.equity[0])} -> ${money(c.equity[n - 1])}`],
    ["Buy & hold curve", `${sparkline(c.hold)} ${money(c.hold[0])} -> ${money(c.hold[n - 1])}`],
  ];
}

/**
 * The "Open at end" line: how many positions were still open after the last bar and what was
 * done with them (`closeAtEnd`, the run's `--close-at-end`).
 */
export function openAtEndText(open: number, closeAtEnd: string): string {
  if (closeAtEnd !== "none") return `${open} (--close-at-end ${closeAtEnd}: closed on the last bar at its ${closeAtEnd === "last_open" ? "open" : "close"}, exit reason end_of_data)`;
  return open === 0 ? "0" : `${open} (marked at the last close, not in the trade statistics)`;
}

/**
 * Renders the summary of `result`, showing `top` best and worst symbols by total return, with
 * the universe's equity and buy-and-hold curves (`result.universe.curves`) as sparklines.
 * `schema`: the engine's statistics schema (labels and formats of {@link SUMMARY_STATS}). The first
 * rows `--skip-bad-rows` dropped are listed under the universe table; `skippedFile` is where all of
 * them were written (`--out`'s skipped.csv), named for the rest.
 *
 * @throws Error when a statistic shown is missing from `schema`.
 */
/** `path` as the user reads it: relative to the working directory when it lies inside it (the bundled defaults are absolute). */
function shownPath(path: string): string {
  const rel = isAbsolute(path) ? relative(process.cwd(), path) : path;
  return rel && !rel.startsWith("..") && !isAbsolute(rel) ? rel : path;
}

export function summaryText(result: BacktestResult, schema: readonly StatDef[], top = 5, skippedFile?: string): string {
  const u = result.universe;
  const head = new Table({ chars: COMPACT, style: { head: [], border: [] } });
  head.push(
    { "Strategy": `${result.strategy.name} (${shownPath(result.strategy.file)})` },
    { "Data": `${shownPath(result.data.path)}: ${plural(result.data.symbols, "symbol")}, ${plural(result.data.rows_kept, "bar")}` },
    {
      "Settings": `cash ${money(result.settings.cash)}/symbol, commission ${pct(result.settings.commission)}` +
        `${result.settings.commissionFixed ? ` + ${money(result.settings.commissionFixed)}` : ""}, slippage ${pct(result.settings.slippage)}, fill ${result.settings.fill}`,
    },
  );
  const universe = new Table({ head: ["Universe", "value"], chars: COMPACT, style: { head: [], border: [] } });
  for (const [k, v] of statsRows(u.stats, pickStats(schema, SUMMARY_STATS))) universe.push([k, v]);
  universe.push(...curveRows(u.curves));
  universe.push(["Ambiguous bars (stop & target)", `${u.ambiguous_bars} (${result.settings.ambiguity})`]);
  universe.push(["Open at end", openAtEndText(u.open_trades, result.settings.closeAtEnd)]);
  const skipped = Object.entries(result.data.skipped).filter(([, n]) => n > 0);
  if (skipped.length) universe.push(["Rows skipped", skipped.map(([r, n]) => `${r}: ${n}`).join(", ")]);

  const ranked = [...result.symbols].sort(
    (a, b) => (b.stats.total_return ?? -Infinity) - (a.stats.total_return ?? -Infinity),
  );
  const parts = [head.toString(), universe.toString()];
  const located = skippedBlock(result.data.skipped_rows, skippedWhere(skippedFile));
  if (located) parts.push(located);
  if (result.focus) parts.push(focusTable(result.focus));
  if (ranked.length > 2 * top) {
    parts.push(symbolTable(`Top ${top}`, ranked.slice(0, top), schema));
    parts.push(symbolTable(`Bottom ${top}`, ranked.slice(-top).reverse(), schema));
  } else if (ranked.length > 0) {
    parts.push(symbolTable("Symbol", ranked, schema));
  }
  const t = result.timing_ms;
  parts.push(`load ${t.load.toFixed(0)} ms, compute ${t.compute.toFixed(0)} ms, aggregate ${t.aggregate.toFixed(0)} ms`);
  return parts.join("\n");
}
