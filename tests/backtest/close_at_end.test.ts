/**
 * The position still open at the end, against backtesting.py 0.6.6 on GOOG and EURUSD
 * (its README SmaCross, commission 0.2 %, cash 10,000): `--close-at-end none` (the default)
 * must equal `finalize_trades=False` (the open trade is not a trade: statistics over closed
 * trades only, the position marked at the last close in the equity) and `last_open` must
 * equal `finalize_trades=True` (closed at the last bar's open with commission). Golden:
 * tests/golden/backtesting_py/close_at_end.json, made by make_close_at_end.py (versions inside).
 */
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";

import { describe, expect, it } from "vitest";

import { runBacktest } from "../../src/index.js";
import type { BacktestResult, Stats } from "../../src/types/backtest.js";
import { cli, EXAMPLES, RAW, ROOT } from "../helpers.js";
import type { GoldenTrade } from "../golden/backtesting_py/golden.js";

interface GoldenOpen {
  size: number;
  side: "long" | "short";
  entry_bar: number;
  entry_price: number;
  unrealized_pnl_at_last_close: number;
}
interface GoldenRun {
  data: string;
  finalize_trades: boolean;
  n_bars: number;
  trades: GoldenTrade[];
  open_trades_at_end: GoldenOpen[];
  stats: Record<string, number | null>;
}
const golden = JSON.parse(readFileSync(resolve(ROOT, "tests/golden/backtesting_py/close_at_end.json"), "utf8")) as {
  generator: { backtesting: string };
  runs: GoldenRun[];
};
const STRATEGY = resolve(EXAMPLES, "strategies/sma_cross.json");

/**
 * backtesting.py's statistic -> ours: the name and the factor from its unit (percent) to ours
 * (fraction); max drawdown is negative there and a positive fraction here.
 */
const STAT_MAP: [string, keyof Stats, number][] = [
  ["# Trades", "n_trades", 1],
  ["Win Rate [%]", "win_rate", 0.01],
  ["SQN", "sqn", 1],
  ["Exposure Time [%]", "exposure", 0.01],
  ["Avg. Trade [%]", "avg_trade_return", 0.01],
  ["Profit Factor", "profit_factor_returns", 1],
  ["Expectancy [%]", "expectancy", 0.01],
  ["Best Trade [%]", "best_trade", 0.01],
  ["Worst Trade [%]", "worst_trade", 0.01],
  ["Kelly Criterion", "kelly", 1],
  ["Equity Final [$]", "equity_final", 1],
  ["Equity Peak [$]", "equity_peak", 1],
  ["Return [%]", "total_return", 0.01],
  ["Max. Drawdown [%]", "max_drawdown", -0.01],
];

/** |a - b| within `rel` of the larger magnitude (at least an absolute `rel`). */
function near(a: number, b: number, rel = 1e-9): boolean {
  return Math.abs(a - b) <= rel * Math.max(1, Math.abs(a), Math.abs(b));
}

const MODES = [
  { finalize: false, closeAtEnd: "none" as const },
  { finalize: true, closeAtEnd: "last_open" as const },
];

for (const name of ["GOOG", "EURUSD"]) {
  for (const mode of MODES) {
    const g = golden.runs.find((r) => r.data.endsWith(`/${name}.csv`) && r.finalize_trades === mode.finalize)!;
    describe(`${name}: --close-at-end ${mode.closeAtEnd} equals backtesting.py ${golden.generator.backtesting} finalize_trades=${mode.finalize}`, async () => {
      const result = await runBacktest({
        data: resolve(RAW, `backtesting_py/${name}.csv`),
        strategy: STRATEGY,
        cash: 10_000,
        commission: 0.002,
        closeAtEnd: mode.closeAtEnd,
        progress: false,
      });
      const stats = result.symbols[0].stats;

      it("has the same closed trades: bars, sides, sizes, prices, P&L and commission", () => {
        expect(result.trades.length).toBe(g.trades.length);
        result.trades.forEach((t, i) => {
          const w = g.trades[i];
          expect({ i, side: t.side, entry: t.entry_bar, exit: t.exit_bar, qty: t.qty, ep: t.entry_price, xp: t.exit_price }).toEqual({
            i, side: w.side, entry: w.entry_bar, exit: w.exit_bar, qty: Math.abs(w.size), ep: w.entry_price, xp: w.exit_price,
          });
          expect(near(t.pnl, w.pnl), `trade ${i} pnl ${t.pnl} vs ${w.pnl}`).toBe(true);
          expect(near(t.commission, w.commission), `trade ${i} commission`).toBe(true);
          expect(near(t.return_frac, w.return_pct), `trade ${i} return`).toBe(true);
        });
        const closedAtEnd = result.trades.filter((t) => t.exit_reason === "end_of_data");
        expect(closedAtEnd.length).toBe(mode.finalize ? 1 : 0);
      });

      it("lists the same positions open at the end, apart from the trades, marked at the last close", () => {
        expect(result.open_trades.length).toBe(g.open_trades_at_end.length);
        expect(result.symbols[0].open_trades).toBe(g.open_trades_at_end.length);
        expect(result.universe.open_trades).toBe(g.open_trades_at_end.length);
        result.open_trades.forEach((t, i) => {
          const w = g.open_trades_at_end[i];
          expect({ side: t.side, entry: t.entry_bar, qty: t.qty, ep: t.entry_price, exit: t.exit_bar, reason: t.exit_reason }).toEqual({
            side: w.side, entry: w.entry_bar, qty: Math.abs(w.size), ep: w.entry_price, exit: g.n_bars - 1, reason: "open",
          });
          // backtesting.py's Trade.pl of an open trade is gross (its commissions are booked on
          // close; the entry commission already left the cash). Ours is net of the entry
          // commission, so closed + open P&L sums to the equity change (last test below).
          const gross = t.pnl + t.commission;
          expect(near(gross, w.unrealized_pnl_at_last_close), `open gross pnl ${gross} vs ${w.unrealized_pnl_at_last_close}`).toBe(true);
        });
      });

      it("has backtesting.py's trade and equity statistics", () => {
        for (const [theirs, ours, factor] of STAT_MAP) {
          const want = g.stats[theirs];
          const got = stats[ours];
          expect(typeof want === "number" && typeof got === "number" && near(got, want * factor), `${ours} ${got} vs ${theirs} ${want}`).toBe(true);
        }
        // Average holding time in bars, from the golden's closed trades (its duration is a timedelta).
        const held = g.trades.reduce((s, t) => s + t.exit_bar - t.entry_bar, 0) / g.trades.length;
        expect(near(stats.avg_bars_held as number, held)).toBe(true);
      });

      it("keeps P&L accounting whole: closed + open P&L = final equity - cash", () => {
        const sum = [...result.trades, ...result.open_trades].reduce((s, t) => s + t.pnl, 0);
        expect(Math.abs(sum - ((stats.equity_final as number) - 10_000))).toBeLessThan(0.01);
      });
    });
  }
}

describe("--close-at-end on the CLI", () => {
  const args = ["backtest", "--data", resolve(RAW, "backtesting_py/GOOG.csv"), "--strategy", STRATEGY, "--commission", "0.002"];
  const g = (finalize: boolean) => golden.runs.find((r) => r.data.endsWith("/GOOG.csv") && r.finalize_trades === finalize)!;

  it("--json: default leaves the position open in open_trades; last_open closes it", async () => {
    for (const [flag, finalize] of [[[], false], [["--close-at-end", "last_open"], true]] as const) {
      const { code, stdout, stderr } = await cli([...args, ...flag, "--json"]);
      expect(code, stderr).toBe(0);
      const r = JSON.parse(stdout) as BacktestResult;
      expect(r.trades.length).toBe(g(finalize).trades.length);
      expect(r.open_trades.length).toBe(g(finalize).open_trades_at_end.length);
      expect(r.universe.stats.n_trades).toBe(g(finalize).stats["# Trades"]);
      expect(r.settings.closeAtEnd).toBe(finalize ? "last_open" : "none");
    }
  });

  it("--out writes open_trades.csv and the summary says what is open", async () => {
    const dir = await mkdtemp(join(tmpdir(), "barstream-close-at-end-"));
    try {
      const { code, stdout, stderr } = await cli([...args, "--out", dir]);
      expect(code, stderr).toBe(0);
      expect(stdout).toMatch(/Open at end\s*│\s*1 \(marked at the last close, not in the trade statistics/);
      const csv = (await readFile(join(dir, "open_trades.csv"), "utf8")).trim().split("\n");
      expect(csv.length).toBe(2);
      expect(csv[0].split(",")).toContain("exit_reason");
      expect(csv[1]).toMatch(/,open,/);
      const trades = (await readFile(join(dir, "trades.csv"), "utf8")).trim().split("\n");
      expect(trades.length - 1).toBe(g(false).trades.length);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it("refuses an unknown --close-at-end value as a usage error (exit 2) naming the choices", async () => {
    const { code, stderr } = await cli([...args, "--close-at-end", "tomorrow"]);
    expect(code).toBe(2);
    expect(stderr).toMatch(/close-at-end/);
    expect(stderr).toMatch(/last_open/);
  });
});
