/**
 * Parity checks run by the gates BEFORE timing: a speed ratio is only meaningful when
 * both sides compute the same thing. Every failure throws, naming what differs and where.
 */

/**
 * Asserts `|a - b| <= tol * max(1, |a|, |b|)` at every index and NaN at the same indices.
 * @param {string} what name used in the error
 * @param {ArrayLike<number>} a
 * @param {ArrayLike<number>} b
 * @param {number} tol relative tolerance (absolute below magnitude 1)
 * @throws Error `what[i]: a vs b` at the first difference, or on a length mismatch
 */
export function assertClose(what, a, b, tol) {
  if (a.length !== b.length) throw new Error(`${what}: length ${a.length} vs ${b.length}`);
  for (let i = 0; i < a.length; i++) {
    const x = a[i];
    const y = b[i];
    if (Number.isNaN(x) || Number.isNaN(y)) {
      if (Number.isNaN(x) !== Number.isNaN(y)) throw new Error(`${what}[${i}]: ${x} vs ${y} (NaN on one side only)`);
      continue;
    }
    if (Math.abs(x - y) > tol * Math.max(1, Math.abs(x), Math.abs(y))) throw new Error(`${what}[${i}]: ${x} vs ${y} (tolerance ${tol})`);
  }
}

/**
 * Asserts two values are identical (===), naming them.
 * @throws Error `what: a vs b`
 */
export function assertSame(what, a, b) {
  if (a !== b) throw new Error(`${what}: ${a} vs ${b}`);
}

/**
 * Asserts two `backtestBatch` results have bit-identical trades (every column) and equity.
 * @param {string} what
 * @param {object} a BindingBatchResult
 * @param {object} b BindingBatchResult
 */
export function assertSameBacktest(what, a, b) {
  for (const col of Object.keys(a.trades)) {
    const x = a.trades[col];
    const y = b.trades[col];
    assertSame(`${what}: trades.${col} length`, x.length, y.length);
    for (let i = 0; i < x.length; i++) {
      if (!Object.is(x[i], y[i])) throw new Error(`${what}: trades.${col}[${i}]: ${x[i]} vs ${y[i]}`);
    }
  }
  assertSame(`${what}: equity length`, a.equity.length, b.equity.length);
  for (let i = 0; i < a.equity.length; i++) {
    if (!Object.is(a.equity[i], b.equity[i])) throw new Error(`${what}: equity[${i}]: ${a.equity[i]} vs ${b.equity[i]}`);
  }
}
