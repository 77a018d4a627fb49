/**
 * Nanosecond times survive the outputs: a CSV whose timestamps are epoch nanoseconds with
 * sub-millisecond parts comes out of `--json` (`ts_ns`, decimal strings, per symbol and for the
 * universe) and `--out` (equity.csv times, trade times: ISO UTC with 9 fraction digits) exactly.
 */
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";

import { describe, expect, it } from "vitest";

import { nsToIso } from "../../src/data/time.js";
import { cli, EXAMPLES } from "../helpers.js";

const N = 400;
const T0 = 1_700_000_000_000_000_000n;
/** Bar i opens at T0 + i minutes + a sub-millisecond part (123 ns .. 999_999 ns). */
const TS = Array.from({ length: N }, (_, i) => T0 + BigInt(i) * 60_000_000_000n + BigInt(123 + ((i * 7919) % 999_000)));

function writeCsv(dir: string): string {
  const rows = TS.map((t, i) => {
    const c = 100 + 10 * Math.sin(i / 15) + i * 0.01;
    return `${t},${(c - 0.2).toFixed(4)},${(c + 0.5).toFixed(4)},${(c - 0.6).toFixed(4)},${c.toFixed(4)},1000`;
  });
  const file = join(dir, "NSBAR.csv");
  writeFileSync(file, `timestamp,open,high,low,close,volume\n${rows.join("\n")}\n`);
  return file;
}

describe("nanosecond times in --json and --out", () => {
  const dir = mkdtempSync(join(tmpdir(), "barstream-ns-"));
  const data = writeCsv(dir);
  const strategy = resolve(EXAMPLES, "strategies/sma_cross.json");

  it("--json carries every bar time exactly as ts_ns, per symbol and for the universe", async () => {
    const { code, stdout, stderr } = await cli(["backtest", "--data", data, "--strategy", strategy, "--json"]);
    expect(stderr).not.toMatch(/error/i);
    expect(code).toBe(0);
    const r = JSON.parse(stdout);
    const want = TS.map(String);
    expect(r.equity[0].ts_ns).toEqual(want);
    expect(r.equity[0].ts_ms).toBeUndefined();
    expect(r.universe.curves.ts_ns).toEqual(want);
    expect(r.universe.curves.equity.length).toBe(N);
    expect(r.trades.length).toBeGreaterThan(0);
    for (const t of r.trades) {
      expect(t.entry_time).toBe(nsToIso(TS[t.entry_bar]));
      expect(t.entry_time).toMatch(/\.\d{9}Z$/);
      expect(t.exit_time).toBe(nsToIso(TS[t.exit_bar]));
    }
    expect(r.symbols[0].first_time).toBe(nsToIso(TS[0]));
    expect(r.symbols[0].last_time).toBe(nsToIso(TS[N - 1]));
  });

  it("--out writes equity.csv and trade times at full precision", async () => {
    const out = join(dir, "out");
    const { code } = await cli(["backtest", "--data", data, "--strategy", strategy, "--out", out]);
    expect(code).toBe(0);
    const lines = readFileSync(join(out, "equity.csv"), "utf8").trim().split("\n");
    const time = lines[0].split(",").indexOf("time");
    expect(lines.slice(1).map((l) => l.split(",")[time])).toEqual(TS.map((t) => nsToIso(t)));
    const trades = readFileSync(join(out, "trades.jsonl"), "utf8").trim().split("\n").map((l) => JSON.parse(l));
    expect(trades.length).toBeGreaterThan(0);
    for (const t of trades) expect([t.entry_time, t.exit_time]).toEqual([nsToIso(TS[t.entry_bar]), nsToIso(TS[t.exit_bar])]);
    const csv = readFileSync(join(out, "trades.csv"), "utf8").trim().split("\n");
    const h = csv[0].split(",");
    expect(csv.slice(1).map((l) => l.split(",")[h.indexOf("entry_time")])).toEqual(trades.map((t) => t.entry_time));
  });
});
