/** Paths shared by the vitest suites: the repo root and ../shared/data (never copied). */
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "..");
export const RAW = resolve(ROOT, "..", "shared", "data", "raw");
export const EXAMPLES = resolve(ROOT, "examples");
