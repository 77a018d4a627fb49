/**
 * Output folders (`--out DIR` of backtest and sweep): the folder's manifest, `summary.json`, is
 * removed before anything else is written and written last, so a folder without it holds an
 * unfinished or interrupted write and a folder with it holds one whole run. Files of an earlier
 * run that this run does not write are removed first, so nothing stale sits beside a new summary.
 */
import { mkdir, rm } from "node:fs/promises";
import { join } from "node:path";

/** The manifest of an output folder, written last. */
export const MANIFEST = "summary.json";

/**
 * Prepares `dir` for a run: creates it, removes the manifest, the files named in `ours` (every
 * file the command can write, so none of an earlier run survives). Other files are left alone.
 *
 * @returns the path of `name` inside `dir`, for the writers.
 * @throws Error `--out <dir>: cannot create directory (<code>)` or `--out <dir>: cannot remove <file> (<code>)`.
 */
export async function beginOutDir(dir: string, ours: readonly string[]): Promise<(name: string) => string> {
  try {
    await mkdir(dir, { recursive: true });
  } catch (err) {
    throw new Error(`--out ${dir}: cannot create directory (${(err as NodeJS.ErrnoException).code ?? err})`);
  }
  // The manifest first: from here until it is written again, the folder reads as incomplete.
  for (const name of [MANIFEST, ...ours.filter((n) => n !== MANIFEST)]) {
    try {
      await rm(join(dir, name), { force: true });
    } catch (err) {
      throw new Error(`--out ${dir}: cannot remove ${name} of an earlier run (${(err as NodeJS.ErrnoException).code ?? err})`);
    }
  }
  return (name) => join(dir, name);
}
