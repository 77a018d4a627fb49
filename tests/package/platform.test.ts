/**
 * The platforms barstream claims are the ones it can install on (issue 17, case 19).
 *
 * The expected values come from the napi-rs target triples in package.json (`napi.targets`),
 * not from the fields under test: each triple names an os, a cpu and a libc, and package.json
 * must declare exactly those so `npm ci` on another platform stops with EBADPLATFORM.
 */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";

interface Manifest {
  version?: string;
  os?: string[];
  cpu?: string[];
  libc?: string[];
  napi: { targets: string[] };
  dependencies: Record<string, string>;
  optionalDependencies?: Record<string, string>;
}

const root = new URL("../../", import.meta.url);
const manifest = JSON.parse(readFileSync(new URL("package.json", root), "utf8")) as Manifest;
const lock = JSON.parse(readFileSync(new URL("package-lock.json", root), "utf8")) as { packages: Record<string, Manifest> };

/** A Rust target triple as npm's platform fields (`x86_64-unknown-linux-gnu` -> linux, x64, glibc). */
function npmPlatform(triple: string): { os: string; cpu: string; libc?: string } {
  const [arch, , os, abi] = triple.split("-");
  const cpu = ({ x86_64: "x64", aarch64: "arm64" } as Record<string, string>)[arch!];
  if (cpu === undefined || os === undefined) throw new Error(`unknown target triple ${triple}`);
  const libc = abi === "gnu" ? "glibc" : abi === "musl" ? "musl" : undefined;
  return { os, cpu, libc };
}

describe("supported platforms", () => {
  const claimed = manifest.napi.targets.map(npmPlatform);

  it("package.json declares exactly the addon's targets as os / cpu / libc", () => {
    expect(manifest.os?.slice().sort()).toEqual([...new Set(claimed.map((p) => p.os))].sort());
    expect(manifest.cpu?.slice().sort()).toEqual([...new Set(claimed.map((p) => p.cpu))].sort());
    expect(manifest.libc?.slice().sort()).toEqual([...new Set(claimed.flatMap((p) => (p.libc ? [p.libc] : [])))].sort());
  });

  it("the lockfile's root entry carries the same platform fields (npm ci checks the lockfile)", () => {
    const rootEntry = lock.packages[""]!;
    expect(rootEntry.os).toEqual(manifest.os);
    expect(rootEntry.cpu).toEqual(manifest.cpu);
    expect(rootEntry.libc).toEqual(manifest.libc);
  });

  it("each claimed platform's polars binary is a direct, non-optional dependency pinned to nodejs-polars' version", () => {
    for (const p of claimed) {
      const name = `nodejs-polars-${p.os}-${p.cpu}${p.libc === "glibc" ? "-gnu" : p.libc === "musl" ? "-musl" : ""}`;
      // Optional would be skipped on Node 20 (its engines field asks for >= 22): it must be a dependency.
      expect(manifest.dependencies[name], name).toBe(manifest.dependencies["nodejs-polars"]);
      expect(manifest.optionalDependencies?.[name]).toBeUndefined();
      const locked = lock.packages[`node_modules/${name}`];
      expect(locked?.version, `${name} in package-lock.json`).toBe(manifest.dependencies["nodejs-polars"]);
      expect(locked?.os).toEqual([p.os]);
      expect(locked?.cpu).toEqual([p.cpu]);
    }
  });
});
