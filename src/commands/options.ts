/**
 * Flag definitions shared by several commands, so that their names, types and help text
 * cannot drift apart between `backtest`, `scan`, `sweep`, `feed` and `live`. The engine's
 * settings (cash, costs, fill, ambiguity, threads, window) come from its schema
 * (src/engine/schema.ts): flag, default, choices and meaning are the engine's.
 */
import type { Argv } from "yargs";

import { settingDef } from "../engine/schema.js";
import type { CostOptions } from "../types/backtest.js";
import type { EngineSettingKey } from "../types/schema.js";

/** A comma-separated list flag (`--symbols AAPL,MSFT`) as trimmed, non-empty strings. */
export function listFlag(describe: string) {
  return { type: "string" as const, coerce: (s: string) => s.split(",").map((x) => x.trim()).filter(Boolean), describe };
}

/**
 * The yargs option of engine setting `key`, from the engine's schema: its flag's type or
 * choices, its meaning and its default. `withDefault`: false leaves it undefined when not
 * given (live, where a state file may already fix it), naming the default in the help.
 */
export function settingOption(key: EngineSettingKey, withDefault = true) {
  const d = settingDef(key);
  const base = d.kind === "choice" ? { choices: d.choices ?? [] } : { type: "number" as const };
  const describe = d.description.replace(/\.$/, "");
  if (d.default === null) return { ...base, describe };
  return withDefault ? { ...base, default: d.default, describe } : { ...base, describe: `${describe} (default ${d.default})` };
}

/**
 * `--time-unit s|ms|us|ns`: the unit of integer epoch timestamps, for a column whose unit cannot be
 * told from its magnitude (values before 1973-03-03 or after 2262-04-11, or of mixed units; see
 * docs/data.md). Undefined when not given: the unit is detected per column.
 */
export function timeUnitOption() {
  return { choices: ["s", "ms", "us", "ns"] as const, describe: "Unit of integer epoch timestamps (default: detected per column, see docs/data.md)" };
}

/** The engine's cost and fill settings, in flag order. */
const COST_KEYS = ["cash", "commission", "commissionFixed", "slippage", "fill", "ambiguity"] as const;

/**
 * The cost and fill flags of a run: `--cash`, `--commission`, `--commission-fixed`,
 * `--slippage`, `--fill`, `--ambiguity`, all from the engine's schema (see {@link settingOption}).
 */
export function costFlags(y: Argv, withDefaults: boolean): Argv {
  return COST_KEYS.reduce((acc, key) => acc.option(settingDef(key).flag, settingOption(key, withDefaults)), y);
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
