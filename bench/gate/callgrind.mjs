/**
 * Instruction-count gates (deterministic, so tight tolerances): builds the Rust example
 * `gate_ir` (crates/engine/examples/gate_ir.rs) in release and runs its workloads under
 * `valgrind --tool=callgrind` on one symbol of generated bars. Instructions per bar of a
 * workload = (Ir(workload) - Ir(none)) / bars, where `none` only generates the bars, so
 * start-up and generation cancel out. Gates:
 * - `ir_indicators_per_bar`: SMA(10) + EMA(20) + RSI(14) + ATR(14);
 * - `ir_replay_per_bar`: SMA 10/30 cross, signals + replay + statistics;
 * - `ir_risk_exit_overhead`: Ir(replay with 5 never-firing risk exits) / Ir(replay) - 1
 *   (the checks plus the ATR the ATR stop reads);
 * - `ir_risk_check_overhead`: the same for the 4 exits that need no indicator (no ATR
 *   stop): the cost of the checks alone, the ATR being an indicator (reported beside it).
 * Fails (never skips) when valgrind or cargo is missing, naming what is missing.
 */
import { execFileSync, spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..", "..");
const BARS = 200_000;

/** Path of `tool` on PATH, or throws naming the tool and why the gate needs it. */
function need(tool, why) {
  const r = spawnSync("sh", ["-c", `command -v ${tool}`], { encoding: "utf8" });
  if (r.status !== 0) throw new Error(`${tool} not found on PATH: ${why}`);
  return r.stdout.trim();
}

/** Builds the example (release, host target: shares the native addon's build cache). */
function build(log) {
  need("cargo", "the instruction-count gates build crates/engine/examples/gate_ir.rs");
  const host = /host: (\S+)/.exec(execFileSync("rustc", ["-vV"], { encoding: "utf8" }))?.[1];
  if (!host) throw new Error("rustc -vV printed no host triple");
  log(`building gate_ir (cargo build --release --example gate_ir --target ${host})`);
  const r = spawnSync("cargo", ["build", "--quiet", "--release", "-p", "barstream-engine", "--example", "gate_ir", "--target", host], { cwd: root, encoding: "utf8", stdio: ["ignore", "inherit", "pipe"] });
  if (r.status !== 0) throw new Error(`cargo build of gate_ir failed:\n${r.stderr}`);
  return join(root, "target", host, "release", "examples", "gate_ir");
}

/** Total instructions (Ir) of one workload under callgrind. */
function instructions(valgrind, bin, workload, dir) {
  const out = join(dir, `callgrind.${workload}.out`);
  const r = spawnSync(valgrind, ["--tool=callgrind", `--callgrind-out-file=${out}`, bin, workload, String(BARS)], { encoding: "utf8" });
  if (r.status !== 0) throw new Error(`valgrind ${workload} exited ${r.status}:\n${r.stderr.slice(-2000)}`);
  const m = /^summary: (\d+)$/m.exec(readFileSync(out, "utf8"));
  if (!m) throw new Error(`${out}: no 'summary:' line (callgrind output format changed?)`);
  return Number(m[1]);
}

/**
 * @param {{log: (msg: string) => void}} opts
 * @returns {Promise<object[]>} four gate results
 */
export async function run({ log }) {
  const valgrind = need("valgrind", "the instruction-count gates run the Rust workloads under callgrind (apt-get install valgrind)");
  const bin = build(log);
  const dir = mkdtempSync(join(tmpdir(), "barstream-gate-ir-"));
  try {
    const ir = {};
    for (const w of ["none", "indicators", "replay", "replay_idle_risk", "replay_idle_checks", "atr"]) ir[w] = instructions(valgrind, bin, w, dir);
    const perBar = (w) => (ir[w] - ir.none) / BARS;
    const detail = `${BARS} bars, callgrind Ir; none = ${ir.none}`;
    /** Gate: Ir/bar of `workload` over the plain replay's, minus 1 (tolerance +1 point). */
    const overhead = (id, title, workload, extra) => ({
      id,
      title,
      value: perBar(workload) / perBar("replay") - 1,
      unit: "fraction",
      better: "lower",
      tolerance: { abs: 0.01 },
      detail: `${perBar(workload).toFixed(1)} vs ${perBar("replay").toFixed(1)} Ir/bar${extra}`,
    });
    return [
      { id: "ir_indicators_per_bar", title: "instructions per bar: SMA+EMA+RSI+ATR (callgrind)", value: perBar("indicators"), unit: "Ir/bar", better: "lower", tolerance: { rel: 0.03 }, detail },
      { id: "ir_replay_per_bar", title: "instructions per bar: SMA cross signals + replay + stats (callgrind)", value: perBar("replay"), unit: "Ir/bar", better: "lower", tolerance: { rel: 0.03 }, detail },
      overhead("ir_risk_exit_overhead", "risk exits: instructions of 5 never-firing exits vs none (callgrind)", "replay_idle_risk", ""),
      overhead(
        "ir_risk_check_overhead",
        "risk exits: instructions of the checks alone (4 never-firing exits, no ATR stop) vs none (callgrind)",
        "replay_idle_checks",
        `; batch ATR(14) column alone ${perBar("atr").toFixed(1)} Ir/bar`,
      ),
    ];
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
