/**
 * `--out DIR` of a sweep: ranked.csv + ranked.parquet (universe-level, the best `--keep`
 * combinations), per_symbol.csv + per_symbol.parquet (each symbol's best `--keep` combinations,
 * ranked within the symbol), all_universe.csv + all_per_symbol.csv (every row, streamed during
 * the run, with `--all-results`), heatmap.json, walk_forward.json and summary.json. Tables are written columnar
 * through nodejs-polars straight from the engine's typed arrays.
 */
import { mkdir, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";

import pl from "nodejs-polars";

import type { MetricRows, Ranking, SweepResult } from "../types/sweep.js";
import { sweepJson } from "./json.js";

/**
 * Columns of the rows `order` (row indices into `rows`) of a sweep table: `combo`, (`symbol`), one
 * column per grid parameter (dot path as the name), one per metric. NaN metrics stay NaN (floats).
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
    cols[path] = v;
  });
  rows.names.forEach((name, j) => {
    const v = new Float64Array(n);
    for (let k = 0; k < n; k++) v[k] = rows.metrics[order[k] * w + j];
    cols[name] = v;
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

/**
 * Writes the sweep's files into `dir` (created if missing). Walk-forward runs write
 * walk_forward.json and summary.json (the folds are the result); plain sweeps the ranked tables
 * and heatmap.json. An interrupted sweep writes what finished, with `"complete": false`.
 *
 * @throws Error naming the directory when it cannot be created.
 */
export async function writeSweepFiles(r: SweepResult, dir: string, top: number): Promise<SweepFiles> {
  try {
    await mkdir(dir, { recursive: true });
  } catch (err) {
    throw new Error(`--out ${dir}: cannot create directory (${(err as NodeJS.ErrnoException).code ?? err})`);
  }
  const files: SweepFiles = {};
  if (r.allResults) {
    files.all_universe_csv = r.allResults.universe_csv;
    files.all_per_symbol_csv = r.allResults.per_symbol_csv;
  } else {
    // Another run's streamed rows would sit beside this run's summary as if they were its own.
    await Promise.all(["all_universe.csv", "all_per_symbol.csv"].map((f) => rm(join(dir, f), { force: true })));
  }
  if (!r.walkForward) {
    const ranked = rankedFrame(r.universe, r.universeRanking, r.grid);
    files.ranked_csv = join(dir, "ranked.csv");
    files.ranked_parquet = join(dir, "ranked.parquet");
    ranked.writeCSV(files.ranked_csv);
    ranked.writeParquet(files.ranked_parquet);
    const per = rankedFrame(r.perSymbol, r.perSymbolRanking, r.grid, r.data.symbols);
    files.per_symbol_csv = join(dir, "per_symbol.csv");
    files.per_symbol_parquet = join(dir, "per_symbol.parquet");
    per.writeCSV(files.per_symbol_csv);
    per.writeParquet(files.per_symbol_parquet);
  }
  if (r.best) {
    // Ready to run: `barstream backtest --strategy best_strategy.json` reproduces the best row.
    files.best_strategy_json = join(dir, "best_strategy.json");
    await writeFile(files.best_strategy_json, `${JSON.stringify(JSON.parse(r.best.spec), null, 2)}\n`);
  }
  if (r.heatmap) {
    files.heatmap_json = join(dir, "heatmap.json");
    await writeFile(files.heatmap_json, `${JSON.stringify(r.heatmap, null, 2)}\n`);
  }
  if (r.walkForward) {
    files.walk_forward_json = join(dir, "walk_forward.json");
    await writeFile(files.walk_forward_json, `${JSON.stringify(r.walkForward, null, 2)}\n`);
  }
  files.summary_json = join(dir, "summary.json");
  await writeFile(files.summary_json, `${JSON.stringify(sweepJson(r, top), null, 2)}\n`);
  return files;
}
