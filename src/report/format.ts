/** Number formatting shared by the terminal and file reports. */

/** A fraction as a percentage with 2 decimals (`0.1234` -> `12.34%`); `-` for null/NaN. */
export function pct(x: unknown): string {
  return typeof x === "number" && Number.isFinite(x) ? `${(x * 100).toFixed(2)}%` : "-";
}

/** A plain number with `digits` decimals; `-` for null/NaN. */
export function num(x: unknown, digits = 2): string {
  return typeof x === "number" && Number.isFinite(x) ? x.toFixed(digits) : "-";
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

/** How a statistic is shown: a formatter of src/report/format.ts (or `int`). */
export type StatFormat = "money" | "pct" | "num" | "duration" | "int";

/** The statistics a report shows, in order: label, stats-crate key, format. Shared with the HTML report. */
export const STAT_FIELDS: readonly [label: string, key: string, format: StatFormat][] = [
  ["Final equity", "equity_final", "money"],
  ["Total return", "total_return", "pct"],
  ["CAGR", "cagr", "pct"],
  ["Volatility (ann.)", "volatility", "pct"],
  ["Sharpe", "sharpe", "num"],
  ["Sortino", "sortino", "num"],
  ["Calmar", "calmar", "num"],
  ["Max drawdown", "max_drawdown", "pct"],
  ["Max drawdown duration", "max_drawdown_duration_ns", "duration"],
  ["Trades", "n_trades", "int"],
  ["Win rate", "win_rate", "pct"],
  ["Profit factor", "profit_factor", "num"],
  ["Expectancy (per trade)", "expectancy", "pct"],
  ["SQN", "sqn", "num"],
  ["Buy & hold return", "buy_and_hold_return", "pct"],
];

/** `x` shown as `format`. */
export function formatStat(x: unknown, format: StatFormat): string {
  switch (format) {
    case "money": return money(x);
    case "pct": return pct(x);
    case "num": return num(x);
    case "duration": return duration(x);
    case "int": return typeof x === "number" ? String(x) : "-";
  }
}
