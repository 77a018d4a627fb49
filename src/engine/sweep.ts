/**
 * The sweep engine as the TypeScript side uses it: `expandGrid` and `SweepJob` from
 * native/src/binding_sweep.rs (contract: the sweep brief; shapes in the generated
 * native/index.d.cts). Re-exported under the names src/sweep uses, so a contract change
 * shows up as a type error here.
 */
import { native, type Native } from "./native.js";

/** `expandGrid`'s result: paths (file order), values (combos x paths, row-major), combos, fullGridSize. */
export type GridExpansion = Native.BindingGrid;

/** Engine settings of a sweep: the backtest settings plus evalFromTs/evalToTs (UTC ns) and memoryBudgetMb. */
export type SweepEngineConfig = Native.BindingSweepConfig;

/** What a sweep run resolves to: per-symbol and universe metric rows of the finished work, engine figures. */
export type EngineSweepResult = Native.BindingSweepResult;

/** A running sweep: combos, paths, values, units; run() once, progress(), cancel(). */
export type EngineSweepJob = Native.SweepJob;

/** The two sweep entry points of the addon. */
export interface SweepEngine {
  /** Validates and expands a grid against a spec. @throws Error with the grid's JSON path or the bad combination. */
  expandGrid(specJson: string, gridJson: string): GridExpansion;
  /** A job over `bars`. @throws Error for a bad spec, grid, setting or batch layout. */
  newJob(bars: Native.BindingBarBatch, specJson: string, gridJson: string, config: SweepEngineConfig): EngineSweepJob;
}

/** The addon's sweep entry points. */
export function sweepEngine(): SweepEngine {
  return {
    expandGrid: (spec, grid) => native.expandGrid(spec, grid),
    newJob: (bars, spec, grid, config) => new native.SweepJob(bars, spec, grid, config),
  };
}
