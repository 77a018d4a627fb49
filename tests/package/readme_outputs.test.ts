/**
 * Every file a README example command writes inside the checkout is ignored by git (issue 14):
 * a newcomer who runs the README top to bottom must not be left with untracked `data/`,
 * `report.html`, `run.state` or `candidates.jsonl`. The paths are read from the README's code
 * blocks (the value after `--out`, `--html`, `--state`, `--log`, `--dir`; `--state F` also writes
 * `F.history.jsonl`), and git itself says whether each is ignored (`git check-ignore`).
 */
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { isAbsolute } from "node:path";

import { describe, expect, it } from "vitest";

import { ROOT } from "../helpers.js";

const readme = readFileSync(`${ROOT}/README.md`, "utf8");
/** Lines of the fenced code blocks, with `\`-continued lines joined. */
const commands = [...readme.matchAll(/```[a-z]*\n([\s\S]*?)```/g)].flatMap((m) => m[1]!.replace(/\\\n\s*/g, " ").split("\n")).filter((l) => /(^|\$ )npx barstream /.test(l));

/** The in-checkout paths a command line writes. */
function outputsOf(line: string): string[] {
  const out: string[] = [];
  for (const m of line.matchAll(/--(out|html|state|log|dir) +(\S+)/g)) {
    const path = m[2]!;
    if (isAbsolute(path) || path.startsWith("..")) continue;
    out.push(path);
    if (m[1] === "state") out.push(`${path}.history.jsonl`);
  }
  return out;
}

/** Whether git ignores `path` (a folder: a file inside it). */
function ignored(path: string): boolean {
  const probe = path.endsWith("/") || !/\.[a-z]+$/.test(path) ? `${path.replace(/\/$/, "")}/x.csv` : path;
  try {
    execFileSync("git", ["check-ignore", "-q", "--no-index", probe], { cwd: ROOT });
    return true;
  } catch {
    return false;
  }
}

describe("README example outputs", () => {
  it("finds the README's example commands and the files they write", () => {
    expect(commands.length).toBeGreaterThan(8);
    const all = commands.flatMap(outputsOf);
    for (const p of ["data/sp500", "report.html", "run.state", "candidates.jsonl"]) expect(all).toContain(p);
  });

  it("every file they write in the checkout is ignored by git", () => {
    const notIgnored = [...new Set(commands.flatMap(outputsOf))].filter((p) => !ignored(p));
    expect(notIgnored).toEqual([]);
  });

  it("the bundled data and the sources under data/ folders stay tracked", () => {
    for (const p of ["examples/data/sp500-20.parquet", "src/data/dataset.ts", "examples/data/README.md"]) expect(ignored(p), p).toBe(false);
  });
});
