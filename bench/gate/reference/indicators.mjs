/**
 * Plain JavaScript reference indicators for the performance gates: the textbook loops,
 * no tricks, so the gate can check the native path against them (to 1e-9) and then time
 * both on the same input. Definitions are TA-Lib's (the ones crates/indicators follows):
 * first value at index `period - 1` (SMA, EMA) or `period` (RSI, ATR), NaN before.
 * Inputs are assumed finite (the gate's generated bars are); the native path's NaN-restart
 * rule is not reproduced here.
 */

/**
 * Simple moving average: a running sum over the window.
 * @param {Float64Array} x values per bar, len n
 * @param {number} period bars, > 0
 * @returns {Float64Array} len n, NaN for the first `period - 1` bars
 */
export function sma(x, period) {
  const out = new Float64Array(x.length).fill(NaN);
  let sum = 0;
  for (let i = 0; i < x.length; i++) {
    sum += x[i];
    if (i >= period) sum -= x[i - period];
    if (i >= period - 1) out[i] = sum / period;
  }
  return out;
}

/**
 * Exponential moving average seeded with the SMA of the first `period` values,
 * `k = 2 / (period + 1)` (TA-Lib EMA).
 * @param {Float64Array} x values per bar, len n
 * @param {number} period bars, > 0
 * @returns {Float64Array} len n, NaN for the first `period - 1` bars
 */
export function ema(x, period) {
  const out = new Float64Array(x.length).fill(NaN);
  if (x.length < period) return out;
  const k = 2 / (period + 1);
  let prev = 0;
  for (let i = 0; i < period; i++) prev += x[i];
  prev /= period;
  out[period - 1] = prev;
  for (let i = period; i < x.length; i++) {
    prev = (x[i] - prev) * k + prev;
    out[i] = prev;
  }
  return out;
}

/**
 * Relative strength index with Wilder smoothing (Wilder 1978, TA-Lib RSI): average gain
 * and loss seeded with the mean of the first `period` changes; 0 when both are 0.
 * @param {Float64Array} close close per bar, len n
 * @param {number} period changes averaged, > 0
 * @returns {Float64Array} len n, in [0, 100], NaN for the first `period` bars
 */
export function rsi(close, period) {
  const out = new Float64Array(close.length).fill(NaN);
  if (close.length <= period) return out;
  let gain = 0;
  let loss = 0;
  for (let i = 1; i <= period; i++) {
    const d = close[i] - close[i - 1];
    if (d > 0) gain += d;
    else loss -= d;
  }
  gain /= period;
  loss /= period;
  const value = () => (gain + loss > 0 ? (100 * gain) / (gain + loss) : 0);
  out[period] = value();
  for (let i = period + 1; i < close.length; i++) {
    const d = close[i] - close[i - 1];
    gain = (gain * (period - 1) + (d > 0 ? d : 0)) / period;
    loss = (loss * (period - 1) + (d < 0 ? -d : 0)) / period;
    out[i] = value();
  }
  return out;
}

/**
 * Average true range (Wilder 1978, TA-Lib ATR): true range from bar 1, first value the
 * mean of TR[1..=period], then `(atr * (period - 1) + tr) / period`.
 * @param {Float64Array} high high per bar, len n
 * @param {Float64Array} low low per bar, len n
 * @param {Float64Array} close close per bar, len n
 * @param {number} period bars, > 0
 * @returns {Float64Array} len n, price units, NaN for the first `period` bars
 */
export function atr(high, low, close, period) {
  const out = new Float64Array(close.length).fill(NaN);
  if (close.length <= period) return out;
  const tr = (i) => Math.max(high[i] - low[i], Math.abs(close[i - 1] - high[i]), Math.abs(close[i - 1] - low[i]));
  let value = 0;
  for (let i = 1; i <= period; i++) value += tr(i);
  value /= period;
  out[period] = value;
  for (let i = period + 1; i < close.length; i++) {
    value = (value * (period - 1) + tr(i)) / period;
    out[i] = value;
  }
  return out;
}
