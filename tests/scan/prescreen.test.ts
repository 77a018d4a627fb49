/** Pre-screen reject counts on the real S&P 500 set equal an independent plain-text recomputation. */
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";

import { describe, expect, it } from "vitest";

import { runScan } from "../../src/scan/run.js";
import { EXAMPLES, RAW } from "../helpers.js";
import { referenceRejects, type Rules } from "./reference.js";

const META = join(RAW, "sp500_meta/constituents-financials_2018-02-08.csv");
const SCREEN = resolve(EXAMPLES, "screens/sp500_daily.json");
/** examples/screens/sp500_daily.json's pre-screen, restated by hand. */
const RULES: Rules = {
  pattern: /^[A-Z]+$/,
  minCap: 5e9,
  sectorCap: { Utilities: 15e9 },
  sectorDv: { Energy: 1e8 },
  minPrice: 10,
  minDv: 5e7,
  maxVol: 0.035,
  maxPriceToDv: 1e-5,
  dvDays: 20,
  volDays: 20,
};
const ALL = readdirSync(join(RAW, "sp500_5yr")).map((f) => f.replace(/_data\.csv$/, "")).sort();
const nonZero = (c: Record<string, number>) => Object.fromEntries(Object.entries(c).filter(([, n]) => n > 0));

describe("scan pre-screen on the S&P 500 with real metadata", () => {
  it("counts every rule, each firing, with tighter thresholds", async () => {
    const dir = mkdtempSync(join(tmpdir(), "scan-rules-"));
    try {
      const spec = JSON.parse(readFileSync(SCREEN, "utf8"));
      Object.assign(spec.prescreen, { min_price: 40, max_price_to_dollar_volume: 4e-7, dollar_volume_days: 10, volatility_days: 15, max_volatility: 0.02 });
      const file = join(dir, "tight.json");
      writeFileSync(file, JSON.stringify(spec));
      const r = await runScan({ data: join(RAW, "sp500_5yr"), screen: file, meta: META, start: "2017-03-01", badRows: "skip", progress: false });
      const want = referenceRejects(ALL, { ...RULES, minPrice: 40, maxPriceToDv: 4e-7, dvDays: 10, volDays: 15, maxVol: 0.02 }, "2017-03-01");
      expect(nonZero(r.prescreen.rejected)).toEqual(want);
      for (const rule of ["symbols", "min_market_cap", "sector_min_market_cap", "min_price", "min_avg_dollar_volume", "sector_min_avg_dollar_volume", "max_volatility", "max_price_to_dollar_volume"]) {
        expect(want[rule], rule).toBeGreaterThan(0);
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  for (const [label, start, end] of [
    ["the last bar", undefined, undefined],
    ["a start date mid-2016", "2016-06-01", "2016-12-31"],
    ["an early start (short histories have no bars yet)", "2013-03-01", "2014-01-31"],
  ] as const) {
    it(`counts each rejected symbol under its first failing rule: ${label}`, async () => {
      const r = await runScan({ data: join(RAW, "sp500_5yr"), screen: SCREEN, meta: META, start, end, badRows: "skip", progress: false });
      const want = referenceRejects(ALL, RULES, start, end);
      expect(nonZero(r.prescreen.rejected)).toEqual(want);
      const total = Object.values(want).reduce((a, n) => a + n, 0);
      expect(r.prescreen.passed).toBe(505 - total);
      // Every metadata and bar rule of the example fires somewhere in these runs (else the test proves little).
      expect(total).toBeGreaterThan(25);
      // Only the window rows were read: the pre-screen read what it needed (bad rows aside).
      const skipped = Object.values(r.rows.skipped).reduce((a, n) => a + n, 0);
      expect(r.rows.prescreen.read).toBeLessThanOrEqual(r.rows.prescreen.needed + skipped);
      expect(r.rows.prescreen.read).toBeGreaterThanOrEqual(r.rows.prescreen.needed - skipped);
    });
  }
});
