/** Paths shared by the vitest suites: the repo root and ../shared/data (never copied); the CLI runner. */
import { execFile } from "node:child_process";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "..");
export const RAW = resolve(ROOT, "..", "shared", "data", "raw");
export const EXAMPLES = resolve(ROOT, "examples");

const exec = promisify(execFile);

/** Runs the `barstream` bin with `args` from the repo root; never throws, returns the exit code and output. */
export async function cli(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await exec("node", [resolve(ROOT, "bin/barstream.js"), ...args], { cwd: ROOT, maxBuffer: 64 << 20 });
    return { code: 0, stdout, stderr };
  } catch (e) {
    const err = e as { code: number; stdout: string; stderr: string };
    return { code: err.code, stdout: err.stdout, stderr: err.stderr };
  }
}
