/**
 * `runFocused`: focused replay of a backtest around the candidates of a file (one
 * `pushFocused` call per batch of symbols; the engine rebuilds each symbol's whole equity
 * curve), with the same result shape as `runBacktest`
 * plus a `focus` section (coverage, windows, segments, and with `verify` the plain-path
 * check and the speedup). Definitions: docs/focused-replay.md.
 */
import { bySymbol, candidateBars, noMatches } from "./focus/match.js";
import { FocusCollector } from "./focus/report.js";
import { validateStrategy } from "../engine/backtest.js";
import { readCandidates } from "../scan/candidates.js";
import { warn } from "../util/log.js";
import type { BacktestOptions, BacktestResult } from "../types/backtest.js";
import { prepare, runBatches } from "./pipeline.js";

/**
 * Runs focused replay: `opts.candidates` names the candidates file, `opts.window` the
 * half-width of each window (bars each side), `opts.verify` also runs the plain path.
 *
 * Candidates of symbols not in the data, or outside a symbol's bars, are skipped with a
 * warning on stderr and counted in `focus.candidates`.
 *
 * @throws CandidateError for a bad line (file, line, field); Error when the file cannot be
 *   read or no candidate matches a bar of the data; as `runBacktest` otherwise.
 */
export async function runFocused(opts: BacktestOptions): Promise<BacktestResult> {
  const run = await prepare(opts);
  const file = run.o.candidates as string;
  // Any order: matching is per symbol by binary search, and hand-written files need not be sorted.
  const candidates = await readCandidates(file);
  const lines = candidates.length; // one candidate per non-blank line
  const { groups, unknown, examples } = bySymbol(candidates, run.dataset.symbols);
  const counts = { ...noMatches(), unknown_symbol: unknown };
  if (unknown > 0) {
    warn(`${file}: ${unknown} candidate(s) name symbols not in the data, skipped (e.g. ${examples.join(", ")})`);
  }
  if (groups.size === 0) {
    throw new Error(`${file}: none of the ${lines} candidates names a symbol of the data (e.g. ${examples.join(", ") || "no lines"})`);
  }
  const collector = new FocusCollector();
  const result = await runBatches(run, async (engine, batch) => {
    const c = candidateBars(batch, groups, counts);
    const res = await engine.pushFocused(batch, { bars: c.bars, offsets: c.offsets, halfWidth: run.o.window }, run.o.verify);
    const rows = batch.symbols.map((_, i) => batch.offsets[i + 1] - batch.offsets[i]);
    collector.add(batch.symbols, rows, res.focus, res.verify ?? undefined);
  });
  if (counts.outside_data > 0) {
    warn(`${file}: ${counts.outside_data} candidate(s) fall before the first or after the last bar of their symbol, skipped`);
  }
  if (counts.snapped > 0) {
    warn(`${file}: ${counts.snapped} candidate(s) fall between two bars; each uses the next bar`);
  }
  if (counts.used === 0) {
    throw new Error(`${file}: none of the ${lines} candidates matches a bar of the data (${unknown} unknown symbol, ${counts.outside_data} outside the data)`);
  }
  const plan = validateStrategy(run.strategy.text);
  result.focus = collector.report(file, run.o.window, { exact_from: plan.sliceExactFrom, align: plan.sliceAlign }, lines, counts);
  return result;
}
