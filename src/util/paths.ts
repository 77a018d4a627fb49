/** Paths inside the installed package (examples, bundled data). */
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";

/** Package root: the folder holding package.json (dist/util/.. /..). */
export const PACKAGE_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "..", "..");

/**
 * Default `--data` of `backtest`: 20 S&P 500 symbols, daily bars 2013-02-08 .. 2018-02-07 (real prices,
 * MIT-licensed; made by scripts/make-example-data.mjs, see examples/data/README.md).
 */
export const DEFAULT_DATA = resolve(PACKAGE_ROOT, "examples", "data", "sp500-20.parquet");

/** Bundled synthetic sample (5 x 750 GBM bars, made by `barstream generate`) for tests that need generated bars. */
export const SYNTHETIC_DATA = resolve(PACKAGE_ROOT, "examples", "data", "synthetic-daily.csv");

/** Bundled example strategy used when `--strategy` is not given. */
export const DEFAULT_STRATEGY = resolve(PACKAGE_ROOT, "examples", "strategies", "sma_cross_risk.json");
