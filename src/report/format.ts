/** Number formatting shared by the terminal and file reports. */
import type { StatDef, StatFormat } from "../types/schema.js";

/**
 * A fraction as a percentage with 2 decimals (`0.1234` -> `12.34%`); `-` for null/NaN. A value
 * that rounds to zero shows as `0.00%`, never `-0.00%`.
 */
export function pct(x: unknown): string {
  return typeof x === "number" && Number.isFinite(x) ? `${(x * 100).toFixed(2).replace(/^-(?=0(\.0*)?$)/, "")}%` : "-";
}

/** A plain number with `digits` decimals; `-` for null/NaN; a value that rounds to zero never shows as `-0.00`. */
export function num(x: unknown, digits = 2): string {
  return typeof x === "number" && Number.isFinite(x) ? x.toFixed(digits).replace(/^-(?=0(\.0*)?$)/, "") : "-";
}

/**
 * A price, quantity or parameter value without binary noise: whole numbers as they are, others to
 * `significant` digits (10: a price's real digits survive), trailing zeros dropped, thousands
 * separators (`40.925999999999995` -> `40.926`, `1234.5` -> `1,234.5`, `182` -> `182`;
 * `decimal(0.5916459590580996, 6)` -> `0.591646`); `-` for null/NaN.
 */
export function decimal(x: unknown, significant = 10): string {
  if (typeof x !== "number" || !Number.isFinite(x)) return "-";
  const v = Number.isInteger(x) ? x : Number(x.toPrecision(significant));
  return v.toLocaleString("en-US", { maximumFractionDigits: 20 });
}

/**
 * A chart axis tick of a fraction as percent (`-0.25` -> `-25%`, `-0.004` -> `-0.4%`, `0` and
 * `-0` -> `0%`): as few decimals as the tick needs (up to 2), never a negative zero.
 */
export function axisPct(v: number): string {
  const p = Number((v * 100).toPrecision(12));
  if (Math.abs(p) < 1e-9) return "0%";
  const digits = Number.isInteger(p) ? 0 : Math.abs(p) >= 10 ? 0 : Math.abs(p) >= 1 ? 1 : 2;
  const s = p.toFixed(digits).replace(/(\.\d*?)0+$/, "$1").replace(/\.$/, "");
  return `${s === "-0" ? "0" : s}%`;
}

/**
 * A count and its noun, singular for exactly one: `plural(1, "symbol")` -> `1 symbol`,
 * `plural(2148, "bar")` -> `2,148 bars` (thousands separators; regular nouns only).
 */
export function plural(n: number, noun: string): string {
  return `${n.toLocaleString("en-US")} ${noun}${n === 1 ? "" : "s"}`;
}

/** Currency with thousands separators and cents. */
export function money(x: unknown): string {
  return typeof x === "number" && Number.isFinite(x)
    ? x.toLocaleString("en-US", { minimumFractionDigits: 2, maximumFractionDigits: 2 })
    : "-";
}

/** Nanoseconds as days (`830.0d`) or hours for short spans. */
export function duration(ns: unknown): string {
  if (typeof ns !== "number" || !Number.isFinite(ns)) return "-";
  const days = ns / 86_400e9;
  return days >= 1 ? `${days.toFixed(1)}d` : `${(ns / 3_600e9).toFixed(1)}h`;
}

/**
 * The statistics the terminal summary and the HTML page show, in order: names only. Labels,
 * formats and better directions are the engine's (its statistics schema, passed in by the caller).
 */
export const SUMMARY_STATS: readonly string[] = [
  "equity_final", "total_return", "cagr", "volatility", "sharpe", "sortino", "calmar", "max_drawdown",
  "max_drawdown_duration_ns", "n_trades", "win_rate", "profit_factor", "expectancy", "sqn", "buy_and_hold_return",
];

/**
 * The definitions of `names` from `schema`, in the order of `names`.
 * @throws Error naming the statistic the schema does not define.
 */
export function pickStats(schema: readonly StatDef[], names: readonly string[]): StatDef[] {
  return names.map((name) => {
    const d = schema.find((x) => x.name === name);
    if (!d) throw new Error(`report: statistic ${JSON.stringify(name)} is not in the engine's statistics schema (${schema.map((x) => x.name).join(", ")})`);
    return d;
  });
}

/**
 * `x` shown as `format` (a statistic's format in the engine's schema); `digits`: decimals of the
 * `number` format. Integers get thousands separators (`2,148`).
 */
export function formatStat(x: unknown, format: StatFormat | string, digits = 2): string {
  switch (format) {
    case "money": return money(x);
    case "percent": return pct(x);
    case "number": return num(x, digits);
    case "duration": return duration(x);
    default: return typeof x === "number" && Number.isFinite(x) ? x.toLocaleString("en-US", { maximumFractionDigits: 0 }) : "-";
  }
}

/**
 * The colour class of statistic value `x`: `pos` (good) or `neg` (bad) by the statistic's better
 * direction, not by the sign alone: a return above 0 is good, a drawdown or volatility above 0 is
 * bad. `""` for statistics without a direction (years, buy & hold), counts and durations (their
 * size is not good or bad by itself), zero and missing values.
 */
export function statTone(x: unknown, better: string, format: string): "pos" | "neg" | "" {
  if (typeof x !== "number" || !Number.isFinite(x) || x === 0) return "";
  if (better === "none" || format === "integer" || format === "duration") return "";
  return (better === "higher") === (x > 0) ? "pos" : "neg";
}
