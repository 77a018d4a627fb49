/**
 * `--out DIR` of a sweep: ranked.csv + ranked.parquet (universe-level, the best `--keep`
 * combinations), per_symbol.csv + per_symbol.parquet (each symbol's best `--keep` combinations,
 * ranked within the symbol), all_universe.csv + all_per_symbol.csv (every row, streamed during
 * the run, with `--all-results`), skipped.csv (the rows `--skip-bad-rows` dropped), best_strategy.json, heatmap.json, walk_forward.json and
 * summary.json. Tables are written columnar through nodejs-polars straight from the engine's typed
 * arrays. Every file is replaced atomically; summary.json (the manifest) is removed first and
 * written last, and every other file a sweep can write is removed first, so a reused folder never
 * mixes two runs (src/util/out-dir.ts).
 */
import pl from "nodejs-polars";

import { writeFileAtomic, writeFrameAtomic } from "../util/atomic-file.js";
import { beginOutDir, MANIFEST } from "../util/out-dir.js";

import type { MetricRows, Ranking, SweepResult } from "../types/sweep.js";
import { sweepJson } from "./json.js";
import { SKIPPED_CSV, skippedFrame } from "../report/skipped.js";
import { statDef } from "../engine/schema.js";

/**
 * `v` as an integer column when it should be one and can be: Int64 (written `20`, not `20.0`) when
 * `whole` and every value is a whole number (a NaN keeps the column Float64); else `v` as is.
 */
function typed(name: string, v: Float64Array, whole: boolean): Float64Array | pl.Series {
  return whole && v.every(Number.isInteger) ? pl.Series(name, Array.from(v), pl.Int64) : v;
}

/**
 * Columns of the rows `order` (row indices into `rows`) of a sweep table: `combo`, (`symbol`), one
 * column per grid parameter (dot path as the name), one per metric. NaN metrics stay NaN (floats).
 * Integer metrics (the schema's `integer` format: counts, bars) and parameters whose grid values are
 * all whole numbers (periods) are integer columns.
 */
export function rowColumns(rows: MetricRows, order: ArrayLike<number>, grid: Pick<SweepResult["grid"], "paths" | "values">, symbols?: string[]): Record<string, unknown> {
  const n = order.length;
  const w = rows.names.length;
  const p = grid.paths.length;
  const combo = new Int32Array(n);
  for (let k = 0; k < n; k++) combo[k] = rows.combo[order[k]];
  const cols: Record<string, unknown> = { combo };
  if (rows.symbolIndex && symbols) cols.symbol = Array.from({ length: n }, (_, k) => symbols[rows.symbolIndex![order[k]]]);
  grid.paths.forEach((path, j) => {
    const v = new Float64Array(n);
    for (let k = 0; k < n; k++) v[k] = grid.values[combo[k] * p + j];
    // Whole-number parameters by the whole grid, not this chunk's rows: one type per streamed file.
    let whole = true;
    for (let c = j; c < grid.values.length && whole; c += p) whole = Number.isInteger(grid.values[c]);
    cols[path] = typed(path, v, whole);
  });
  rows.names.forEach((name, j) => {
    const v = new Float64Array(n);
    for (let k = 0; k < n; k++) v[k] = rows.metrics[order[k] * w + j];
    cols[name] = typed(name, v, statDef(name).format === "integer");
  });
  return cols;
}

/**
 * The ranked table of `rows` as a DataFrame: `rank`, then {@link rowColumns} in rank order.
 */
export function rankedFrame(rows: MetricRows, ranking: Ranking, grid: SweepResult["grid"], symbols?: string[]): pl.DataFrame {
  return pl.DataFrame({ rank: Int32Array.from(ranking.rank), ...rowColumns(rows, ranking.order, grid, symbols) });
}

/** Paths written by {@link writeSweepFiles}, by file kind. */
export type SweepFiles = Record<string, string>;

/** Every file a sweep can write into `--out` (a run writes a subset; the rest are removed). */
export const SWEEP_FILE_NAMES = [
  "ranked.csv", "ranked.parquet", "per_symbol.csv", "per_symbol.parquet",
  "best_strategy.json", "heatmap.json", "walk_forward.json", SKIPPED_CSV, MANIFEST,
] as const;

/** The files `--all-results` streams into `--out` during the run (src/sweep/stream.ts). */
export const STREAMED_FILE_NAMES = ["all_universe.csv", "all_per_symbol.csv"] as const;

/**
 * Writes the sweep's files into `dir` (created if missing). Walk-forward runs write
 * walk_forward.json and summary.json (the folds are the result); plain sweeps the ranked tables
 * and heatmap.json. An interrupted sweep writes what finished, with `"complete": false`. Files of an
 * earlier run into `dir` are removed first (see {@link SWEEP_FILE_NAMES}); summary.json is written last.
 *
 * @throws Error naming the directory when it cannot be created or cleared; AtomicWriteError naming
 *   the file and the OS error (e.g. disk full) when one cannot be written (summary.json is then absent).
 */
export async function writeSweepFiles(r: SweepResult, dir: string, top: number): Promise<SweepFiles> {
  // Without --all-results, another run's streamed rows would sit beside this run's summary as if
  // they were its own; with it, they are this run's and already in place.
  const join = await beginOutDir(dir, r.allResults ? SWEEP_FILE_NAMES : [...SWEEP_FILE_NAMES, ...STREAMED_FILE_NAMES]);
  const opts = { label: "--out" };
  const files: SweepFiles = {};
  if (r.allResults) {
    files.all_universe_csv = r.allResults.universe_csv;
    files.all_per_symbol_csv = r.allResults.per_symbol_csv;
  }
  if (!r.walkForward) {
    const ranked = rankedFrame(r.universe, r.universeRanking, r.grid);
    files.ranked_csv = join("ranked.csv");
    files.ranked_parquet = join("ranked.parquet");
    await writeFrameAtomic(files.ranked_csv, ranked, "csv", opts);
    await writeFrameAtomic(files.ranked_parquet, ranked, "parquet", opts);
    const per = rankedFrame(r.perSymbol, r.perSymbolRanking, r.grid, r.data.symbols);
    files.per_symbol_csv = join("per_symbol.csv");
    files.per_symbol_parquet = join("per_symbol.parquet");
    await writeFrameAtomic(files.per_symbol_csv, per, "csv", opts);
    await writeFrameAtomic(files.per_symbol_parquet, per, "parquet", opts);
  }
  files.skipped_csv = join(SKIPPED_CSV);
  await writeFrameAtomic(files.skipped_csv, skippedFrame(r.data.skipped_rows), "csv", opts);
  const json = async (key: string, name: string, value: unknown) => {
    files[key] = join(name);
    await writeFileAtomic(files[key], `${JSON.stringify(value, null, 2)}\n`, opts);
  };
  // Ready to run: `barstream backtest --strategy best_strategy.json` reproduces the best row.
  if (r.best) await json("best_strategy_json", "best_strategy.json", JSON.parse(r.best.spec));
  if (r.heatmap) await json("heatmap_json", "heatmap.json", r.heatmap);
  if (r.walkForward) await json("walk_forward_json", "walk_forward.json", r.walkForward);
  await json("summary_json", MANIFEST, sweepJson(r, top));
  return files;
}
