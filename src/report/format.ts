/** Number formatting shared by the terminal and file reports. */
import type { StatDef, StatFormat } from "../types/schema.js";

/** A fraction as a percentage with 2 decimals (`0.1234` -> `12.34%`); `-` for null/NaN. */
export function pct(x: unknown): string {
  return typeof x === "number" && Number.isFinite(x) ? `${(x * 100).toFixed(2)}%` : "-";
}

/** A plain number with `digits` decimals; `-` for null/NaN. */
export function num(x: unknown, digits = 2): string {
  return typeof x === "number" && Number.isFinite(x) ? x.toFixed(digits) : "-";
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

/** `x` shown as `format` (a statistic's format in the engine's schema). */
export function formatStat(x: unknown, format: StatFormat): string {
  switch (format) {
    case "money": return money(x);
    case "percent": return pct(x);
    case "number": return num(x);
    case "duration": return duration(x);
    case "integer": return typeof x === "number" ? String(x) : "-";
  }
}
