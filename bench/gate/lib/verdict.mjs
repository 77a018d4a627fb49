/**
 * Gate verdicts: a measured value against its committed baseline and tolerance, and
 * against the gate's hard limit when it has one.
 *
 * A gate result (what every gate module's `run` returns, one or more per module):
 * `{ id, title, value, unit, better: "higher" | "lower", tolerance: { rel } | { abs },
 *    limit?, spread?: { min, max, rounds }, detail? }`
 * `tolerance.rel`: fraction of the baseline (0.25 = the value may be 25% worse);
 * `tolerance.abs`: in the value's own unit (0.02 on an overhead fraction = 2 points).
 */

/**
 * The worst value that still passes against `baseline`.
 * @param {{better: "higher" | "lower", tolerance: {rel?: number, abs?: number}}} gate
 * @param {number} baseline
 * @returns {number}
 */
export function bound(gate, baseline) {
  const { rel, abs } = gate.tolerance;
  const slack = rel !== undefined ? Math.abs(baseline) * rel : abs;
  return gate.better === "higher" ? baseline - slack : baseline + slack;
}

/** True when `a` is worse than `b` for this gate. */
const worse = (gate, a, b) => (gate.better === "higher" ? a < b : a > b);

/**
 * Judges one gate result.
 * @param {object} gate a gate result (see the module doc)
 * @param {{value: number} | undefined} baseline the committed baseline of `gate.id`
 * @returns {{ok: boolean, verdict: string, bound?: number, reasons: string[]}}
 *   `reasons`: one sentence per failed check (empty when ok)
 */
export function judge(gate, baseline) {
  const reasons = [];
  if (!Number.isFinite(gate.value)) reasons.push(`measured value is ${gate.value}`);
  if (gate.limit !== undefined && worse(gate, gate.value, gate.limit)) {
    reasons.push(`${fmt(gate, gate.value)} is ${gate.better === "higher" ? "below" : "above"} the hard limit ${fmt(gate, gate.limit)}`);
  }
  if (!baseline) {
    reasons.push("no baseline recorded (run `npm run bench:gate -- --update` and commit bench/baselines.json)");
    return { ok: false, verdict: "NO BASELINE", reasons };
  }
  const b = bound(gate, baseline.value);
  if (worse(gate, gate.value, b)) {
    reasons.push(`${fmt(gate, gate.value)} vs baseline ${fmt(gate, baseline.value)} (${change(gate, baseline.value)}; allowed down to ${fmt(gate, b)})`);
  }
  if (reasons.length) return { ok: false, verdict: "REGRESSION", bound: b, reasons };
  return { ok: true, verdict: "ok", bound: b, reasons };
}

/** How far `gate.value` moved from `base`, in the gate's terms ("-31.2%", "+2.1 points"). */
export function change(gate, base) {
  if (gate.tolerance.abs !== undefined && gate.unit === "fraction") {
    const d = (gate.value - base) * 100;
    return `${d >= 0 ? "+" : ""}${d.toFixed(2)} points`;
  }
  const d = (gate.value / base - 1) * 100;
  return `${d >= 0 ? "+" : ""}${d.toFixed(1)}%`;
}

/** A value in its unit: "23.4x", "1.85%", "1234.5 Ir/bar". */
export function fmt(gate, v) {
  if (!Number.isFinite(v)) return String(v);
  if (gate.unit === "ratio") return `${v.toFixed(2)}x`;
  if (gate.unit === "fraction") return `${(v * 100).toFixed(2)}%`;
  return `${v.toFixed(1)} ${gate.unit}`;
}

/** The tolerance as text: "-25%", "+2 points", "+3%". */
export function fmtTolerance(gate) {
  const sign = gate.better === "higher" ? "-" : "+";
  const { rel, abs } = gate.tolerance;
  if (rel !== undefined) return `${sign}${+(rel * 100).toFixed(2)}%`;
  return gate.unit === "fraction" ? `${sign}${+(abs * 100).toFixed(2)} points` : `${sign}${abs} ${gate.unit}`;
}
