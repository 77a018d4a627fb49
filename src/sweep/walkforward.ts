/**
 * Walk-forward analysis: split the data's time range into folds, run the grid in-sample (IS),
 * choose the best universe-level combination by the metric, and run only that combination
 * out-of-sample (OOS). Bars before a window's start are warm-up (indicators see them, no order
 * is placed, statistics start at the window's first bar with equity = cash), so nothing from the
 * IS period trades into the OOS result; bars after a window's end are never read.
 */
import { nsToIso } from "../data/time.js";
import type { EngineSweepResult, GridExpansion } from "../engine/sweep.js";
import { comboParams, rankRows, rowMetrics } from "./rank.js";
import type { Direction, FoldReport, MetricRows, WalkForwardAggregate, WalkForwardMode, WalkForwardReport } from "../types/sweep.js";

/** One fold's windows: half-open bar ranges on the timeline, and their inclusive UTC ns bounds. */
export interface Fold {
  /** 0-based fold number. */
  index: number;
  /** IS bars: timeline[isBars[0]] .. timeline[isBars[1] - 1]. */
  isBars: [number, number];
  /** OOS bars: timeline[oosBars[0]] .. timeline[oosBars[1] - 1]. */
  oosBars: [number, number];
  /** First and last IS bar time, UTC ns, inclusive. */
  isFrom: bigint;
  isTo: bigint;
  /** First and last OOS bar time, UTC ns, inclusive. */
  oosFrom: bigint;
  oosTo: bigint;
}

/**
 * The sorted, de-duplicated bar times of all symbols (the universe's timeline).
 * `ts`: UTC ns of every bar of every symbol, any order.
 */
export function timeline(ts: BigInt64Array): BigInt64Array {
  const s = ts.slice().sort();
  let n = 0;
  for (let i = 0; i < s.length; i++) if (i === 0 || s[i] !== s[n - 1]) s[n++] = s[i];
  return s.slice(0, n);
}

/**
 * Splits a timeline of U bars into `splits` folds whose OOS windows tile the end of the range
 * without overlap (so the OOS results form one continuous out-of-sample record):
 * OOS length L = floor(oos * U / (1 - oos + splits * oos)), IS length I = U - splits * L
 * (each fold's window is I + L bars and L / (I + L) ~= oos). Fold k's OOS is
 * [I + kL, I + (k+1)L); its IS is [I + kL - I, I + kL) when `rolling` (fixed length, slides by L)
 * and [0, I + kL) when `anchored` (grows from the start).
 *
 * @throws Error when the timeline is too short for the folds (fewer than 1 OOS bar or 2 IS bars).
 */
export function walkForwardFolds(tl: BigInt64Array, mode: WalkForwardMode, splits: number, oos: number): Fold[] {
  const u = tl.length;
  const oosLen = Math.floor((oos * u) / (1 - oos + splits * oos));
  const isLen = u - splits * oosLen;
  if (oosLen < 1 || isLen < 2) {
    throw new Error(
      `--wf-splits ${splits} with --wf-oos ${oos}: the data's ${u} distinct bar times leave ${oosLen} bar(s) per out-of-sample window ` +
        `and ${isLen} in-sample; use fewer splits or more data`,
    );
  }
  const folds: Fold[] = [];
  for (let k = 0; k < splits; k++) {
    const o0 = isLen + k * oosLen;
    const i0 = mode === "rolling" ? o0 - isLen : 0;
    folds.push({ index: k, isBars: [i0, o0], oosBars: [o0, o0 + oosLen], isFrom: tl[i0], isTo: tl[o0 - 1], oosFrom: tl[o0], oosTo: tl[o0 + oosLen - 1] });
  }
  return folds;
}

/** The engine work a walk-forward needs: run a grid (JSON) with an evaluation window. */
export type GridRunner = (
  gridJson: string,
  window: { evalFromTs: bigint; evalToTs: bigint },
  label: string,
) => Promise<{ grid: GridExpansion; result: EngineSweepResult }>;

const mean = (xs: (number | null)[]): number | null => {
  const v = xs.filter((x): x is number => x !== null);
  return v.length ? v.reduce((a, b) => a + b, 0) / v.length : null;
};

/** Aggregates finished folds (see {@link WalkForwardAggregate}). */
export function aggregateFolds(folds: FoldReport[], metric: string): WalkForwardAggregate {
  const oos = folds.map((f) => f.out_of_sample_metrics);
  const tr = oos.map((m) => m.total_return);
  const dd = oos.map((m) => m.max_drawdown).filter((x): x is number => x !== null && x !== undefined);
  return {
    folds: folds.length,
    total_return_compounded: folds.length && tr.every((x) => typeof x === "number") ? tr.reduce((a, r) => a * (1 + (r as number)), 1) - 1 : null,
    oos_metric_mean: mean(oos.map((m) => m[metric] ?? null)),
    is_metric_mean: mean(folds.map((f) => f.in_sample_metric)),
    n_trades: oos.reduce((a, m) => a + (m.n_trades ?? 0), 0),
    max_drawdown_worst: dd.length ? Math.max(...dd) : null,
  };
}

/** A grid file holding exactly one combination (each parameter a one-value list). */
export function singleComboGrid(params: Record<string, number>): string {
  return JSON.stringify({ params: Object.fromEntries(Object.entries(params).map(([k, v]) => [k, [v]])) });
}

/**
 * Runs the walk-forward: per fold, `gridJson` on IS, the IS-best combination on OOS.
 * Stops after the fold in progress when `cancelled()` turns true or a run comes back cancelled
 * (the report then has `complete: false`).
 */
export async function runWalkForward(args: {
  folds: Fold[];
  gridJson: string;
  symbols: string[];
  metric: string;
  direction: Direction;
  mode: WalkForwardMode;
  oos: number;
  run: GridRunner;
  cancelled: () => boolean;
}): Promise<WalkForwardReport> {
  const { folds, metric } = args;
  const done: FoldReport[] = [];
  let complete = true;
  for (const f of folds) {
    if (args.cancelled()) {
      complete = false;
      break;
    }
    const tag = `fold ${f.index + 1}/${folds.length}`;
    const is = await args.run(args.gridJson, { evalFromTs: f.isFrom, evalToTs: f.isTo }, `${tag} in-sample`);
    const isRows: MetricRows = { ...is.result.universe, names: is.result.metricNames };
    if (is.result.cancelled || isRows.combo.length === 0) {
      complete = false;
      break;
    }
    const ranking = rankRows(isRows, metric, args.direction);
    const best = ranking.order[0];
    const chosen = { combo: isRows.combo[best], params: comboParams(is.grid, isRows.combo[best]) };
    const oos = await args.run(singleComboGrid(chosen.params), { evalFromTs: f.oosFrom, evalToTs: f.oosTo }, `${tag} out-of-sample`);
    if (oos.result.cancelled || oos.result.universe.combo.length === 0) {
      complete = false;
      break;
    }
    const oosUni: MetricRows = { ...oos.result.universe, names: oos.result.metricNames };
    const oosSym: MetricRows = { ...oos.result.perSymbol, names: oos.result.metricNames };
    done.push({
      fold: f.index,
      in_sample: { from: nsToIso(f.isFrom), to: nsToIso(f.isTo), bars: f.isBars[1] - f.isBars[0] },
      out_of_sample: { from: nsToIso(f.oosFrom), to: nsToIso(f.oosTo), bars: f.oosBars[1] - f.oosBars[0] },
      combos: is.grid.combos,
      chosen,
      in_sample_metric: rowMetrics(isRows, best)[metric],
      out_of_sample_metrics: rowMetrics(oosUni, 0),
      out_of_sample_per_symbol: Array.from(oosSym.combo, (_, i) => ({ symbol: args.symbols[oosSym.symbolIndex![i]], metrics: rowMetrics(oosSym, i) })),
    });
  }
  return { mode: args.mode, splits: folds.length, oos_fraction: args.oos, metric, complete, folds: done, aggregate: aggregateFolds(done, metric) };
}
