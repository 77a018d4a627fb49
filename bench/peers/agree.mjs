/**
 * Agreement checks between a peer's sweep and barstream's on the same bars and grid.
 * Pure functions over plain arrays; run.mjs prints and stores what they return.
 */

/**
 * Same bars on both sides? `peer` / `ours`: symbol -> { bars, first, last, close_sum }.
 * Sums are compared to 1e-12 relative (pandas sums pairwise, JS in order).
 * Returns { symbols, mismatches: [{ symbol, peer, ours }] }.
 */
export function compareData(peer, ours) {
  const mismatches = [];
  const names = new Set([...Object.keys(peer), ...Object.keys(ours)]);
  for (const s of names) {
    const p = peer[s], o = ours[s];
    const same = p && o && p.bars === o.bars && p.first === o.first && p.last === o.last &&
      Math.abs(p.close_sum - o.close_sum) <= 1e-12 * Math.abs(o.close_sum);
    if (!same) mismatches.push({ symbol: s, peer: p ?? null, ours: o ?? null });
  }
  return { symbols: names.size, mismatches };
}

/**
 * Per (combo, symbol) cell: trade counts must be equal and total returns within `tol`
 * (absolute, fractions). `peerRet[c][s]` may be null (the peer gave no result there; then
 * only the trade count is compared). Returns
 * { cells, compared_returns, trades_equal, max_abs_diff (over cells with equal trades),
 *   max_abs_diff_all, within_tol, disagreements: [{ combo, params, symbol, peer_trades,
 *   ours_trades, peer_return, ours_return, abs_diff, why }] } (disagreements: first `keep`),
 * `why_counts`: reason -> cells, from `explain(c, s)` (a string) for every disagreeing cell.
 * `only(c, s)`, when given, restricts the comparison to the cells it returns true for.
 */
export function compareCells({ combos, symbols, peerRet, peerTrades, ourRet, ourTrades, tol, keep = 50, explain, only }) {
  let cells = 0, compared = 0, tradesEqual = 0, withinTol = 0, maxEq = 0, maxAll = 0;
  const disagreements = [];
  let disagreeing = 0;
  const whyCounts = {};
  for (let c = 0; c < combos.length; c++) {
    for (let s = 0; s < symbols.length; s++) {
      if (only && !only(c, s)) continue;
      cells++;
      const pr = peerRet[c][s], or = ourRet[c][s], pt = peerTrades[c][s], ot = ourTrades[c][s];
      const diff = pr === null || pr === undefined ? null : Math.abs(pr - or);
      const sameTrades = pt === ot;
      if (sameTrades) tradesEqual++;
      if (diff !== null) {
        compared++;
        maxAll = Math.max(maxAll, Number.isNaN(diff) ? Infinity : diff);
        if (sameTrades) maxEq = Math.max(maxEq, Number.isNaN(diff) ? Infinity : diff);
      }
      const ok = sameTrades && (diff === null || diff <= tol);
      if (ok) withinTol++;
      else {
        disagreeing++;
        const why = explain ? explain(c, s) : "not explained";
        whyCounts[why] = (whyCounts[why] ?? 0) + 1;
        if (disagreements.length < keep)
          disagreements.push({ combo: c, params: combos[c], symbol: symbols[s], peer_trades: pt, ours_trades: ot,
            peer_return: pr, ours_return: or, abs_diff: diff, why });
      }
    }
  }
  return { cells, compared_returns: compared, trades_equal: tradesEqual, agree: withinTol, disagree: disagreeing, tol,
    max_abs_diff_equal_trades: maxEq, max_abs_diff_all: maxAll, why_counts: whyCounts, disagreements };
}
