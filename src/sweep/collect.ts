/**
 * Runs an engine sweep job range by range (`SweepJob.runRange`, each range sized by the engine to
 * fit `--memory-budget`) and keeps only what the reports need: the best `keep` universe rows and
 * the best `keep` rows of each symbol ({@link TopN}), the heatmap's cells, counts; every row goes
 * to the `--all-results` stream when there is one and is then dropped. Memory is bounded by
 * (1 + symbols) x keep rows plus two ranges (one computing, one being kept), whatever the number
 * of combinations.
 */
import type { EngineSweepJob, EngineSweepResult } from "../engine/sweep.js";
import type { HeatmapBuilder } from "./heatmap.js";
import { metricColumn } from "./rank.js";
import type { AllResultsWriter } from "./stream.js";
import { TopN } from "./topn.js";
import type { Direction } from "../types/sweep.js";

/** What {@link collectRanges} keeps of each range. */
export interface CollectOptions {
  /** Number of symbols of the job's batch. */
  symbols: number;
  /** Ranking metric (stats-crate name) and its direction. */
  metric: string;
  direction: Direction;
  /** Rows kept per ranking (universe, and each symbol). */
  keep: number;
  /** Fed with every universe row. */
  heatmap?: HeatmapBuilder;
  /** Receives every row as it comes. */
  stream?: AllResultsWriter;
}

/**
 * An engine result holding only the kept rows: `universe` best first, `perSymbol` by symbol
 * index ascending and best first within each symbol; plus how many rows the job finished.
 */
export interface CollectedSweep extends EngineSweepResult {
  /** Rows finished: combinations finished for every symbol, and (combination, symbol) pairs. */
  finished: { combos: number; pairs: number };
}

/**
 * Runs every combination of `job` in ranges of `job.combosPerRange` and keeps the best rows.
 * Stops after the first range that comes back cancelled (after `job.cancel()`).
 *
 * @throws Error when the engine rejects a range, the metric is not among its columns, or the
 *   stream cannot be written.
 */
export async function collectRanges(job: EngineSweepJob, o: CollectOptions): Promise<CollectedSweep> {
  let names: string[] = [];
  let uni: TopN | undefined;
  let per: TopN[] = [];
  const out = { cancelled: false, indicatorsComputed: 0, indicatorsRequested: 0, barEvaluations: 0, computeMs: 0 };
  const finished = { combos: 0, pairs: 0 };
  const step = Math.max(1, job.combosPerRange);
  const range = (first: number) => {
    const p = job.runRange(first, Math.min(first + step, job.combos));
    // Awaited below; this only keeps a rejection from being reported unhandled when an
    // earlier range's processing throws first.
    p.catch(() => undefined);
    return p;
  };
  let pending = job.combos > 0 ? range(0) : undefined;
  for (let first = 0; pending; first += step) {
    const r = await pending;
    // The engine runs the next range while this one's rows are kept and streamed (two ranges
    // in memory at most).
    pending = !r.cancelled && first + step < job.combos ? range(first + step) : undefined;
    if (!uni) {
      names = r.metricNames;
      const col = metricColumn({ combo: new Int32Array(0), metrics: new Float64Array(0), names }, o.metric);
      uni = new TopN(o.keep, names.length, col, o.direction);
      per = Array.from({ length: o.symbols }, () => new TopN(o.keep, names.length, col, o.direction));
    }
    const w = names.length;
    const u = r.universe;
    for (let i = 0; i < u.combo.length; i++) uni.offer(u.combo[i], u.metrics, i * w);
    const s = r.perSymbol;
    for (let i = 0; i < s.combo.length; i++) per[s.symbolIndex[i]].offer(s.combo[i], s.metrics, i * w);
    o.heatmap?.addRows({ ...u, names });
    await o.stream?.write({ names, universe: u, perSymbol: s });
    finished.combos += u.combo.length;
    finished.pairs += s.combo.length;
    out.indicatorsComputed += r.indicatorsComputed;
    out.indicatorsRequested += r.indicatorsRequested;
    out.barEvaluations += r.barEvaluations;
    out.computeMs += r.computeMs;
    if (r.cancelled) {
      out.cancelled = true;
      break;
    }
  }
  const universe = uni?.sorted() ?? { combo: new Int32Array(0), metrics: new Float64Array(0) };
  const parts = per.map((t) => t.sorted());
  const n = parts.reduce((a, p) => a + p.combo.length, 0);
  const perSymbol = { combo: new Int32Array(n), symbolIndex: new Int32Array(n), metrics: new Float64Array(n * names.length) };
  let at = 0;
  parts.forEach((p, sym) => {
    perSymbol.combo.set(p.combo, at);
    perSymbol.symbolIndex.fill(sym, at, at + p.combo.length);
    perSymbol.metrics.set(p.metrics, at * names.length);
    at += p.combo.length;
  });
  return { ...out, metricNames: names, universe, perSymbol, finished };
}
