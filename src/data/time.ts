/**
 * Timestamp handling: detecting the format of a text timestamp, building the polars expression that turns
 * the source column(s) into UTC nanoseconds (i64), and parsing the `start`/`end` bounds.
 * Naive timestamps (no offset) are UTC; offsets such as `+00:00` are honoured.
 */
import pl from "nodejs-polars";

type Expr = ReturnType<typeof pl.col>;

/** Epoch units accepted as a fixed `timeFormat`. */
export const EPOCH_UNITS = ["s", "ms", "us", "ns"] as const;
export type EpochUnit = (typeof EPOCH_UNITS)[number];

const NS_PER: Record<EpochUnit, bigint> = { s: 1_000_000_000n, ms: 1_000_000n, us: 1_000n, ns: 1n };

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
  if (fmt === undefined) throw new Error(`unrecognised timestamp '${sample}'; pass the 'timeFormat' option`);
  if (timeOfDaySample === undefined) return fmt;
  const tod = TIME_OF_DAY.find(([re]) => re.test(timeOfDaySample.trim()))?.[1];
  if (tod === undefined || fmt === "epoch") {
    throw new Error(`unrecognised date/time pair '${sample}' '${timeOfDaySample}'; pass the 'timeFormat' option`);
  }
  return `${fmt} ${tod}`;
}

/**
 * Integer epoch -> UTC ns. With `unit` undefined the unit is chosen per value by magnitude of |v|:
 * < 1e11 seconds, < 1e14 milliseconds, < 1e17 microseconds, else nanoseconds (exact for dates between
 * 1973-03-03 and 5138-11-16). Non-integers become null (reported as unparseable_ts).
 */
export function epochToNs(raw: Expr, unit?: EpochUnit): Expr {
  const v = raw.cast(pl.Int64, false);
  if (unit !== undefined) return v.mul(pl.lit(NS_PER[unit]).cast(pl.Int64));
  const abs = v.abs();
  return pl
    .when(abs.lt(pl.lit(1e11)))
    .then(v.mul(pl.lit(NS_PER.s).cast(pl.Int64)))
    .when(abs.lt(pl.lit(1e14)))
    .then(v.mul(pl.lit(NS_PER.ms).cast(pl.Int64)))
    .when(abs.lt(pl.lit(1e17)))
    .then(v.mul(pl.lit(NS_PER.us).cast(pl.Int64)))
    .otherwise(v);
}

/**
 * Text timestamp -> UTC ns (i64), null where the text does not match `format` (reported as unparseable_ts).
 * Precision: nanoseconds. A fractional second (`%.f`, 1 to 9 digits; further digits are truncated)
 * is parsed apart from the rest: polars infers a microsecond datetime for `%.f`, which would drop
 * the 7th to 9th digits, and nodejs-polars' `strptime` takes no time unit.
 */
export function textToNs(raw: Expr, format: string): Expr {
  if (format === "epoch") return epochToNs(raw);
  if ((EPOCH_UNITS as readonly string[]).includes(format)) return epochToNs(raw, format as EpochUnit);
  // A trailing `Z` means UTC; chrono's %z wants a numeric offset.
  const text = format.endsWith("%z") ? raw.str.replace("Z$", "+00:00") : raw;
  if (!format.includes("%.f")) return secondsToNs(text, format);
  const whole = text.str.replace("\\.\\d+", "");
  const fracNs = text.str.extract(/\.(\d{1,9})/, 1).str.padEnd(9, "0").cast(pl.Int64, false).fillNull(pl.lit(0).cast(pl.Int64));
  return secondsToNs(whole, format.replace("%.f", "")).add(fracNs);
}

/** Text without a fractional second -> UTC ns (i64), null where it does not match `format`. */
function secondsToNs(text: Expr, format: string): Expr {
  return text.str.strptime(pl.Datetime("ms"), format).cast(pl.Datetime("ns")).cast(pl.Int64);
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
