/**
 * Warnings about a backtest whose numbers are empty or hollow for a reason the user can fix: no
 * bar in the selection, or every order rejected. Printed on stderr by the CLI and kept in the
 * result (`warnings`, also in `--json`), so an empty result is never silent. Derived from the
 * engine's counts only (bars, trades, rejected orders per symbol); nothing is recomputed.
 */
import { money, plural } from "../report/format.js";
import type { BacktestResult, RunWarning } from "../types/backtest.js";

/** Symbols named in a message before "and N more". */
const NAMED = 5;

function names(symbols: string[]): string {
  return symbols.length <= NAMED ? symbols.join(", ") : `${symbols.slice(0, NAMED).join(", ")} and ${symbols.length - NAMED} more`;
}

/**
 * The warnings of `r`, most serious first:
 * - `no_bars`: no symbol has a bar in the selection (every statistic is empty); `count` = symbols.
 * - `symbols_without_bars`: some symbols have none; `count` = those symbols.
 * - `all_orders_rejected`: orders were placed but none filled (0 trades); `count` = rejected orders.
 * - `symbols_all_rejected`: some symbols had every order rejected; `count` = their rejected orders.
 * An order is rejected when sizing gives zero units (the engine's `rejected_orders`): the budget
 * does not buy one whole unit at the fill price plus commission, or does not cover the fixed commission.
 */
export function runWarnings(r: Pick<BacktestResult, "symbols" | "universe" | "settings">): RunWarning[] {
  const out: RunWarning[] = [];
  const { start, end, cash } = r.settings;
  const range = start === undefined && end === undefined ? "in the data" : `between ${start ?? "the data's start"} and ${end ?? "the data's end"}`;
  const empty = r.symbols.filter((s) => s.bars === 0).map((s) => s.symbol);
  if (r.symbols.length === 0 || empty.length === r.symbols.length) {
    out.push({ code: "no_bars", count: r.symbols.length, message: `no bars ${range}: ${plural(r.symbols.length, "symbol")} selected, none has a bar; every statistic is empty (check --start/--end against the data's dates)` });
    return out;
  }
  if (empty.length > 0) {
    out.push({ code: "symbols_without_bars", count: empty.length, message: `${plural(empty.length, "symbol")} without a bar ${range} (no trades, no statistics): ${names(empty)}` });
  }
  const why = `sizing gave zero units: cash ${money(cash)} per symbol does not buy one whole unit at the fill price plus commission; raise --cash or let the strategy's sizing buy fractions ("whole_units": false)`;
  const u = r.universe;
  if (u.rejected_orders > 0 && u.trades === 0) {
    out.push({ code: "all_orders_rejected", count: u.rejected_orders, message: `all ${u.rejected_orders.toLocaleString("en-US")} orders were rejected, 0 trades: ${why}` });
    return out;
  }
  const hollow = r.symbols.filter((s) => s.rejected_orders > 0 && s.trades === 0);
  if (hollow.length > 0) {
    const n = hollow.reduce((a, s) => a + s.rejected_orders, 0);
    out.push({ code: "symbols_all_rejected", count: n, message: `${plural(hollow.length, "symbol")} had every order rejected (${plural(n, "order")}, 0 trades): ${names(hollow.map((s) => s.symbol))}; ${why}` });
  }
  return out;
}
