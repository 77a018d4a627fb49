/**
 * The `prepare` script's "is the build current?" decision (issue 14, first run): `npx barstream`
 * right after `npm ci` runs `prepare` again, which must not rebuild when the addon and dist/
 * are current for their sources, and must rebuild when any source or output changed.
 * Exercised on a throw-away package tree, so the real build is never touched.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, unlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";

import { afterEach, beforeEach, describe, expect, it } from "vitest";

// @ts-expect-error plain .mjs module without types
import { inputsHash, isCurrent, UNITS, writeStamp } from "../../scripts/prepare.mjs";

interface Unit { name: string; script: string; stamp: string; inputs: string[]; outputs: string[] }
const [NATIVE, DIST] = UNITS as Unit[];

let root: string;
const put = (rel: string, text: string) => {
  mkdirSync(dirname(join(root, rel)), { recursive: true });
  writeFileSync(join(root, rel), text);
};
/** What the build would do: outputs written, then the stamp with the inputs' hash. */
const build = (unit: Unit) => {
  const before = inputsHash(root, unit.inputs) as string;
  for (const o of unit.outputs) put(o === "dist" ? "dist/cli.js" : o.replace("*", "barstream.linux-x64-gnu"), `built ${o} ${Math.random()}`);
  writeStamp(root, unit, before);
};
const check = (unit: Unit) => isCurrent(root, unit) as { current: boolean; reason: string };

beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), "barstream-prepare-"));
  put("package.json", JSON.stringify({ napi: { binaryName: "barstream" }, scripts: { "build:native": "napi build", "build:ts": "tsc" } }));
  put("Cargo.toml", "[workspace]\n");
  put("Cargo.lock", "# lock\n");
  put("crates/model/src/lib.rs", "pub fn a() {}\n");
  put("crates/model/Cargo.toml", "[package]\n");
  put("native/Cargo.toml", "[package]\n");
  put("native/build.rs", "fn main() {}\n");
  put("native/src/lib.rs", "// binding\n");
  put("src/cli.ts", "export {};\n");
  put("tsconfig.json", "{}\n");
  put("package-lock.json", "{}\n");
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

describe("prepare: build only when not current", () => {
  it("a fresh clone (no outputs) is stale; after a build, unchanged sources are current", () => {
    expect(check(NATIVE)).toEqual({ current: false, reason: "native/*.node is missing" });
    expect(check(DIST)).toEqual({ current: false, reason: "dist is missing" });
    build(NATIVE);
    build(DIST);
    expect(check(NATIVE)).toEqual({ current: true, reason: "current" });
    expect(check(DIST)).toEqual({ current: true, reason: "current" });
  });

  it.each([
    ["a crate's source", "crates/model/src/lib.rs"],
    ["Cargo.lock", "Cargo.lock"],
    ["the binding's source", "native/src/lib.rs"],
    ["the binding's build script", "native/build.rs"],
  ])("editing %s makes the addon stale and leaves dist/ current", (_what, file) => {
    build(NATIVE);
    build(DIST);
    put(file, `${readFileSync(join(root, file), "utf8")}// edited\n`);
    expect(check(NATIVE)).toEqual({ current: false, reason: "sources changed since the last build" });
    expect(check(DIST).current).toBe(true);
  });

  it("a new source file, or a removed one, makes the addon stale", () => {
    build(NATIVE);
    put("crates/model/src/extra.rs", "\n");
    expect(check(NATIVE).current).toBe(false);
    build(NATIVE);
    unlinkSync(join(root, "crates/model/src/extra.rs"));
    expect(check(NATIVE).current).toBe(false);
  });

  it("a changed napi config or build:native script makes the addon stale; another script does not", () => {
    build(NATIVE);
    const pkg = JSON.parse(readFileSync(join(root, "package.json"), "utf8")) as { scripts: Record<string, string>; napi: Record<string, string> };
    pkg.scripts.bench = "node bench/run.mjs";
    put("package.json", JSON.stringify(pkg));
    expect(check(NATIVE).current).toBe(true);
    pkg.scripts["build:native"] = "napi build --profile dev";
    put("package.json", JSON.stringify(pkg));
    expect(check(NATIVE).current).toBe(false);
  });

  it("a target/ folder inside crates/ is not a source", () => {
    build(NATIVE);
    put("crates/model/target/debug/junk", "x");
    expect(check(NATIVE).current).toBe(true);
  });

  it("editing a TypeScript source makes dist/ stale and leaves the addon current", () => {
    build(NATIVE);
    build(DIST);
    put("src/cli.ts", "export const x = 1;\n");
    expect(check(DIST)).toEqual({ current: false, reason: "sources changed since the last build" });
    expect(check(NATIVE).current).toBe(true);
  });

  it("an addon replaced or deleted after the build is stale (e.g. copied from another checkout)", () => {
    build(NATIVE);
    put("native/barstream.linux-x64-gnu.node", "another binary");
    expect(check(NATIVE)).toEqual({ current: false, reason: "native/barstream.linux-x64-gnu.node differs from the one built" });
    build(NATIVE);
    unlinkSync(join(root, "native/index.cjs"));
    expect(check(NATIVE)).toEqual({ current: false, reason: "native/index.cjs is missing" });
  });

  it("outputs present without a stamp (built by hand, or by the old prepare) are stale once, and a bad stamp too", () => {
    build(NATIVE);
    unlinkSync(join(root, NATIVE!.stamp));
    expect(check(NATIVE)).toEqual({ current: false, reason: "no build stamp (native/.build-stamp.json)" });
    put(NATIVE!.stamp, "{not json");
    expect(check(NATIVE)).toEqual({ current: false, reason: "native/.build-stamp.json does not read as JSON" });
  });
});
