/**
 * The engine's schemas as plain data: what each statistic is (name, label, unit, better
 * direction, display format) and what each engine setting accepts (flag, default, range).
 * The Rust crates own both tables (crates/stats/src/schema.rs, crates/engine/src/config_schema.rs);
 * src/engine/schema.ts reads them from the addon. Report code receives them as data.
 */

/** Which direction of a statistic is better (ranking, colouring). */
export type StatBetter = "higher" | "lower" | "none";

/**
 * How a report shows a statistic: currency (`money`), a fraction as percent (`percent`),
 * a plain number (`number`), nanoseconds as a duration (`duration`), a whole number (`integer`).
 */
export type StatFormat = "money" | "percent" | "number" | "duration" | "integer";

/** One statistic's definition (the engine's `statsSchema()`). */
export interface StatDef {
  /** Key in a stats object (snake_case), e.g. `max_drawdown`. */
  name: string;
  /** Human label, e.g. "Max drawdown". */
  label: string;
  /** What the number measures: `fraction`, `currency`, `ratio`, `ns`, `bars`, `count`, ... */
  unit: string;
  better: StatBetter;
  format: StatFormat;
  /** One-line meaning. */
  description: string;
}

/** Kind of value an engine setting takes. */
export type SettingKind = "number" | "integer" | "choice";

/** Keys of the engine's settings (camelCase, as in `runBacktest` options). */
export type EngineSettingKey = "cash" | "commission" | "commissionFixed" | "slippage" | "fill" | "ambiguity" | "closeAtEnd" | "threads" | "window";

/** One engine setting's definition (the engine's `backtestConfigSchema()`). */
export interface SettingDef {
  /** Key in run options (camelCase), e.g. `commissionFixed`. */
  key: EngineSettingKey;
  /** CLI flag without dashes, e.g. `commission-fixed`. */
  flag: string;
  /** Default: a number, a choice name, or null when decided at run time (threads: all cores). */
  default: number | string | null;
  kind: SettingKind;
  /** Lower bound (number, integer); null for a choice. */
  min: number | null;
  minInclusive: boolean | null;
  /** Upper bound; null when unbounded or for a choice. */
  max: number | null;
  maxInclusive: boolean | null;
  /** The allowed names of a choice; null otherwise. */
  choices: string[] | null;
  /** The accepted values in words, as the engine's refusals say them. */
  expected: string;
  /** One-line meaning with units. */
  description: string;
}

/** The engine settings' defaults (threads has none: all cores, decided at run time). */
export interface EngineDefaults {
  cash: number;
  commission: number;
  commissionFixed: number;
  slippage: number;
  fill: "next_open" | "same_close";
  ambiguity: "stop_first" | "target_first";
  closeAtEnd: "none" | "last_close" | "last_open";
  window: number;
}

/** Engine settings as a run gives them (absent = the engine's default). */
export type EngineSettings = Partial<EngineDefaults> & { threads?: number };
