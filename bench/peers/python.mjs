/**
 * Runs the peer side: makes sure bench/peers/.venv exists (setup.sh, idempotent), then runs a
 * peer script in it and reads the JSON it writes. The project's tests never come here.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const PY = join(here, ".venv", "bin", "python");

/** Creates / checks the venv with the pinned peers (prints setup.sh's diagnostics on stderr). */
export function setupPeers() {
  const r = spawnSync("bash", [join(here, "setup.sh")], { stdio: ["ignore", "inherit", "inherit"] });
  if (r.status !== 0) throw new Error(`bench/peers/setup.sh failed (exit ${r.status})`);
}

/**
 * Runs `bench/peers/<script>` with `args` plus `--out <tmp file>`; returns the parsed JSON.
 * The script's one-line summary goes to stderr (diagnostics), results come from the file.
 */
export function runPeer(script, args) {
  const dir = mkdtempSync(join(tmpdir(), "barstream-peers-"));
  try {
    const out = join(dir, "out.json");
    const r = spawnSync(PY, [join(here, script), ...args, "--out", out], {
      cwd: here,
      stdio: ["ignore", process.stderr, "inherit"],
      env: { ...process.env, TQDM_DISABLE: "1", PYTHONHASHSEED: "0" },
    });
    if (r.status !== 0) throw new Error(`${script} failed (exit ${r.status})`);
    return JSON.parse(readFileSync(out, "utf8"));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
