/**
 * The Node versions barstream claims agree with what `npm ci` installs (issue 14, first run):
 * every package in package-lock.json that npm installs (not optional) accepts every Node in
 * package.json's `engines.node` (`^20.19.0 || ^22.13.0 || >=24`: what the dependencies together
 * accept), except the one stated exception, polars' Linux binary, whose metadata asks for
 * Node >= 22 while it runs on 20.19+ (README, "Supported platform"); npm warns EBADENGINE for it
 * and nothing else. The exception is pinned to its version and range, so an
 * upgrade that changes it fails here until the README's stated pair is updated with it.
 */
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";

import { describe, expect, it } from "vitest";

// npm's own range logic (semver, installed with the toolchain's packages): subset(a, b) is true
// when every version a accepts, b accepts too.
const semver = createRequire(import.meta.url)("semver") as {
  subset(sub: string, dom: string): boolean;
  satisfies(version: string, range: string, opts?: { includePrerelease?: boolean }): boolean;
};

interface Locked { version?: string; optional?: boolean; engines?: { node?: string } }
const root = new URL("../../", import.meta.url);
const manifest = JSON.parse(readFileSync(new URL("package.json", root), "utf8")) as { engines: { node: string }; dependencies: Record<string, string> };
const lock = JSON.parse(readFileSync(new URL("package-lock.json", root), "utf8")) as { packages: Record<string, Locked> };
const readme = readFileSync(new URL("README.md", root), "utf8");

/** The stated exception: package -> [version, its engines.node]. */
const EXCEPTION = { "nodejs-polars-linux-x64-gnu": ["0.26.1", ">= 22"] } as const;

const installed = Object.entries(lock.packages).filter(([path, p]) => path !== "" && !p.optional && p.engines?.node !== undefined);
const nameOf = (path: string) => path.slice(path.lastIndexOf("node_modules/") + "node_modules/".length);

describe("supported Node versions", () => {
  const supported = manifest.engines.node;

  it("every installed package accepts every Node the project supports, but the stated exception", () => {
    const refusing = installed.filter(([, p]) => !semver.subset(supported, p.engines!.node!)).map(([path, p]) => `${nameOf(path)}@${p.version} (node ${p.engines!.node})`);
    expect(refusing).toEqual(Object.entries(EXCEPTION).map(([name, [version, range]]) => `${name}@${version} (node ${range})`));
  });

  it("the exception is polars' binary at nodejs-polars' pinned version, and the README states the pair and why", () => {
    const [version, range] = EXCEPTION["nodejs-polars-linux-x64-gnu"];
    expect(manifest.dependencies["nodejs-polars"]).toBe(version);
    expect(lock.packages["node_modules/nodejs-polars-linux-x64-gnu"]).toMatchObject({ version, engines: { node: range } });
    // It refuses only the Node 20 line of the supported range.
    const from22 = supported.split("||").map((r) => r.trim()).filter((r) => !r.startsWith("^20")).join(" || ");
    expect(from22).not.toBe(supported);
    expect(semver.subset(from22, range)).toBe(true);
    for (const text of [`\`${supported}\``, `nodejs-polars ${version}`, `Node ${range}`, "EBADENGINE"]) {
      expect(readme.includes(text), `README states "${text}"`).toBe(true);
    }
  });

  it("the tests run on a Node the project supports", () => {
    expect(semver.satisfies(process.versions.node, supported)).toBe(true);
  });
});
