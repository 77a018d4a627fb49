/**
 * Nanosecond time on the way in (text timestamps with up to 9 fraction digits) and on the way out
 * (`nsToIso` keeps every digit). Expected instants are built from `Date.UTC` plus the fraction's
 * digits, independently of the code under test.
 */
import pl from "nodejs-polars";
import { describe, expect, test } from "vitest";

import { detectTimeFormat, nsToIso, withTimestamp } from "../../src/data/time.js";

/** A one-column frame `t` (untyped, as the loader's frames are). */
const frame = (t: string[]): ReturnType<typeof pl.DataFrame> => pl.DataFrame({ t });

const MIDNIGHT_2020 = BigInt(Date.UTC(2020, 0, 1)) * 1_000_000n;

function parse(values: string[]): (bigint | null)[] {
  const fmt = detectTimeFormat(values[0]);
  const col = withTimestamp(frame(values), pl.col("t"), fmt, "ns").getColumn("ns");
  // toArray() goes through JS numbers (53-bit); the typed array keeps every i64 digit.
  const nulls = col.isNull().toArray();
  const exact = pl.DataFrame({ ns: col }).select(pl.col("ns").fillNull(pl.lit(0).cast(pl.Int64))).getColumn("ns").toTypedArray() as BigInt64Array;
  return nulls.map((isNull, i) => (isNull ? null : exact[i]));
}

describe("withTimestamp keeps nanoseconds", () => {
  test("1 to 9 fraction digits become exact ns; none means whole seconds", () => {
    const got = parse(["2020-01-01 00:00:00.123456789", "2020-01-01 00:00:00", "2020-01-01 00:00:00.5", "2020-01-01 00:00:00.000001"]);
    expect(got).toEqual([MIDNIGHT_2020 + 123_456_789n, MIDNIGHT_2020, MIDNIGHT_2020 + 500_000_000n, MIDNIGHT_2020 + 1_000n]);
  });

  test("offsets and a trailing Z are honoured with the fraction kept", () => {
    const got = parse(["2020-01-01T00:00:00.25+01:00", "2020-01-01T00:00:00Z", "2020-01-01T00:00:00.123456789Z"]);
    expect(got).toEqual([MIDNIGHT_2020 - 3_600_000_000_000n + 250_000_000n, MIDNIGHT_2020, MIDNIGHT_2020 + 123_456_789n]);
  });

  test("text that does not match stays null (reported as unparseable_ts by the loader)", () => {
    expect(parse(["2020-01-01 00:00:00.5", "2020-13-45 00:00:00.5", "not a time"]).slice(1)).toEqual([null, null]);
  });
});

describe("nsToIso keeps every digit", () => {
  test("3 digits for whole milliseconds (unchanged format), 6 for microseconds, 9 otherwise", () => {
    expect(nsToIso(MIDNIGHT_2020)).toBe("2020-01-01T00:00:00.000Z");
    expect(nsToIso(MIDNIGHT_2020 + 500_000_000n)).toBe("2020-01-01T00:00:00.500Z");
    expect(nsToIso(MIDNIGHT_2020 + 1_000n)).toBe("2020-01-01T00:00:00.000001Z");
    expect(nsToIso(MIDNIGHT_2020 + 123_456_789n)).toBe("2020-01-01T00:00:00.123456789Z");
  });

  test("instants before 1970 floor correctly", () => {
    expect(nsToIso(-1n)).toBe("1969-12-31T23:59:59.999999999Z");
    expect(nsToIso(-1_000_000n)).toBe("1969-12-31T23:59:59.999Z");
  });

  test("round trip: parse(nsToIso(x)) = x", () => {
    const xs = [MIDNIGHT_2020 + 123_456_789n, MIDNIGHT_2020 + 7n, MIDNIGHT_2020 + 999_999_999n];
    const fmt = "%Y-%m-%dT%H:%M:%S%.f%z";
    const back = withTimestamp(frame(xs.map(nsToIso)), pl.col("t"), fmt, "ns").getColumn("ns").toTypedArray() as BigInt64Array;
    expect(Array.from(back)).toEqual(xs);
  });
});
