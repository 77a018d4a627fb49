/**
 * Plain JavaScript reference of an SMA-cross replay (long only), for the performance
 * gates: SMA(fast) crossing above SMA(slow) at a bar's close buys at the next bar's open,
 * crossing below sells at the next open (DESIGN.md: no look-ahead, next-open fills).
 * Costs as the engine applies them (crates/engine/src/replay): slippage moves market fills
 * against the trader (buy `open * (1 + s)`, sell `open * (1 - s)`); commission is a fraction
 * of each fill's notional; sizing spends all cash including the entry commission
 * (`qty = cash / (fill * (1 + c))`). A position still open after the last bar stays open
 * (the engine's default `closeAtEnd: "none"`): it is returned as `open`, valued at the last
 * close with no exit commission, and is not among `trades`. Equity is marked at every close.
 */
import { sma } from "./indicators.mjs";

/**
 * Replays one symbol.
 * @param {{open: Float64Array, high: Float64Array, low: Float64Array, close: Float64Array}} bars
 *   one symbol's prices, each len n
 * @param {number} fast fast SMA period, bars
 * @param {number} slow slow SMA period, bars
 * @param {{cash: number, commission: number, slippage: number}} cfg cash in currency;
 *   commission and slippage as fractions (0.001 = 0.1%)
 * @returns {{trades: {entryBar: number, exitBar: number, entryPrice: number, exitPrice: number,
 *   qty: number, pnl: number}[], open: {entryBar: number, exitBar: number, entryPrice: number,
 *   exitPrice: number, qty: number, pnl: number} | null, equity: Float64Array}} closed trades in
 *   exit order; the position open after the last bar (exit fields at the last close), or null;
 *   equity per bar
 */
export function smaCrossReplay(bars, fast, slow, cfg) {
  const { open, close } = bars;
  const n = close.length;
  const f = sma(close, fast);
  const s = sma(close, slow);
  const equity = new Float64Array(n);
  const trades = [];
  let cash = cfg.cash;
  let pos = null; // { qty, entryPrice, entryBar, entryCommission }
  let pending = 0; // +1 buy, -1 sell at the next open
  const sell = (t, price, commissionRate) => {
    const commission = commissionRate * pos.qty * price;
    cash += pos.qty * price - commission;
    const total = pos.entryCommission + commission;
    trades.push({ entryBar: pos.entryBar, exitBar: t, entryPrice: pos.entryPrice, exitPrice: price, qty: pos.qty, pnl: pos.qty * (price - pos.entryPrice) - total });
    pos = null;
  };
  for (let t = 0; t < n; t++) {
    if (pending === 1 && pos === null) {
      const fill = open[t] * (1 + cfg.slippage);
      const qty = cash / (fill * (1 + cfg.commission));
      const commission = cfg.commission * qty * fill;
      cash -= qty * fill + commission;
      pos = { qty, entryPrice: fill, entryBar: t, entryCommission: commission };
    } else if (pending === -1 && pos !== null) {
      sell(t, open[t] * (1 - cfg.slippage), cfg.commission);
    }
    pending = 0;
    if (t > 0) {
      const up = f[t - 1] < s[t - 1] && f[t] > s[t];
      const down = f[t - 1] > s[t - 1] && f[t] < s[t];
      if (pos === null && up) pending = 1;
      else if (pos !== null && down) pending = -1;
    }
    equity[t] = cash + (pos === null ? 0 : pos.qty * close[t]);
  }
  if (pos === null) return { trades, open: null, equity };
  sell(n - 1, close[n - 1], 0);
  return { trades, open: trades.pop(), equity };
}
