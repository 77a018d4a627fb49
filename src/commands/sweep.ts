/** `barstream sweep`: yargs definition; the work is `runSweep` (src/sweep/run.ts). */
import type { Argv, CommandModule } from "yargs";

import { lowerIsBetterMetrics, rankableMetrics } from "../sweep/metrics.js";
import { SWEEP_DEFAULTS } from "../sweep/options.js";
import { info } from "../util/log.js";
import { onStopSignals } from "../util/os-signals.js";
import { type CostArgs, closeAtEndFlag, costFlags, costOptions, listFlag, settingOption, type SqliteArgs, sqliteFlags, sqliteOptions, timeUnitOption } from "./options.js";

/** Parsed flags of `sweep`. */
export interface SweepArgs extends CostArgs, SqliteArgs {
  data: string;
  strategy: string;
  grid: string;
  metric: string;
  top: number;
  out?: string;
  html?: string;
  json: boolean;
  heatmap?: string[];
  symbols?: string[];
  start?: string;
  end?: string;
  "walk-forward"?: "rolling" | "anchored";
  "wf-splits": number;
  "wf-oos": number;
  "skip-bad-rows": boolean;
  "time-unit"?: "s" | "ms" | "us" | "ns";
  threads?: number;
  "memory-budget"?: number;
  keep: number;
  "all-results"?: boolean;
}

export const sweepCommand: CommandModule<object, SweepArgs> = {
  command: "sweep",
  describe: "Parameter sweep: run every combination of a grid over a universe, rank them, optionally walk-forward",
  builder: (y: Argv) =>
    costFlags(
      closeAtEndFlag(sqliteFlags(y))
        .option("data", { type: "string", demandOption: true, describe: "CSV/Parquet file, folder of per-symbol files, hive Parquet dataset or SQLite file (all symbols go to the engine at once)" })
        .option("strategy", { type: "string", demandOption: true, describe: "Base strategy spec, JSON; the grid's values are substituted into it" })
        .option("grid", { type: "string", demandOption: true, describe: "Grid file, JSON: params (ranges {from,to,step} or lists) by dot path, constraints, sample (see docs/sweep.md)" })
        .option("metric", { choices: rankableMetrics(), default: SWEEP_DEFAULTS.metric, describe: `Ranking metric (a statistic's name); lowest first: ${lowerIsBetterMetrics().join(", ")}; highest first: the rest` })
        .option("top", { type: "number", default: SWEEP_DEFAULTS.top, describe: "Combinations shown in the table and in --json's top" })
        .option("out", { type: "string", describe: "Write ranked.csv/.parquet, per_symbol.csv/.parquet, heatmap.json, walk_forward.json, skipped.csv, summary.json here" })
        .option("html", { type: "string", describe: "Also write a self-contained HTML page (heatmap, ranked combinations, the best combination's equity from a plain backtest checked against the sweep)" })
        .conflicts("html", "walk-forward")
        .option("json", { type: "boolean", default: false, describe: "Print the summary (settings, grid, best, top N, walk-forward, timing) as JSON on stdout" })
        .option("heatmap", { ...listFlag("Heatmap parameters X,Y (dot paths; default: the first two grid parameters)") })
        .option("symbols", listFlag("Only these symbols, comma-separated"))
        .option("start", { type: "string", describe: "First bar, ISO date or datetime, inclusive, UTC" })
        .option("end", { type: "string", describe: "Last bar, ISO date or datetime, inclusive, UTC" })
        .option("walk-forward", { choices: ["rolling", "anchored"] as const, describe: "Walk-forward: choose in-sample, report out-of-sample; rolling (fixed in-sample window slides) or anchored (grows from the start)" })
        .option("wf-splits", { type: "number", default: SWEEP_DEFAULTS.wfSplits, describe: "Walk-forward folds" })
        .option("wf-oos", { type: "number", default: SWEEP_DEFAULTS.wfOos, describe: "Walk-forward: out-of-sample share of each fold's window, fraction" }),
      true,
    )
      .option("skip-bad-rows", { type: "boolean", default: false, describe: "Drop invalid rows and count them per rule instead of failing" })
      .option("time-unit", timeUnitOption())
      .option("threads", settingOption("threads"))
      .option("memory-budget", { type: "number", describe: "Engine working memory per range of combinations (universe accumulators, strategies, the range's rows), MiB (default 64)" })
      .option("keep", { type: "number", default: SWEEP_DEFAULTS.keep, describe: "Rows kept per ranking (universe, and each symbol): ranked.* and per_symbol.* hold the best N; memory stays bounded whatever the grid size" })
      .option("all-results", { type: "boolean", describe: "Also stream every row to --out's all_universe.csv and all_per_symbol.csv as the engine finishes them (needs --out)" })
      .implies("all-results", "out")
      .example(
        "$0 sweep --data ../shared/data/raw/backtesting_py/GOOG.csv --strategy examples/strategies/sma_cross.json --grid examples/grids/sma_cross.json --commission 0.002",
        "Every fast/slow SMA pair on one symbol, ranked by Sharpe",
      )
      .example(
        "$0 sweep --data ../shared/data/raw/sp500_5yr --skip-bad-rows --strategy examples/strategies/sma_cross.json --grid examples/grids/sma_cross.json --out out/sweep --html out/sweep/report.html",
        "Files plus an HTML page: heatmap of the two periods, ranked table, the best combination's equity",
      )
      .example(
        "$0 sweep --data data/sp500 --strategy examples/strategies/sma_cross_risk.json --grid examples/grids/sma_cross_risk.json --metric total_return --top 20 --out out/sweep",
        "200 sampled combinations (periods, stop loss, take profit) over a universe; Parquet/CSV/heatmap files in out/sweep",
      )
      .example(
        "$0 sweep --data ../shared/data/raw/sp500_5yr --symbols AAPL,MSFT,XOM --skip-bad-rows --strategy examples/strategies/sma_cross.json --grid examples/grids/sma_cross.json --walk-forward rolling --wf-splits 4",
        "Walk-forward: best in-sample combination of each fold, judged out-of-sample",
      )
      .example("$0 sweep ... --json | jq .best", "Machine-readable summary")
      .epilogue("Ctrl-C stops the engine cleanly: the combinations finished so far are reported and written (summary.json has \"complete\": false) and the exit code is 130. Ctrl-C while the files are written lets them finish, then exits 130. Files are replaced atomically and summary.json is written last: a --out folder without it holds an interrupted write.") as unknown as Argv<SweepArgs>,
  handler: async (a) => {
    const { runSweep } = await import("../sweep/run.js");
    const stop = onStopSignals();
    // The handlers stay until the files are written: a Ctrl-C while writing lets the files finish
    // (each is replaced atomically, summary.json last) and then exits 130, with a message.
    let result;
    let htmlSkipped = false;
    let skippedFile: string | undefined;
    try {
      result = await runSweep({
        data: a.data,
        strategy: a.strategy,
        grid: a.grid,
        metric: a.metric,
        top: a.top,
        heatmap: a.heatmap as [string, string] | undefined,
        symbols: a.symbols,
        start: a.start,
        end: a.end,
        walkForward: a["walk-forward"],
        wfSplits: a["wf-splits"],
        wfOos: a["wf-oos"],
        ...costOptions(a),
        ...sqliteOptions(a),
        badRows: a["skip-bad-rows"] ? "skip" : "error",
        timeUnit: a["time-unit"],
        threads: a.threads,
        memoryBudgetMb: a["memory-budget"],
        keep: a.keep,
        allResults: a["all-results"] ? a.out : undefined,
        progress: !a.json,
        onCancellable: (cancel) => stop.signal.addEventListener("abort", cancel, { once: true }),
      });
      stop.setPhase(
        "finishing the files being written, then exiting 130 (press again to exit at once)",
        "exiting at once: files not yet written are missing and summary.json is absent",
      );
      if (a.out) {
        const { writeSweepFiles } = await import("../sweep/files.js");
        const files = await writeSweepFiles(result, a.out, a.top);
        skippedFile = files.skipped_csv;
        info(`wrote ${Object.values(files).join(", ")}`, a.json && result.complete && !stop.signal.aborted);
      }
      if (a.html && result.complete && stop.signal.aborted) htmlSkipped = true;
      else if (a.html && result.complete) {
        const { writeSweepHtml } = await import("../sweep/html.js");
        await writeSweepHtml(result, a.html, !a.json);
        info(`wrote ${a.html}`, a.json);
      }
    } finally {
      stop.dispose();
    }
    const [{ sweepJson }, { renderSweep }] = await Promise.all([import("../sweep/json.js"), import("../sweep/report.js")]);
    process.stdout.write(a.json ? `${JSON.stringify(sweepJson(result, a.top))}\n` : `${renderSweep(result, a.top, skippedFile)}\n`);
    if (!result.complete) {
      const wf = result.walkForward;
      const done = wf ? `${wf.folds.length} of ${wf.splits} walk-forward folds` : `${result.finished.combos} of ${result.grid.combos} combinations (all symbols), ${result.finished.pairs} (combination, symbol) pairs`;
      info(`barstream: interrupted; finished: ${done}${a.out ? "" : " (nothing written: no --out)"}`);
      process.exitCode = 130;
    } else if (stop.signal.aborted) {
      info(`barstream: interrupted after the sweep finished; every file written is whole${htmlSkipped ? `; --html ${a.html} not written` : ""}`);
      process.exitCode = 130;
    }
  },
};
