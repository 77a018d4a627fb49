/**
 * src/engine/schema.ts: the engine's statistics and settings schemas, read once, and what is
 * built from them: the CLI's flags (defaults, choices, help text), its range errors, the
 * terminal summary's labels and formats, the HTML page's statistic definitions, the sweep's
 * rankable metrics and directions.
 */
import { describe, expect, it } from "vitest";

import { backtestDefaults, BACKTEST_DEFAULTS, resolveBacktestOptions } from "../../src/backtest/options.js";
import { renderBacktestHtml, runBacktest } from "../../src/index.js";
import { native } from "../../src/engine/native.js";
import { engineDefaults, settingDef, settingDefs, statDef, statDefs, validateEngineSettings } from "../../src/engine/schema.js";
import { formatStat, pickStats, SUMMARY_STATS } from "../../src/report/format.js";
import { summaryText } from "../../src/report/terminal.js";
import type { Stats } from "../../src/types/backtest.js";
import { rankableMetrics } from "../../src/sweep/metrics.js";
import { DEFAULT_DATA } from "../../src/util/paths.js";
import { cli } from "../helpers.js";

const COMMISSION_REFUSED = "--commission: expected a fraction in [0, 0.5), e.g. 0.002 for 0.2%, got 0.5";

describe("engine schema wrapper", () => {
  it("reads each schema once and mirrors the addon's", () => {
    expect(statDefs()).toBe(statDefs());
    expect(settingDefs()).toBe(settingDefs());
    expect(statDefs().map((d) => ({ ...d }))).toEqual(native.statsSchema());
    expect(settingDefs().map((d) => ({ ...d }))).toEqual(native.backtestConfigSchema());
    expect(statDef("max_drawdown")).toMatchObject({ label: "Max drawdown", better: "lower", format: "percent" });
    expect(() => statDef("sharp")).toThrow(/unknown statistic "sharp"; the engine's statistics: .*sharpe/);
    expect(settingDef("commissionFixed").flag).toBe("commission-fixed");
  });

  it("takes every engine default from the schema; BACKTEST_DEFAULTS keeps only the rest", () => {
    const d = engineDefaults();
    for (const def of settingDefs()) {
      if (def.default === null) expect(d).not.toHaveProperty(def.key);
      else expect(d[def.key as keyof typeof d]).toBe(def.default);
    }
    for (const def of settingDefs()) expect(BACKTEST_DEFAULTS).not.toHaveProperty(def.key);
    expect(backtestDefaults()).toMatchObject({ ...d, ...BACKTEST_DEFAULTS });
  });

  it("validates with the engine's messages, including what the u32 binding would wrap", () => {
    expect(() => validateEngineSettings({ commission: 0.5 })).toThrow(COMMISSION_REFUSED);
    expect(() => validateEngineSettings({ commission: 0.4999, cash: 5000, fill: "same_close" })).not.toThrow();
    expect(() => validateEngineSettings({ fill: "tomorrow" as "next_open" })).toThrow('--fill: expected next_open or same_close, got "tomorrow"');
    expect(() => validateEngineSettings({ threads: -1 })).toThrow("--threads: expected a positive integer, got -1");
    expect(() => validateEngineSettings({ threads: 1.5 })).toThrow("--threads: expected a positive integer, got 1.5");
    expect(() => validateEngineSettings({ window: 1_000_001 })).toThrow("--window: expected a whole number of bars in [0, 1000000], got 1000001");
    expect(() => validateEngineSettings({ window: 0 })).not.toThrow();
    expect(() => validateEngineSettings({ cash: "1000" as unknown as number })).toThrow('--cash: expected a positive number, got "1000"');
  });

  it("runBacktest and resolveBacktestOptions refuse a bad setting with the engine's message", async () => {
    expect(() => resolveBacktestOptions({ commission: 0.5 }, { data: "d", strategy: "s" })).toThrow(COMMISSION_REFUSED);
    await expect(runBacktest({ commission: 0.5, progress: false })).rejects.toThrow(COMMISSION_REFUSED);
  });
});

describe("statistics from the schema", () => {
  it("the terminal summary shows the schema's label and format of each shown statistic", async () => {
    const r = await runBacktest({ data: DEFAULT_DATA, progress: false });
    const text = summaryText(r, statDefs());
    for (const d of pickStats(statDefs(), SUMMARY_STATS)) {
      expect(text).toMatch(new RegExp(`│ ${d.label.replace(/[().&]/g, "\\$&")} +│ ${formatStat(r.universe.stats[d.name as keyof Stats], d.format).replace(/[.]/g, "\\.")} `));
    }
    // The schema is data: relabel a statistic and the summary follows it.
    const relabelled = statDefs().map((d) => (d.name === "sharpe" ? { ...d, label: "Sharpe ratio (ann.)" } : d));
    expect(summaryText(r, relabelled)).toContain("Sharpe ratio (ann.)");
    expect(() => summaryText(r, statDefs().filter((d) => d.name !== "sqn"))).toThrow(/statistic "sqn" is not in the engine's statistics schema/);
  });

  it("the HTML page carries the schema's definitions of the statistics it shows", async () => {
    const r = await runBacktest({ data: DEFAULT_DATA, progress: false, symbols: ["AAPL"] });
    const html = await renderBacktestHtml(r);
    const m = html.match(/<script type="application\/json" id="bs-meta">(.*?)<\/script>/s);
    const meta = JSON.parse(m![1]);
    expect(meta.statFields).toBeUndefined();
    expect(meta.stats).toEqual(pickStats(statDefs(), SUMMARY_STATS).map(({ unit: _u, ...d }) => d));
  });

  it("formats the schema's formats as the reports always have", () => {
    expect(formatStat(0.1234, "percent")).toBe("12.34%");
    expect(formatStat(51648.2249, "money")).toBe("51,648.22");
    expect(formatStat(0.2, "number")).toBe("0.20");
    expect(formatStat(609 * 86_400e9, "duration")).toBe("609.0d");
    expect(formatStat(130, "integer")).toBe("130");
    expect(formatStat(null, "percent")).toBe("-");
  });

  it("every rankable metric is one the sweep engine reports", () => {
    // The sweep engine's metric names are known only from a result (`metricNames`); runSweep
    // checks each result against the schema. Here: they coincide with the schema's names.
    expect(rankableMetrics().length).toBeGreaterThan(10);
    for (const m of rankableMetrics()) expect(statDef(m).better).not.toBe("none");
  });
});

describe("CLI flags from the schema", () => {
  it("--help shows the engine's defaults and meanings", async () => {
    const r = await cli(["backtest", "--help"]);
    expect(r.code).toBe(0);
    const line = (flag: string) => r.stdout.split("\n").findIndex((l) => l.trimStart().startsWith(`--${flag} `));
    for (const key of ["cash", "commission", "commissionFixed", "slippage", "fill", "ambiguity", "window"] as const) {
      const d = settingDef(key);
      const i = line(d.flag);
      expect(i, d.flag).toBeGreaterThanOrEqual(0);
      const text = r.stdout.split("\n").slice(i, i + 4).join(" ").replace(/\s+/g, " ");
      expect(text).toContain(`[default: ${JSON.stringify(d.default)}]`);
      expect(text).toContain(d.description.replace(/\.$/, "").split(" ").slice(0, 4).join(" "));
    }
    expect(r.stdout).toMatch(/--threads +Worker threads for the symbols of a batch; default all cores/);
    const live = await cli(["live", "--help"]);
    expect(live.stdout.replace(/\s+/g, " ")).toContain(`(default ${settingDef("cash").default})`);
  });

  it("--commission 0.5 is refused with the engine's message and the CLI's bad-value exit code (2)", async () => {
    // A value out of the engine's range is a usage error (exit 2), like yargs' own refusals.
    for (const cmd of [["backtest"], ["sweep", "--data", "d", "--strategy", "s", "--grid", "g"]]) {
      const r = await cli([...cmd, "--commission", "0.5"]);
      expect(r.code).toBe(2);
      expect(r.stderr).toBe(`barstream: ${COMMISSION_REFUSED}\n`);
    }
    const fill = await cli(["backtest", "--fill", "tomorrow"]);
    expect(fill.code).toBe(2);
    expect(fill.stderr).toMatch(/Choices: "next_open", "same_close"/);
  });
});
