/** `barstream scan`: yargs definition; the work is `runScan` (src/scan/run.ts). */
import type { Argv, CommandModule } from "yargs";

import { SCAN_DEFAULTS } from "../scan/options.js";
import { info } from "../util/log.js";
import { listFlag, settingOption, type SqliteArgs, sqliteFlags, sqliteOptions, timeUnitOption } from "./options.js";

/** Parsed flags of `scan`. */
export interface ScanArgs extends SqliteArgs {
  data: string;
  screen: string;
  meta?: string;
  symbols?: string[];
  start?: string;
  end?: string;
  out?: string;
  "skip-bad-rows": boolean;
  "time-unit"?: "s" | "ms" | "us" | "ns";
  "batch-size": number;
  threads?: number;
  json: boolean;
  top: number;
}

export const scanCommand: CommandModule<object, ScanArgs> = {
  command: "scan",
  describe: "Screen a universe: pre-screen rules, look-ahead-free features, weighted score -> candidates (JSON Lines)",
  builder: (y: Argv) =>
    sqliteFlags(y)
      .option("data", { type: "string", demandOption: true, describe: "CSV/Parquet file, folder of per-symbol files, hive Parquet dataset, or SQLite file (.sqlite/.db)" })
      .option("screen", { type: "string", demandOption: true, describe: "Screen spec, JSON (see examples/screens/)" })
      .option("meta", { type: "string", describe: "Universe metadata CSV (Symbol, Sector, Market Cap) for the market-cap and sector rules" })
      .option("symbols", listFlag("Only these symbols, comma-separated"))
      .option("start", { type: "string", describe: "First bar that may become a candidate, ISO date/datetime, UTC (default: each symbol's last emit_last_bars bars)" })
      .option("end", { type: "string", describe: "Last bar read, ISO date/datetime, inclusive, UTC (default: end of data)" })
      .option("out", { type: "string", describe: "Write the candidates here, JSON Lines sorted by symbol then time" })
      .option("skip-bad-rows", { type: "boolean", default: false, describe: "Drop invalid rows and count them per rule instead of failing" })
      .option("time-unit", timeUnitOption())
      .option("batch-size", { type: "number", default: SCAN_DEFAULTS.batchSize, describe: "Symbols per engine call (bounds memory)" })
      .option("threads", settingOption("threads"))
      .option("json", { type: "boolean", default: false, describe: "Print the report (with every candidate) as JSON on stdout" })
      .option("top", { type: "number", default: 10, describe: "Highest-scoring candidates shown in the table" })
      .example(
        "$0 scan --data ../shared/data/raw/sp500_5yr --screen examples/screens/sp500_daily.json --meta ../shared/data/raw/sp500_meta/constituents-financials_2018-02-08.csv --skip-bad-rows --out candidates.jsonl",
        "Today's candidates (last bar of each symbol) of the S&P 500, pre-screened by market cap, sector, price and liquidity",
      )
      .example(
        "$0 scan --data ../shared/data/raw/sp500_5yr --screen examples/screens/sp500_daily.json --meta META.csv --start 2016-01-01 --end 2016-12-31 --skip-bad-rows --out 2016.jsonl",
        "Every candidate of 2016 (input for backtest --candidates)",
      )
      .example("$0 scan --data prices.sqlite --timeframe 1d --screen examples/screens/sp500_daily.json --symbols AAPL,MSFT --json", "From a SQLite table ohlcv_data(ticker, timeframe, date, ...)")
      .example("$0 scan --data ../shared/data/raw/intraday_etf_1min --screen examples/screens/intraday_1min.json --start 2025-06-02", "Intraday: opening gaps and session breaks") as unknown as Argv<ScanArgs>,
  handler: async (a) => {
    const [{ runScan }, { renderScan }] = await Promise.all([import("../scan/run.js"), import("../scan/report.js")]);
    const result = await runScan({
      data: a.data,
      screen: a.screen,
      meta: a.meta,
      symbols: a.symbols,
      start: a.start,
      end: a.end,
      out: a.out,
      ...sqliteOptions(a),
      badRows: a["skip-bad-rows"] ? "skip" : "error",
      timeUnit: a["time-unit"],
      batchSize: a["batch-size"],
      threads: a.threads,
      progress: !a.json,
    });
    if (a.out !== undefined) info(`wrote ${result.candidates.length} candidates to ${a.out}`, a.json);
    process.stdout.write(a.json ? `${JSON.stringify(result)}\n` : `${renderScan(result, a.top)}\n`);
  },
};
