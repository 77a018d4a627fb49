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
