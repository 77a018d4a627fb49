/**
 * Timestamp handling: detecting the format of a text timestamp, building the polars expression that turns
 * the source column(s) into UTC nanoseconds (i64), and parsing the `start`/`end` bounds.
 * Naive timestamps (no offset) are UTC; offsets such as `+00:00` are honoured.
 */
import pl from "nodejs-polars";

import { excerpt, FileError } from "./errors.js";

type Expr = ReturnType<typeof pl.col>;

/** Epoch units accepted as a fixed `timeFormat`. */
export const EPOCH_UNITS = ["s", "ms", "us", "ns"] as const;
export type EpochUnit = (typeof EPOCH_UNITS)[number];

export const NS_PER: Record<EpochUnit, bigint> = { s: 1_000_000_000n, ms: 1_000_000n, us: 1_000n, ns: 1n };

/** Text patterns recognised by {@link detectTimeFormat}, first match wins. */
const TEXT_FORMATS: Array<[RegExp, string]> = [
  [/^\d{4}-\d{2}-\d{2}$/, "%Y-%m-%d"],
  [/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}$/, "%Y-%m-%d %H:%M"],
  [/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/, "%Y-%m-%dT%H:%M"],
  [/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}(\.\d+)?$/, "%Y-%m-%d %H:%M:%S%.f"],
  [/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?$/, "%Y-%m-%dT%H:%M:%S%.f"],
  [/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}(\.\d+)?[+-]\d{2}:?\d{2}$/, "%Y-%m-%d %H:%M:%S%.f%z"],
  [/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?[+-]\d{2}:?\d{2}$/, "%Y-%m-%dT%H:%M:%S%.f%z"],
  [/^\d{4}\/\d{2}\/\d{2}$/, "%Y/%m/%d"],
  [/^\d{8}$/, "%Y%m%d"],
  [/^\d{1,2}\/\d{1,2}\/\d{4}$/, "%m/%d/%Y"],
];

/** Time-of-day patterns for a separate `Time` column. */
const TIME_OF_DAY: Array<[RegExp, string]> = [
  [/^\d{2}:\d{2}$/, "%H:%M"],
  [/^\d{2}:\d{2}:\d{2}(\.\d+)?$/, "%H:%M:%S%.f"],
];

/** True when `s` looks like a time of day (`09:05`, `09:05:00`, `09:05:00.250`). */
export function isTimeOfDay(s: string): boolean {
  return TIME_OF_DAY.some(([re]) => re.test(s));
}

/**
 * Format of a text timestamp from one sample value: a strftime pattern, or `"epoch"` for an integer
 * (the unit is then chosen per value by magnitude, see {@link epochToNs}). `%Y%m%d` is only chosen for
 * 8 digits starting with 19 or 20; other integers are epochs.
 *
 * # Errors
 * Throws when no known pattern matches; pass `timeFormat` then.
 */
export function detectTimeFormat(sample: string, timeOfDaySample?: string): string {
  const s = sample.trim();
  let fmt: string | undefined;
  if (/^\d{8}$/.test(s) && /^(19|20)/.test(s)) fmt = "%Y%m%d";
  else if (/^-?\d+$/.test(s)) fmt = "epoch";
  else fmt = TEXT_FORMATS.find(([re]) => re.test(s))?.[1];
  if (fmt === undefined) throw new Error(`unrecognised timestamp '${excerpt(sample)}'; pass the 'timeFormat' option`);
  if (timeOfDaySample === undefined) return fmt;
  const tod = TIME_OF_DAY.find(([re]) => re.test(timeOfDaySample.trim()))?.[1];
  if (tod === undefined || fmt === "epoch") {
    throw new Error(`unrecognised date/time pair '${excerpt(sample)}' '${excerpt(timeOfDaySample)}'; pass the 'timeFormat' option`);
  }
  return `${fmt} ${tod}`;
}

/**
 * Per unit, the integer range `[lo, hi]` that lands between 1973-03-03T09:46:40Z (1e8 s) and
 * 2262-04-11T23:47:16.854775807Z (the largest i64 nanosecond). The four ranges do not overlap, so a value
 * lands in the window in at most one unit.
 */
export const EPOCH_WINDOW: Record<EpochUnit, [bigint, bigint]> = {
  s: [100_000_000n, 9_223_372_036n],
  ms: [100_000_000_000n, 9_223_372_036_854n],
  us: [100_000_000_000_000n, 9_223_372_036_854_775n],
  ns: [100_000_000_000_000_000n, 9_223_372_036_854_775_807n],
};

/** Count of non-null integer values per unit window (see {@link EPOCH_WINDOW}), and of all of them. */
export type EpochCounts = Record<EpochUnit | "all", number>;

/** Aggregations giving the {@link EpochCounts} of an integer (or integer text) column, one per key. */
export function epochCountExprs(raw: Expr): Expr[] {
  const v = raw.cast(pl.Int64, false);
  const inWindow = (u: EpochUnit) => v.gtEq(pl.lit(EPOCH_WINDOW[u][0]).cast(pl.Int64)).and(v.ltEq(pl.lit(EPOCH_WINDOW[u][1]).cast(pl.Int64)));
  return [...EPOCH_UNITS.map((u) => inWindow(u).sum().alias(u)), v.isNotNull().sum().alias("all")];
}

/**
 * The unit of an integer epoch column. With `unit` given it is that unit. Otherwise every value must land
 * in the window of the same one unit (see {@link EPOCH_WINDOW}): seconds, milliseconds, microseconds and
 * nanoseconds between 1973-03-03 and 2262-04-11 are told apart by magnitude alone; a column with values
 * before 1973, after 2262, or of several units is ambiguous. `where` names the file/table and column.
 *
 * # Errors
 * `FileError` for an ambiguous column, naming the counts and the `--time-unit` flag.
 */
export function resolveEpochUnit(counts: EpochCounts, where: { file: string; column: string }, unit?: EpochUnit): EpochUnit {
  if (unit !== undefined) return unit;
  const found = EPOCH_UNITS.filter((u) => counts[u] > 0);
  if (found.length === 1 && counts[found[0]!] === counts.all) return found[0]!;
  const seen = found.map((u) => `${counts[u]} in ${u}`).join(", ");
  const outside = counts.all - found.reduce((a, u) => a + counts[u], 0);
  throw new FileError(
    where.file,
    `integer timestamps in '${where.column}' do not fit one unit between 1973-03-03 and 2262-04-11 ` +
      `(${counts.all} values: ${seen || "none"} fit${outside > 0 ? `, ${outside} fit no unit` : ""}); pass --time-unit s|ms|us|ns`,
  );
}

/**
 * Integer epoch in `unit` -> UTC ns. Values that are not integers, or whose nanoseconds overflow i64
 * (after 2262-04-11 or before 1677-09-21), become null (reported as unparseable_ts).
 */
export function epochToNs(raw: Expr, unit: EpochUnit): Expr {
  const v = raw.cast(pl.Int64, false);
  if (unit === "ns") return v;
  const k = NS_PER[unit];
  const max = EPOCH_WINDOW.ns[1] / k;
  return pl.when(v.abs().ltEq(pl.lit(max).cast(pl.Int64))).then(v.mul(pl.lit(k).cast(pl.Int64))).otherwise(pl.lit(null).cast(pl.Int64));
}

/** strftime pattern -> anchored regex of the text it accepts (chrono's `strptime` ignores trailing text). */
function formatRegex(format: string): RegExp {
  const tokens: Record<string, string> = {
    Y: "[+-]?\\d{4,}",
    m: "\\d{1,2}",
    d: "\\d{1,2}",
    H: "\\d{1,2}",
    M: "\\d{1,2}",
    S: "\\d{1,2}",
    ".f": "(\\.\\d+)?",
    z: "(Z|[+-]\\d{2}:?\\d{2})",
    y: "\\d{2}",
    e: " ?\\d{1,2}",
  };
  let re = "";
  for (let i = 0; i < format.length; i++) {
    if (format[i] !== "%") {
      re += format[i]!.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
      continue;
    }
    const key = format.startsWith("%.f", i) ? ".f" : format[i + 1]!;
    re += tokens[key] ?? ".+?"; // any other directive: left to chrono
    i += key.length;
  }
  return new RegExp(`^\\s*${re}\\s*$`);
}

/** The frame methods {@link withTimestamp} uses (polars' DataFrame and LazyDataFrame both have them). */
interface Frame<F> {
  withColumns(...exprs: Expr[]): F;
  drop(name: string): F;
}

/**
 * `frame` with column `out`: the timestamp in `raw` (a column reference; text, or integer epochs) in UTC
 * ns (i64), null where it does not parse (reported as unparseable_ts).
 *
 * - `format` `s|ms|us|ns`: integer epochs in that unit; non-integers are null.
 * - any other: a strftime pattern. The text must have the pattern's shape as a whole (chrono alone reads
 *   "2014-06-19x" as 2014-06-19). A trailing `Z` means UTC. A fractional second (`%.f`, 1 to 9 digits;
 *   further digits are truncated) is parsed apart: polars infers a microsecond datetime for `%.f`, which
 *   would drop the 7th to 9th digits, and nodejs-polars' `strptime` takes no time unit.
 *
 * Instants outside i64 nanoseconds (before 1677-09-21, after 2262-04-11) are null, never wrapped to
 * another date. The costly parse is computed once into a temporary column before the range check (an
 * expression used twice would be evaluated twice).
 *
 * # Errors
 * Throws for format `epoch` (the unit must be resolved first, see {@link resolveEpochUnit}).
 */
export function withTimestamp<F extends Frame<F>>(frame: F, raw: Expr, format: string, out: string): F {
  if (format === "epoch") throw new Error("internal: the epoch unit must be resolved first (resolveEpochUnit)");
  const tmp = `${out}__parsed`;
  if ((EPOCH_UNITS as readonly string[]).includes(format)) {
    return frame.withColumns(raw.cast(pl.Int64, false).alias(tmp)).withColumns(epochToNs(pl.col(tmp), format as EpochUnit).alias(out)).drop(tmp);
  }
  // A trailing `Z` means UTC; chrono's %z wants a numeric offset.
  const text = format.endsWith("%z") ? raw.str.replace("Z$", "+00:00") : raw;
  const frac = format.includes("%.f");
  // The parsed unit is polars' choice (us today): pinned to ms before the guarded scaling.
  const ms = (frac ? text.str.replace("\\.\\d+", "") : text).str.strptime(pl.Datetime("ms"), format.replace("%.f", "")).cast(pl.Datetime("ms")).cast(pl.Int64);
  let ns = epochToNs(pl.col(tmp), "ms");
  if (frac) ns = ns.add(text.str.extract(/\.(\d{1,9})/, 1).str.padEnd(9, "0").cast(pl.Int64, false).fillNull(pl.lit(0).cast(pl.Int64)));
  const shaped = pl.when(raw.str.contains(formatRegex(format).source)).then(ns).otherwise(pl.lit(null).cast(pl.Int64));
  return frame.withColumns(ms.alias(tmp)).withColumns(shaped.alias(out)).drop(tmp);
}

/** Native Parquet datetime (any unit, naive = UTC) -> UTC ns (i64). */
export function datetimeToNs(raw: Expr): Expr {
  return raw.cast(pl.Datetime("ns")).cast(pl.Int64);
}

/**
 * `start`/`end` option -> inclusive UTC ns bound. A date alone means the start of that day for `start`
 * and the last nanosecond of that day for `end`; a datetime without offset is UTC.
 *
 * # Errors
 * Throws on text that `Date.parse` cannot read.
 */
export function parseBound(text: string, side: "start" | "end"): bigint {
  const t = text.trim();
  const dateOnly = /^\d{4}-\d{2}-\d{2}$/.test(t);
  const iso = dateOnly ? `${t}T00:00:00Z` : /(Z|[+-]\d{2}:?\d{2})$/.test(t) ? t : `${t.replace(" ", "T")}Z`;
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) throw new Error(`cannot read ${side} '${text}': expected an ISO date or datetime`);
  const ns = BigInt(ms) * 1_000_000n;
  return dateOnly && side === "end" ? ns + 86_400_000_000_000n - 1n : ns;
}

const NS_PER_MS = 1_000_000n;

/**
 * UTC ns -> ISO-8601 text at full precision: 3 fraction digits when the instant is a whole
 * millisecond (`2015-07-17T00:00:00.000Z`, the format of every file and JSON field so far), 6 when
 * it is a whole microsecond (`...00.000250Z`) and 9 otherwise (`...00.000000001Z`), so no
 * sub-millisecond bar time is lost on the way out. Instants before 1970 are handled (floor division).
 */
export function nsToIso(ns: bigint | number): string {
  const t = BigInt(ns);
  let ms = t / NS_PER_MS;
  let sub = t % NS_PER_MS; // ns inside the millisecond, in [0, 1e6) after the floor fix below
  if (sub < 0n) {
    sub += NS_PER_MS;
    ms -= 1n;
  }
  const iso = new Date(Number(ms)).toISOString();
  if (sub === 0n) return iso;
  const digits = sub % 1_000n === 0n ? (sub / 1_000n).toString().padStart(3, "0") : sub.toString().padStart(6, "0");
  return `${iso.slice(0, -1)}${digits}Z`;
}
