/** `barstream import`: CSV files -> Parquet dataset (src/data/import.ts does the work). */
import type { Argv, CommandModule } from "yargs";

import { listFlag, timeUnitOption } from "./options.js";

/** Parsed flags of `import`. */
export interface ImportArgs {
  src: string;
  out: string;
  symbols?: string[];
  start?: string;
  end?: string;
  "skip-bad-rows": boolean;
  "time-unit"?: "s" | "ms" | "us" | "ns";
  json: boolean;
}

export const importCommand: CommandModule<object, ImportArgs> = {
  command: "import <src>",
  describe: "Turn CSV files into a Parquet dataset sorted by symbol and time, for fast repeated runs",
  builder: (y: Argv) =>
    y
      .positional("src", { type: "string", demandOption: true, describe: "CSV file or folder of per-symbol CSV files" })
      .option("out", { type: "string", demandOption: true, describe: "Output dataset folder (hive-partitioned: symbol=XXX/data.parquet)" })
      .option("symbols", listFlag("Only these symbols"))
      .option("start", { type: "string", describe: "First bar, inclusive, UTC" })
      .option("end", { type: "string", describe: "Last bar, inclusive, UTC" })
      .option("skip-bad-rows", { type: "boolean", default: false, describe: "Drop invalid rows and count them per rule instead of failing" })
      .option("time-unit", timeUnitOption())
      .option("json", { type: "boolean", default: false, describe: "Print the import report as JSON" })
      .example("$0 import ../shared/data/raw/sp500_5yr --out data/sp500 --skip-bad-rows", "505 per-symbol CSVs into one Parquet dataset")
      .example("$0 backtest --data data/sp500", "Then backtest from Parquet") as unknown as Argv<ImportArgs>,
  handler: async (a) => {
    const { importDataset } = await import("../data/index.js");
    const report = await importDataset(a.src, a.out, {
      symbols: a.symbols,
      start: a.start,
      end: a.end,
      badRows: a["skip-bad-rows"] ? "skip" : "error",
      timeUnit: a["time-unit"],
    });
    if (a.json) {
      process.stdout.write(`${JSON.stringify(report)}\n`);
      return;
    }
    const skipped = Object.entries(report.skipped as Record<string, number>).filter(([, n]) => n > 0);
    process.stdout.write(
      `imported ${report.symbols.length} symbols, ${report.rowsWritten.toLocaleString("en-US")} of ${report.rowsRead.toLocaleString("en-US")} rows -> ${report.out}\n` +
        (skipped.length ? `skipped: ${skipped.map(([r, n]) => `${r} ${n}`).join(", ")}\n` : ""),
    );
    const { skippedBlock } = await import("../report/skipped.js");
    const located = skippedBlock(report.skippedRows, "skippedRows in --json");
    if (located) process.stdout.write(`${located}\n`);
  },
};
