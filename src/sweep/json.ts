/** The machine-readable summary of a sweep: `--json` output and `summary.json`. */
import type { Heatmap, RankedRow, SweepResult, WalkForwardReport } from "../types/sweep.js";
import { bestPerSymbol, topRows } from "./rank.js";

/** The summary's shape (all metrics are stats-crate names; NaN is null). */
export interface SweepJson {
  complete: boolean;
  strategy: { name: string; file: string };
  settings: SweepResult["settings"];
  grid: { file: string; paths: string[]; combos: number; full_grid_size: number };
  data: Omit<SweepResult["data"], "symbols"> & { symbols: number };
  metric: string;
  direction: "max" | "min";
  /** Combinations finished for every symbol (the best `keep` of them are ranked universe-level). */
  combos_finished: number;
  /** The universe-level best combination; null with walk-forward or when nothing finished. */
  best: RankedRow | null;
  /** The top N combinations universe-level. */
  top: RankedRow[];
  /** Each symbol's best combination. */
  best_per_symbol: RankedRow[];
  heatmap: Heatmap | null;
  walk_forward: WalkForwardReport | null;
  engine: SweepResult["engine"];
  timing_ms: SweepResult["timing_ms"];
}

/** The summary of `r` with its `top` best combinations. */
export function sweepJson(r: SweepResult, top: number): SweepJson {
  const topN = topRows(r.universe, r.universeRanking, top, r.grid);
  return {
    complete: r.complete,
    strategy: r.strategy,
    settings: r.settings,
    grid: { file: r.grid.file, paths: r.grid.paths, combos: r.grid.combos, full_grid_size: r.grid.full_grid_size },
    data: { ...r.data, symbols: r.data.symbols.length },
    metric: r.metric,
    direction: r.direction,
    combos_finished: r.finished.combos,
    best: topN[0] ?? null,
    top: topN,
    best_per_symbol: bestPerSymbol(r.perSymbol, r.perSymbolRanking, r.grid, r.data.symbols),
    heatmap: r.heatmap ?? null,
    walk_forward: r.walkForward ?? null,
    engine: r.engine,
    timing_ms: r.timing_ms,
  };
}
