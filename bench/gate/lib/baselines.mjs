/**
 * bench/baselines.json: the committed baseline of every gate. Updated only by
 * `npm run bench:gate -- --update` in a deliberate, reviewed commit.
 */
import { execFileSync } from "node:child_process";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, relative } from "node:path";

/**
 * Reads the baselines file.
 * @param {string} file path of bench/baselines.json
 * @returns {{gates: Record<string, {value: number}>}} empty gates when the file is absent
 * @throws Error naming the file when it is not valid JSON or has no `gates` object
 */
export function readBaselines(file) {
  if (!existsSync(file)) return { gates: {} };
  let data;
  try {
    data = JSON.parse(readFileSync(file, "utf8"));
  } catch (err) {
    throw new Error(`${file}: not valid JSON (${err.message})`);
  }
  if (typeof data?.gates !== "object" || data.gates === null) throw new Error(`${file}: expected an object with a "gates" field`);
  return data;
}

/**
 * Writes measured gate results as the new baselines (value plus the spread seen, the
 * machine and the date; tolerances stay in the gate modules).
 * @param {string} file
 * @param {object[]} results gate results
 * @param {object} machine machine info
 * @param {Record<string, {value: number}>} keep baselines of gates not measured in this run
 */
export function writeBaselines(file, results, machine, keep) {
  const gates = { ...keep };
  for (const r of results) {
    gates[r.id] = { value: r.value, unit: r.unit, better: r.better, ...(r.spread ? { spread: r.spread } : {}), ...(r.detail ? { detail: r.detail } : {}) };
  }
  const sorted = Object.fromEntries(Object.keys(gates).sort().map((k) => [k, gates[k]]));
  writeFileSync(file, `${JSON.stringify({ date: new Date().toISOString(), machine, gates: sorted }, null, 2)}\n`);
}

/**
 * The commit that last changed the baselines file ("abc1234 2026-11-21 subject"), or a
 * sentence saying why it is unknown (no git, not committed).
 * @param {string} file
 */
export function baselineCommit(file) {
  try {
    const out = execFileSync("git", ["log", "-1", "--format=%h %cs %s", "--", relative(dirname(file), file)], { cwd: dirname(file), encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] }).trim();
    return out || "not committed yet";
  } catch {
    return "unknown (git not available)";
  }
}
