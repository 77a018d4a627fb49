/**
 * `backtestPage`: a backtest (or focused replay) as one self-contained HTML page:
 * universe and per-symbol equity with buy-and-hold, drawdown, price with entries and exits,
 * statistics, sortable trade and symbol tables. Per-symbol chart data is embedded as one
 * JSON block per symbol and parsed only when the symbol is selected.
 */
import type { BacktestResult, UniverseCurves } from "../../types/backtest.js";
import type { StatDef } from "../../types/schema.js";
import { pickStats, SUMMARY_STATS } from "../format.js";
import { generatedAt, jsonBlock, page } from "./page.js";
import { MAX_POINTS, symbolCharts, universeSeries } from "./series.js";

/** Options of {@link backtestPage} (and of `renderBacktestHtml`). */
export interface BacktestHtmlOptions {
  /** Page title. Default: strategy name and data path. */
  title?: string;
  /** Points per chart series at most (display only). @default 3000 */
  maxPoints?: number;
}

/**
 * Trades as columns (exact values): times epoch ms for sorting and chart markers (display) and
 * as the exact ISO UTC strings for the table; prices quote currency, fractions not percent.
 */
function tradeColumns(result: BacktestResult) {
  const symIndex = new Map(result.symbols.map((s, i) => [s.symbol, i]));
  const reasons: string[] = [];
  const reasonIndex = new Map<string, number>();
  const t = result.trades;
  return {
    reasons,
    symbol: t.map((r) => symIndex.get(r.symbol) ?? -1),
    side: t.map((r) => (r.side === "long" ? 1 : -1)),
    qty: t.map((r) => r.qty),
    entry_time: t.map((r) => Date.parse(r.entry_time)),
    exit_time: t.map((r) => Date.parse(r.exit_time)),
    entry_iso: t.map((r) => r.entry_time),
    exit_iso: t.map((r) => r.exit_time),
    entry_price: t.map((r) => r.entry_price),
    exit_price: t.map((r) => r.exit_price),
    pnl: t.map((r) => r.pnl),
    return_frac: t.map((r) => r.return_frac),
    bars_held: t.map((r) => r.bars_held),
    exit_reason: t.map((r) => {
      let k = reasonIndex.get(r.exit_reason);
      if (k === undefined) {
        k = reasons.length;
        reasons.push(r.exit_reason);
        reasonIndex.set(r.exit_reason, k);
      }
      return k;
    }),
    commission: t.map((r) => r.commission),
    mfe: t.map((r) => r.mfe),
    mae: t.map((r) => r.mae),
  };
}

/** The universe's summed equity, buy-and-hold and drawdown (display series), as the engine computes them for its statistics. */
export function universeCharts(curves: UniverseCurves, maxPoints: number) {
  return universeSeries(curves, maxPoints);
}

/** The definitions the page needs of the statistics it shows (labels, formats, directions, meanings). */
export function pageStats(schema: readonly StatDef[], names: readonly string[]) {
  return pickStats(schema, names).map(({ name, label, format, better, description }) => ({ name, label, format, better, description }));
}

/**
 * Renders `result` as a self-contained HTML page (Apache ECharts inlined; opens offline).
 * The universe's curves (`result.universe.curves`) are charted when there are several symbols.
 * `schema`: the engine's statistics schema (labels, formats and directions of the statistics shown).
 * Candles need `result.equity[i].ohlc` (run with `ohlc: true`); without it the price is a close line.
 * Charts are downsampled to `maxPoints` per series for display; statistics and trades are exact.
 *
 * @throws Error when the ECharts bundle cannot be read from node_modules, or a statistic shown is
 *   missing from `schema`.
 */
export async function backtestPage(result: BacktestResult, schema: readonly StatDef[], opts: BacktestHtmlOptions = {}): Promise<string> {
  const maxPoints = opts.maxPoints ?? MAX_POINTS;
  const title = opts.title ?? `${result.strategy.name} on ${result.data.path}`;
  const meta = {
    kind: "backtest",
    title,
    strategy: result.strategy,
    settings: result.settings,
    data: result.data,
    universe: { ...result.universe, curves: undefined },
    focus: result.focus ? { ...result.focus, symbols: undefined } : undefined,
    symbols: result.symbols,
    stats: pageStats(schema, SUMMARY_STATS),
    trades: tradeColumns(result),
    universeCharts: result.symbols.length > 1 ? universeCharts(result.universe.curves, maxPoints) : undefined,
    generated: generatedAt(),
  };
  // One block per symbol, parsed by the page only when the symbol is selected.
  const blocks = result.equity.map((e, i) => jsonBlock(`bs-sym-${i}`, symbolCharts(e, maxPoints)));
  return page(title, [jsonBlock("bs-meta", meta), ...blocks]);
}
