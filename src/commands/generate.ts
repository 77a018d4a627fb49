/** `barstream generate`: deterministic synthetic bars (the bundled sample, large test universes). */

import type { Argv, CommandModule } from "yargs";


/** Parsed flags of `generate`. */
export interface GenerateArgs {
  out: string;
  symbols: number;
  bars: number;
  seed: number;
  start: string;
}

export const generateCommand: CommandModule<object, GenerateArgs> = {
  command: "generate",
  describe: "Write deterministic synthetic daily OHLCV bars (GBM) as one long CSV",
  builder: (y: Argv) =>
    y
      .option("out", { type: "string", demandOption: true, describe: "Output CSV file" })
      .option("symbols", { type: "number", default: 5, describe: "Number of symbols (SYN0001...)" })
      .option("bars", { type: "number", default: 500, describe: "Daily bars per symbol (weekdays)" })
      .option("seed", { type: "number", default: 42, describe: "PRNG seed: same seed, same bytes" })
      .option("start", { type: "string", default: "2020-01-01", describe: "First date, YYYY-MM-DD (UTC)" })
      .example("$0 generate --out examples/data/synthetic-daily.csv", "Re-create the bundled sample exactly") as unknown as Argv<GenerateArgs>,
  handler: async (a) => {
    const [{ generateBars, toCsv }, { writeFileAtomic }] = await Promise.all([import("../generate/synthetic.js"), import("../util/atomic-file.js")]);
    await writeFileAtomic(a.out, toCsv(generateBars({ symbols: a.symbols, bars: a.bars, seed: a.seed, start: a.start })), { label: "--out" });
    process.stderr.write(`wrote ${a.symbols} x ${a.bars} bars to ${a.out}\n`);
  },
};
