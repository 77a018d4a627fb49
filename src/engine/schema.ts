/**
 * The engine's schemas, read once from the addon and cached: every statistic's definition
 * (`statsSchema()`: name, label, unit, better direction, display format) and every engine
 * setting's (`backtestConfigSchema()`: flag, default, range or choices, meaning), and the
 * engine's own check of a settings object (`validateBacktestConfig()`). The tables live in
 * Rust (crates/stats/src/schema.rs, crates/engine/src/config_schema.rs); nothing here
 * restates a name, label, default or range.
 *
 * The generated types declare the string enums (`BindingBetter`, `BindingStatFormat`,
 * `BindingSettingKind`) as `declare const enum`; their members are assignable to the string
 * unions of src/types/schema.ts, so the mapping below is checked by the compiler (a new enum
 * member in Rust fails the type check here).
 */
import type { BindingBacktestConfig, BindingSettingDef, BindingStatDef } from "../../native/index.cjs";
import type { EngineDefaults, EngineSettingKey, EngineSettings, SettingDef, StatDef } from "../types/schema.js";
import { native } from "./native.js";
import { UsageError } from "../util/check.js";

const SETTING_KEYS: readonly EngineSettingKey[] = ["cash", "commission", "commissionFixed", "slippage", "fill", "ambiguity", "closeAtEnd", "threads", "window"];

function toStatDef(d: BindingStatDef): StatDef {
  return Object.freeze({ name: d.name, label: d.label, unit: d.unit, better: d.better, format: d.format, description: d.description });
}

function toSettingDef(d: BindingSettingDef): SettingDef {
  if (!(SETTING_KEYS as readonly string[]).includes(d.key)) {
    throw new Error(`backtestConfigSchema(): unknown setting key ${JSON.stringify(d.key)}; src/types/schema.ts lists ${SETTING_KEYS.join(", ")}`);
  }
  return Object.freeze({
    key: d.key as EngineSettingKey,
    flag: d.flag,
    default: d.default,
    kind: d.kind,
    min: d.min,
    minInclusive: d.minInclusive,
    max: d.max,
    maxInclusive: d.maxInclusive,
    choices: d.choices ? Object.freeze([...d.choices]) as string[] : null,
    expected: d.expected,
    description: d.description,
  });
}

let stats: readonly StatDef[] | undefined;
let statIndex: Map<string, StatDef> | undefined;
let settings: readonly SettingDef[] | undefined;
let defaults: Readonly<EngineDefaults> | undefined;

/** Every statistic's definition, in the engine's order (the order of a stats object's keys). */
export function statDefs(): readonly StatDef[] {
  stats ??= Object.freeze(native.statsSchema().map(toStatDef));
  return stats;
}

/** The definition of statistic `name`. @throws Error naming the statistic when the engine has no such statistic. */
export function statDef(name: string): StatDef {
  statIndex ??= new Map(statDefs().map((d) => [d.name, d]));
  const d = statIndex.get(name);
  if (!d) throw new Error(`unknown statistic ${JSON.stringify(name)}; the engine's statistics: ${statDefs().map((x) => x.name).join(", ")}`);
  return d;
}

/** Every engine setting's definition (cash, commission, commissionFixed, slippage, fill, ambiguity, closeAtEnd, threads, window). */
export function settingDefs(): readonly SettingDef[] {
  if (!settings) {
    const defs = native.backtestConfigSchema().map(toSettingDef);
    const missing = SETTING_KEYS.filter((k) => !defs.some((d) => d.key === k));
    if (missing.length) throw new Error(`backtestConfigSchema(): no definition of ${missing.join(", ")}`);
    settings = Object.freeze(defs);
  }
  return settings;
}

/** The definition of engine setting `key`. */
export function settingDef(key: EngineSettingKey): SettingDef {
  return settingDefs().find((d) => d.key === key)!;
}

/** The engine's defaults of its settings (threads has none: all cores, decided at run time). */
export function engineDefaults(): Readonly<EngineDefaults> {
  if (!defaults) {
    const num = (k: EngineSettingKey): number => {
      const v = settingDef(k).default;
      if (typeof v !== "number") throw new Error(`backtestConfigSchema(): ${k} has no numeric default (${JSON.stringify(v)})`);
      return v;
    };
    const choice = <T extends string>(k: EngineSettingKey): T => {
      const d = settingDef(k);
      if (typeof d.default !== "string" || !d.choices?.includes(d.default)) throw new Error(`backtestConfigSchema(): ${k}'s default ${JSON.stringify(d.default)} is not one of its choices`);
      return d.default as T;
    };
    defaults = Object.freeze({
      cash: num("cash"),
      commission: num("commission"),
      commissionFixed: num("commissionFixed"),
      slippage: num("slippage"),
      fill: choice<EngineDefaults["fill"]>("fill"),
      ambiguity: choice<EngineDefaults["ambiguity"]>("ambiguity"),
      closeAtEnd: choice<EngineDefaults["closeAtEnd"]>("closeAtEnd"),
      window: num("window"),
    });
  }
  return defaults;
}

/** `--<flag>: expected <expected>, got <value>`: the engine's wording of a refusal. */
function refuse(d: SettingDef, got: unknown): Error {
  return new UsageError(`--${d.flag}: expected ${d.expected}, got ${typeof got === "number" ? String(got) : JSON.stringify(got)}`);
}

/** Whether `v` lies in the range of numeric setting `d` (the bounds and their inclusiveness as the schema gives them). */
function inRange(d: SettingDef, v: number): boolean {
  if (!Number.isFinite(v) || (d.kind === "integer" && !Number.isInteger(v))) return false;
  if (d.min !== null && (d.minInclusive ? v < d.min : v <= d.min)) return false;
  if (d.max !== null && (d.maxInclusive ? v > d.max : v >= d.max)) return false;
  return true;
}

/**
 * Checks engine settings as the engine does: `validateBacktestConfig` for what the engine's
 * settings object carries; `window` (not part of that object) and `threads` (the binding takes
 * it as u32, which would wrap -1 and truncate 1.5 before the engine sees it) against their
 * ranges in the schema. A value of the wrong type is refused with the same wording.
 *
 * @throws Error `--<flag>: expected <range>, got <value>` for the first refused value, e.g.
 *   `--commission: expected a fraction in [0, 0.5), e.g. 0.002 for 0.2%, got 0.5`.
 */
export function validateEngineSettings(config: EngineSettings): void {
  const given = config as Record<string, unknown>;
  for (const d of settingDefs()) {
    const v = given[d.key];
    if (v !== undefined && (d.kind === "choice" ? typeof v !== "string" : typeof v !== "number")) throw refuse(d, v);
  }
  for (const key of ["threads", "window"] as const) {
    const v = config[key];
    if (v !== undefined && !inRange(settingDef(key), v)) throw refuse(settingDef(key), v);
  }
  const c: BindingBacktestConfig = {
    cash: config.cash,
    commission: config.commission,
    commissionFixed: config.commissionFixed,
    slippage: config.slippage,
    fill: config.fill,
    ambiguity: config.ambiguity,
    closeAtEnd: config.closeAtEnd,
    threads: config.threads,
  };
  try {
    native.validateBacktestConfig(c);
  } catch (err) {
    // The engine's refusal names the flag and its range: a bad value, so a usage error.
    throw new UsageError((err as Error).message);
  }
}
