/**
 * `src/report/` is pure rendering: nothing in it imports the engine gateway (`src/engine/`) or
 * the addon (`native/`), statically or dynamically, so a renderer can only draw what the result
 * already holds.
 */
import { readdirSync, readFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";

import { describe, expect, it } from "vitest";

import { ROOT } from "../helpers.js";

const REPORT = resolve(ROOT, "src", "report");

function files(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? files(join(dir, e.name)) : e.name.endsWith(".ts") ? [join(dir, e.name)] : []));
}

/** Module specifiers of `import ... from "x"`, `export ... from "x"`, `import("x")`, `require("x")`. */
function specifiers(text: string): string[] {
  const re = /(?:\bfrom\s*|\bimport\s*\(\s*|\brequire\s*\(\s*|^\s*import\s+)["']([^"']+)["']/gm;
  return [...text.matchAll(re)].map((m) => m[1]);
}

describe("src/report imports", () => {
  it("has no import of src/engine or native/", () => {
    const found = files(REPORT);
    expect(found.length).toBeGreaterThan(5);
    const bad: string[] = [];
    for (const f of found) {
      for (const s of specifiers(readFileSync(f, "utf8"))) {
        const target = s.startsWith(".") ? relative(ROOT, resolve(dirname(f), s)) : s;
        if (/^(src\/engine|native)(\/|$)/.test(target) || /native\/index/.test(s)) bad.push(`${relative(ROOT, f)} imports ${s}`);
      }
    }
    expect(bad).toEqual([]);
  });

  it("sees the imports it scans for (the scanner itself works)", () => {
    expect(specifiers('import { a } from "../engine/backtest.js";\nexport * from "./x.js";\nconst m = await import("../../native/index.cjs");')).toEqual([
      "../engine/backtest.js", "./x.js", "../../native/index.cjs",
    ]);
  });
});
