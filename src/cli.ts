/**
 * barstream command line. Exit codes: 0 success, 1 error (bad data, bad strategy,
 * engine error), 2 usage error (unknown flag, bad option value: out of range, or missing the
 * option it needs; `UsageError`).
 */
import yargs from "yargs";
import { hideBin } from "yargs/helpers";

import { backtestCommand } from "./commands/backtest.js";
import { feedCommand } from "./commands/feed.js";
import { generateCommand } from "./commands/generate.js";
import { importCommand } from "./commands/import.js";
import { keygenCommand } from "./commands/keygen.js";
import { liveCommand } from "./commands/live.js";
import { numberFlagsMiddleware } from "./commands/options.js";
import { scanCommand } from "./commands/scan.js";
import { sweepCommand } from "./commands/sweep.js";
import { UsageError } from "./util/check.js";

async function main(argv: string[]): Promise<void> {
  await yargs(argv)
    .scriptName("barstream")
    .usage("$0 <command> [options]\n\nFast backtests, universe scans and live trading on a Rust engine. Run '$0 <command> --help' for a command's options.")
    .command(backtestCommand)
    .command(scanCommand)
    .command(sweepCommand)
    .command(importCommand)
    .command(generateCommand)
    .command(liveCommand)
    .command(feedCommand)
    .command(keygenCommand)
    .middleware(numberFlagsMiddleware(argv))
    .demandCommand(1, "Name a command: backtest, scan, sweep, import, generate, live, feed or keygen.")
    .strict()
    .recommendCommands()
    .wrap(Math.min(120, process.stdout.columns ?? 100))
    .fail((msg, err, y) => {
      if (err) throw err;
      process.stderr.write(`${y.help()}\n\nerror: ${msg}\n`);
      process.exit(2);
    })
    .help()
    .version()
    .parseAsync();
}

main(hideBin(process.argv)).catch((err: unknown) => {
  const message = err instanceof Error ? err.message : String(err);
  process.stderr.write(message.startsWith("barstream: ") ? `${message}\n` : `barstream: ${message}\n`);
  process.exit(err instanceof UsageError ? 2 : 1);
});
