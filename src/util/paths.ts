/** Paths inside the installed package (examples, bundled data). */
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";

/** Package root: the folder holding package.json (dist/util/.. /..). */
export const PACKAGE_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "..", "..");

/** Bundled synthetic sample data (made by `barstream generate`, see README). */
export const DEFAULT_DATA = resolve(PACKAGE_ROOT, "examples", "data", "synthetic-daily.csv");

/** Bundled example strategy used when `--strategy` is not given. */
export const DEFAULT_STRATEGY = resolve(PACKAGE_ROOT, "examples", "strategies", "sma_cross_risk.json");
