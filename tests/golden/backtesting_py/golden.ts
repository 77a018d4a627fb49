/**
 * Shapes of the backtesting.py golden files in this folder (written by `trade_rows` in
 * make_sma_cross_goog.py, shared by make_close_at_end.py).
 */

/** One closed trade of a backtesting.py run (`stats._trades` row). Prices in the data's currency. */
export interface GoldenTrade {
  size: number;
  side: "long" | "short";
  entry_bar: number;
  exit_bar: number;
  entry_price: number;
  exit_price: number;
  /** Net of both commissions. */
  pnl: number;
  commission: number;
  /** Fraction (backtesting.py's `ReturnPct` is a fraction despite its name). */
  return_pct: number;
}
