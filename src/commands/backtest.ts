/** `barstream backtest`: yargs definition; the work is `runBacktest` (src/backtest/run.ts). */
import type { Argv, CommandModule } from "yargs";

import { BACKTEST_DEFAULTS } from "../backtest/options.js";
import { info, warn } from "../util/log.js";
import { type CostArgs, closeAtEndFlag, costFlags, costOptions, listFlag, settingOption, type SqliteArgs, sqliteFlags, sqliteOptions, timeUnitOption } from "./options.js";

/** Parsed flags of `backtest`. */
export interface BacktestArgs extends CostArgs, SqliteArgs {
  data?: string;
  strategy?: string;
  symbols?: string[];
  start?: string;
  end?: string;
  "skip-bad-rows": boolean;
  "time-unit"?: "s" | "ms" | "us" | "ns";
  "batch-size": number;
  threads?: number;
  out?: string;
  json: boolean;
  top: number;
  candidates?: string;
  window: number;
  verify: boolean;
  html?: string;
}

export const backtestCommand: CommandModule<object, BacktestArgs> = {
  command: "backtest",
  describe: "Backtest a strategy over one symbol or a whole universe and print a report",
  builder: (y: Argv) =>
    costFlags(
      closeAtEndFlag(sqliteFlags(y))
      .option("data", { type: "string", describe: "CSV/Parquet file, folder of per-symbol files, hive Parquet dataset, or SQLite file (.sqlite/.db) (default: examples/data/sp500-20.parquet, 20 S&P 500 symbols 2013-2018, bundled)" })
      .option("strategy", { type: "string", describe: "Strategy spec, JSON (default: examples/strategies/sma_cross_risk.json)" })
      .option("symbols", listFlag("Only these symbols, comma-separated"))
      .option("start", { type: "string", describe: "First bar, ISO date or datetime, inclusive, UTC" })
      .option("end", { type: "string", describe: "Last bar, ISO date or datetime, inclusive, UTC" }),
      true,
    )
      .option("skip-bad-rows", { type: "boolean", default: false, describe: "Drop invalid rows and count them per rule instead of failing" })
      .option("time-unit", timeUnitOption())
      .option("batch-size", { type: "number", default: BACKTEST_DEFAULTS.batchSize, describe: "Symbols per engine call (bounds memory)" })
      .option("threads", settingOption("threads"))
      .option("out", { type: "string", describe: "Write trades.csv/.jsonl, symbols.csv, equity.csv, skipped.csv (rows --skip-bad-rows dropped) and summary.json here" })
      .option("html", { type: "string", describe: "Also write a self-contained HTML report (charts, stats, sortable trades; opens offline) to this file" })
      .option("json", { type: "boolean", default: false, describe: "Print the full result as JSON on stdout (no table)" })
      .option("top", { type: "number", default: 5, describe: "Best/worst symbols shown in the table" })
      .option("candidates", { type: "string", describe: "Focused replay: simulate only windows around these candidates (JSON Lines from 'barstream scan')" })
      .option("window", settingOption("window"))
      .option("verify", { type: "boolean", default: false, describe: "Focused replay: also run the full replay, compare bit for bit, report the speedup; exit 1 on a mismatch" })
      .example("$0 backtest", "Bundled strategy on the bundled S&P 500 sample (20 symbols, daily, 2013-2018)")
      .example("$0 backtest --data ../shared/data/raw/sp500_5yr --strategy examples/strategies/sma_cross.json --skip-bad-rows", "A 505-symbol universe")
      .example("$0 backtest --symbols AAPL,MSFT --start 2015-01-01 --commission 0.001 --out out/", "Two bundled symbols, with costs, files written to out/")
      .example("$0 backtest --json | jq .universe.stats.sharpe", "Machine-readable output")
      .example("$0 backtest --html report.html", "Interactive report: equity, drawdown, candles with trades, per-symbol selector")
      .example("$0 backtest --data data/sp500 --candidates candidates.jsonl --window 20 --verify", "Focused replay around scan candidates, checked against the full replay") as unknown as Argv<BacktestArgs>,
  handler: async (a) => {
    const { runBacktest } = await import("../backtest/run.js");
    const result = await runBacktest({
      data: a.data,
      strategy: a.strategy,
      symbols: a.symbols,
      start: a.start,
      end: a.end,
      ...costOptions(a),
      ...sqliteOptions(a),
      badRows: a["skip-bad-rows"] ? "skip" : "error",
      timeUnit: a["time-unit"],
      batchSize: a["batch-size"],
      threads: a.threads,
      progress: !a.json,
      candidates: a.candidates,
      window: a.window,
      verify: a.verify,
      ohlc: a.html !== undefined, // candles in the HTML report
    });
    // Never a silent empty result: why it is empty, on stderr (also in --json's "warnings").
    for (const w of result.warnings ?? []) warn(w.message);
    let skippedFile: string | undefined;
    if (a.out) {
      const { writeReportFiles } = await import("../backtest/render.js");
      const files = await writeReportFiles(result, a.out);
      skippedFile = files.skipped_csv;
      info(`wrote ${Object.values(files).join(", ")}`, a.json);
    }
    if (a.html) {
      const [{ renderBacktestHtml }, { writeHtml }] = await Promise.all([import("../backtest/render.js"), import("../report/html/index.js")]);
      await writeHtml(a.html, await renderBacktestHtml(result));
      info(`wrote ${a.html}`, a.json);
    }
    if (a.json) {
      const { toJson } = await import("../report/json.js");
      process.stdout.write(`${JSON.stringify(toJson(result))}\n`);
    } else {
      const { renderSummary } = await import("../backtest/render.js");
      process.stdout.write(`${renderSummary(result, a.top, skippedFile)}\n`);
    }
    const v = result.focus?.verify;
    if (v && !v.identical) {
      process.stderr.write(`barstream: focused replay differs from the full replay: ${v.mismatch}\n`);
      process.exitCode = 1;
    }
  },
};
