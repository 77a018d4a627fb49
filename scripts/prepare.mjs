#!/usr/bin/env node
/**
 * npm's `prepare` script (issue 14, "First run"): builds the Rust addon (`npm run build:native`)
 * and dist/ (`npm run build:ts`), each only when its output is missing or not current for its
 * sources.
 *
 * Why: `npx barstream ...` in this checkout links the project into npx's cache and npm runs the
 * linked package's `prepare` again (npm 7+: arborist runs `prepare` for every link it reifies),
 * so right after `npm ci` the first `npx barstream` rebuilt everything (~80 s on a loaded
 * 2-core machine). With this script that second run finds both outputs current and only hashes.
 *
 * "Current" means: a stamp file beside the output records the SHA-256 of the inputs (every
 * file under the listed source paths, with its path) and of each output file, and both still
 * match. Editing a source, replacing or deleting an output, or a missing stamp makes it stale;
 * a fresh clone has no outputs and always builds. `BARSTREAM_FORCE_BUILD=1` builds regardless.
 * `node scripts/prepare.mjs --check` prints the decision per unit and builds nothing.
 */
import { createHash } from "node:crypto";
import { execFileSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { dirname, join, relative, resolve, sep } from "node:path";
import { fileURLToPath } from "node:url";

/** Directory names never hashed (build outputs and installs inside source trees). */
const SKIP_DIRS = new Set(["target", "node_modules", ".git"]);

/**
 * The two build units of the package, paths relative to the package root.
 * `inputs`: files or folders whose content decides the output; `outputs`: the files the build
 * writes (a folder means every file under it; a `*.ext` name a glob in its folder).
 */
export const UNITS = [
  {
    name: "native addon",
    script: "build:native",
    stamp: "native/.build-stamp.json",
    inputs: ["Cargo.toml", "Cargo.lock", "crates", "native/Cargo.toml", "native/build.rs", "native/src", "package.json#napi", "package.json#scripts.build:native"],
    outputs: ["native/*.node", "native/index.cjs", "native/index.d.cts"],
  },
  {
    name: "dist/ (TypeScript)",
    script: "build:ts",
    stamp: "dist/.build-stamp.json",
    inputs: ["src", "tsconfig.json", "package-lock.json", "package.json#scripts.build:ts"],
    outputs: ["dist"],
  },
];

/** Every file under `path` (a file or folder), sorted, as absolute paths. */
function filesUnder(path) {
  if (!existsSync(path)) return [];
  if (!statSync(path).isDirectory()) return [path];
  const out = [];
  for (const entry of readdirSync(path, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
    if (entry.isDirectory()) {
      if (!SKIP_DIRS.has(entry.name)) out.push(...filesUnder(join(path, entry.name)));
    } else if (entry.isFile() && entry.name !== ".build-stamp.json") {
      out.push(join(path, entry.name));
    }
  }
  return out;
}

/** A package.json field by dot path after `#` (`package.json#scripts.build:ts`), as JSON text. */
function jsonField(root, spec) {
  const [file, field] = spec.split("#");
  const full = resolve(root, file);
  if (!existsSync(full)) return "null";
  let v = JSON.parse(readFileSync(full, "utf8"));
  // "scripts.build:ts": the first dot splits the field from the key (a script name may hold dots).
  const [head, ...rest] = field.split(".");
  v = v?.[head];
  if (rest.length) v = v?.[rest.join(".")];
  return JSON.stringify(v ?? null);
}

/**
 * SHA-256 (hex) over a unit's inputs: each file's path relative to `root` and its bytes, and
 * each `file#field` spec's JSON value. A missing input hashes as absent, so adding it changes
 * the hash.
 *
 * @param {string} root package root
 * @param {string[]} inputs the unit's input specs
 * @returns {string}
 */
export function inputsHash(root, inputs) {
  const h = createHash("sha256");
  for (const spec of inputs) {
    if (spec.includes("#")) {
      h.update(`field ${spec}\0${jsonField(root, spec)}\0`);
      continue;
    }
    const files = filesUnder(resolve(root, spec));
    h.update(`input ${spec} ${files.length}\0`);
    for (const f of files) {
      h.update(`${relative(root, f).split(sep).join("/")}\0`);
      h.update(readFileSync(f));
      h.update("\0");
    }
  }
  return h.digest("hex");
}

/** The output files a unit's `outputs` specs name now, relative to `root`, sorted. */
function outputFiles(root, outputs) {
  const files = [];
  for (const spec of outputs) {
    const base = spec.split("/").pop();
    if (base.startsWith("*.")) {
      const dir = resolve(root, dirname(spec));
      if (existsSync(dir)) for (const n of readdirSync(dir)) if (n.endsWith(base.slice(1))) files.push(join(dir, n));
    } else {
      files.push(...filesUnder(resolve(root, spec)));
    }
  }
  return files.map((f) => relative(root, f).split(sep).join("/")).sort();
}

/** SHA-256 (hex) of each output file, keyed by path relative to `root`. */
export function outputHashes(root, outputs) {
  return Object.fromEntries(outputFiles(root, outputs).map((f) => [f, createHash("sha256").update(readFileSync(resolve(root, f))).digest("hex")]));
}

/**
 * Whether a unit's outputs are present and current for its sources.
 *
 * @param {string} root package root
 * @param {{stamp: string, inputs: string[], outputs: string[]}} unit
 * @returns {{current: boolean, reason: string}} `reason` says what made it stale (or "current")
 */
export function isCurrent(root, unit) {
  for (const spec of unit.outputs) {
    if (outputFiles(root, [spec]).length === 0) return { current: false, reason: `${spec} is missing` };
  }
  const stampPath = resolve(root, unit.stamp);
  if (!existsSync(stampPath)) return { current: false, reason: `no build stamp (${unit.stamp})` };
  let stamp;
  try {
    stamp = JSON.parse(readFileSync(stampPath, "utf8"));
  } catch {
    return { current: false, reason: `${unit.stamp} does not read as JSON` };
  }
  if (stamp.inputs !== inputsHash(root, unit.inputs)) return { current: false, reason: "sources changed since the last build" };
  const now = outputHashes(root, unit.outputs);
  const was = stamp.outputs ?? {};
  const changed = [...new Set([...Object.keys(now), ...Object.keys(was)])].find((f) => now[f] !== was[f]);
  if (changed !== undefined) return { current: false, reason: `${changed} differs from the one built` };
  return { current: true, reason: "current" };
}

/**
 * Records a unit as built: the inputs' hash taken BEFORE the build (an edit during the build
 * leaves it stale) and the outputs' hashes now.
 */
export function writeStamp(root, unit, inputs) {
  writeFileSync(resolve(root, unit.stamp), `${JSON.stringify({ inputs, outputs: outputHashes(root, unit.outputs) }, null, 1)}\n`);
}

function main() {
  const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");
  const checkOnly = process.argv.includes("--check");
  const force = process.env.BARSTREAM_FORCE_BUILD === "1";
  for (const unit of UNITS) {
    const { current, reason } = isCurrent(root, unit);
    if (checkOnly) {
      console.log(`${unit.name}: ${current ? "current" : `stale (${reason})`}`);
      continue;
    }
    if (current && !force) {
      console.error(`prepare: ${unit.name} is current for its sources; not rebuilt (BARSTREAM_FORCE_BUILD=1 rebuilds)`);
      continue;
    }
    console.error(`prepare: building ${unit.name}: ${force ? "BARSTREAM_FORCE_BUILD=1" : reason}`);
    const before = inputsHash(root, unit.inputs);
    execFileSync(process.platform === "win32" ? "npm.cmd" : "npm", ["run", unit.script], { cwd: root, stdio: "inherit" });
    writeStamp(root, unit, before);
  }
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) main();
