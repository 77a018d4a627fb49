/**
 * Flag definitions shared by several commands, so that their names, types and help text
 * cannot drift apart between `backtest`, `scan`, `sweep`, `feed` and `live`. The engine's
 * settings (cash, costs, fill, ambiguity, threads, window) come from its schema
 * (src/engine/schema.ts): flag, default, choices and meaning are the engine's.
 */
import type { Argv } from "yargs";

import { engineDefaults, settingDef } from "../engine/schema.js";
import type { SqliteSource } from "../data/types.js";
import type { CostOptions } from "../types/backtest.js";
import type { EngineSettingKey } from "../types/schema.js";
import { checkOption, UsageError } from "../util/check.js";

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

/**
 * `--table` and `--timeframe`: which rows of a SQLite input to read, for every command that reads
 * bars (backtest, scan, sweep, feed). Other inputs ignore them.
 */
export function sqliteFlags<T>(y: Argv<T>): Argv<T> {
  return y
    .option("table", { type: "string", describe: "SQLite: table name (default ohlcv_data)" })
    .option("timeframe", { type: "string", describe: "SQLite: timeframe value to read, e.g. 1d (needed when the table holds several)" }) as unknown as Argv<T>;
}

/** The parsed flags of {@link sqliteFlags}. */
export interface SqliteArgs {
  table?: string;
  timeframe?: string;
}

/** The SQLite flags as run options. */
export function sqliteOptions(a: SqliteArgs): SqliteSource {
  return { table: a.table, timeframe: a.timeframe };
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

/**
 * `--close-at-end none|last_close|last_open` (engine schema): what happens to a position still
 * open after the last bar. On `backtest` and `sweep`; not on `live`, whose report is a snapshot
 * of positions that really are open.
 */
export function closeAtEndFlag(y: Argv): Argv {
  return y.option(settingDef("closeAtEnd").flag, settingOption("closeAtEnd"));
}

/** The parsed flags of {@link costFlags} (with defaults). */
export interface CostArgs {
  cash: number;
  commission: number;
  "commission-fixed": number;
  slippage: number;
  fill: "next_open" | "same_close";
  ambiguity: "stop_first" | "target_first";
  /** Given by the commands that add {@link closeAtEndFlag} (backtest, sweep); the engine's default otherwise. */
  "close-at-end"?: "none" | "last_close" | "last_open";
}

/** The cost flags as run options (camelCase). */
export function costOptions(a: CostArgs): Required<CostOptions> {
  return { cash: a.cash, commission: a.commission, commissionFixed: a["commission-fixed"], slippage: a.slippage, fill: a.fill, ambiguity: a.ambiguity, closeAtEnd: a["close-at-end"] ?? engineDefaults().closeAtEnd };
}

/** Display-only integer flags that no run function checks: flag -> least value. */
const INTEGER_FLAGS: Record<string, number> = { top: 0 };

/** The text given for `--flag` in the raw arguments (`--flag V` or `--flag=V`), for error messages. */
function rawFlagValue(args: readonly string[], flag: string): string | undefined {
  for (let i = args.length - 1; i >= 0; i--) {
    if (args[i] === `--${flag}`) return args[i + 1];
    if (args[i].startsWith(`--${flag}=`)) return args[i].slice(flag.length + 3);
  }
  return undefined;
}

/**
 * A yargs middleware that turns bad flag values into usage errors (exit 2) before a command
 * runs: yargs reads `--top abc` as NaN and lets it through, and a `--start` that cannot be read
 * or lies after `--end` used to fail later as a data error (exit 1) or select nothing.
 * Checks: every number-typed flag is finite (named with the text given); `--top` is an
 * integer >= 0; `--start`/`--end` read as ISO dates or datetimes and `--start` <= `--end`.
 * Ranges that depend on the run (cash > 0, ...) stay with the run's own checks.
 *
 * @param args the raw command-line arguments (to quote what was typed).
 * @throws UsageError `--<flag>: expected ..., got "<text>"`.
 */
export function numberFlagsMiddleware(args: readonly string[]) {
  // yargs passes itself as a second argument, which @types/yargs does not declare.
  return async (argv: Record<string, unknown>, y?: Argv): Promise<void> => {
    if (!y) throw new Error("numberFlagsMiddleware: yargs passed no instance to read the flag types from");
    // getOptions() is yargs' own (untyped in @types/yargs): the active command's declared flags.
    const declared = (y as unknown as { getOptions(): { number: string[]; key: Record<string, boolean> } }).getOptions();
    for (const flag of declared.number) {
      for (const v of ([] as unknown[]).concat(argv[flag] ?? [])) {
        if (typeof v === "number" && !Number.isFinite(v)) checkOption(flag, false, "a number", rawFlagValue(args, flag) ?? v);
        const least = INTEGER_FLAGS[flag];
        if (least !== undefined && typeof v === "number") checkOption(flag, Number.isInteger(v) && v >= least, `an integer >= ${least}`, v);
      }
    }
    // Only commands that select a time range have --end (generate's --start is its own date);
    // time.js loads polars, which those commands load anyway.
    if (!("end" in declared.key) || (typeof argv.start !== "string" && typeof argv.end !== "string")) return;
    const { parseBound } = await import("../data/time.js");
    const bound = (side: "start" | "end"): bigint | undefined => {
      const text = argv[side];
      if (typeof text !== "string") return undefined;
      try {
        return parseBound(text, side);
      } catch {
        throw new UsageError(`--${side}: expected an ISO date or datetime (2015-01-31, 2015-01-31T14:30:00Z), got ${JSON.stringify(text)}`);
      }
    };
    const start = bound("start");
    const end = bound("end");
    if (start !== undefined && end !== undefined && start > end) {
      throw new UsageError(`--start ${String(argv.start)} is after --end ${String(argv.end)}: no bar can be selected`);
    }
  };
}
