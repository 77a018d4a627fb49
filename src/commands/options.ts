/**
 * Flag definitions shared by several commands, so that their names, types and help text
 * cannot drift apart between `backtest`, `scan`, `feed` and `live`.
 */
import type { Argv } from "yargs";

import { BACKTEST_DEFAULTS } from "../backtest/options.js";
import type { CostOptions } from "../types/backtest.js";

/** A comma-separated list flag (`--symbols AAPL,MSFT`) as trimmed, non-empty strings. */
export function listFlag(describe: string) {
  return { type: "string" as const, coerce: (s: string) => s.split(",").map((x) => x.trim()).filter(Boolean), describe };
}

/**
 * The cost and fill flags of a run: `--cash`, `--commission`, `--commission-fixed`,
 * `--slippage`, `--fill`, `--ambiguity`. `withDefaults`: false leaves them undefined when
 * not given (live, where a state file may already fix them), naming the default in the help.
 */
export function costFlags(y: Argv, withDefaults: boolean): Argv {
  const d = BACKTEST_DEFAULTS;
  const dflt = <T>(describe: string, value: T) =>
    withDefaults ? { default: value, describe } : { describe: `${describe} (default ${value})` };
  return y
    .option("cash", { type: "number", ...dflt("Starting cash per symbol", d.cash) })
    .option("commission", { type: "number", ...dflt("Commission per fill, fraction of notional (0.002 = 0.2%)", d.commission) })
    .option("commission-fixed", { type: "number", ...dflt("Fixed commission per order, currency", d.commissionFixed) })
    .option("slippage", { type: "number", ...dflt("Adverse slippage per market fill, fraction (0.0005 = 5 bp)", d.slippage) })
    .option("fill", {
      choices: ["next_open", "same_close"] as const,
      ...dflt("When signal orders fill: next bar's open (no look-ahead) or the signal bar's close", d.fill),
    })
    .option("ambiguity", {
      choices: ["stop_first", "target_first"] as const,
      ...dflt("Which exit fills when a bar holds both stop and target", d.ambiguity),
    });
}

/** The parsed flags of {@link costFlags} (with defaults). */
export interface CostArgs {
  cash: number;
  commission: number;
  "commission-fixed": number;
  slippage: number;
  fill: "next_open" | "same_close";
  ambiguity: "stop_first" | "target_first";
}

/** The cost flags as run options (camelCase). */
export function costOptions(a: CostArgs): Required<CostOptions> {
  return { cash: a.cash, commission: a.commission, commissionFixed: a["commission-fixed"], slippage: a.slippage, fill: a.fill, ambiguity: a.ambiguity };
}
