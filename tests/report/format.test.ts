/**
 * Formatters the terminal and the HTML pages share (issue 14): no negative zero, no binary noise,
 * percent axis ticks, colour by the statistic's better direction.
 */
import { describe, expect, it } from "vitest";

import { axisPct, decimal, formatStat, num, pct, statTone } from "../../src/report/format.js";
import { mulberry32 } from "../data/hostile.js";

describe("report formatters", () => {
  it("never show a negative zero", () => {
    expect(pct(-0.00001)).toBe("0.00%");
    expect(pct(-0)).toBe("0.00%");
    expect(num(-0.004)).toBe("0.00");
    expect(num(-0.005, 1)).toBe("0.0");
    expect(pct(-0.0001)).toBe("-0.01%");
    expect(num(-0.04, 1)).toBe("0.0");
  });

  it("axis ticks: as few decimals as needed, 0% for zero of either sign", () => {
    expect([-0.4, -0.3, -0.2, -0.1, 0].map(axisPct)).toEqual(["-40%", "-30%", "-20%", "-10%", "0%"]);
    expect([-0.004, -0.003, -0.002, -0.001, -0].map(axisPct)).toEqual(["-0.4%", "-0.3%", "-0.2%", "-0.1%", "0%"]);
    expect(axisPct(-0.0005)).toBe("-0.05%");
    expect(axisPct(0.125)).toBe("13%");
    expect(axisPct(0.015)).toBe("1.5%");
  });

  it("decimal drops binary noise and keeps the data's digits (seeded property)", () => {
    expect(decimal(40.925999999999995)).toBe("40.926");
    expect(decimal(1234.5)).toBe("1,234.5");
    expect(decimal(182)).toBe("182");
    expect(decimal(0.5916459590580996, 6)).toBe("0.591646");
    expect(decimal(Number.NaN)).toBe("-");
    const rand = mulberry32(14);
    for (let i = 0; i < 2000; i++) {
      // A price with 2..6 decimals, perturbed by float arithmetic as fills are (price * (1 + slippage)).
      const digits = 2 + Math.floor(rand() * 5);
      const cents = Math.floor(rand() * 1e7);
      const exact = cents / 10 ** digits;
      const noisy = (exact * 1.001) / 1.001;
      const shown = decimal(noisy).replace(/,/g, "");
      expect(Number(shown)).toBe(exact);
      expect(shown).not.toMatch(/\d\.\d{7,}/);
    }
  });

  it("integers get thousands separators; other formats as before", () => {
    expect(formatStat(2148, "integer")).toBe("2,148");
    expect(formatStat(0.1234, "percent")).toBe("12.34%");
    expect(formatStat(0.97318, "number", 4)).toBe("0.9732");
  });

  it("colour follows good/bad, not the sign", () => {
    expect(statTone(0.33, "lower", "percent")).toBe("neg"); // a drawdown
    expect(statTone(0.33, "higher", "percent")).toBe("pos"); // a return
    expect(statTone(-0.1, "higher", "percent")).toBe("neg");
    expect(statTone(8.5, "none", "number")).toBe(""); // years
    expect(statTone(94, "higher", "integer")).toBe(""); // a count
    expect(statTone(5.8e16, "lower", "duration")).toBe("");
    expect(statTone(0, "higher", "percent")).toBe("");
    expect(statTone(null, "higher", "percent")).toBe("");
  });
});
