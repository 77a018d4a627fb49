/**
 * The native engine (napi-rs addon built from `native/` by `npm run build:native`).
 * The generated loader is CommonJS, so it is required, not imported.
 *
 * src/engine/ is the only part of src/ that touches the addon: the rest of src/ uses the typed
 * wrappers beside this file (backtest.ts, scan.ts, sweep.ts, live.ts); tests and benchmarks
 * import `native` from here when they need the raw addon.
 */
import { createRequire } from "node:module";
import type * as Native from "../../native/index.cjs";

const require = createRequire(import.meta.url);

function load(): typeof Native {
  try {
    return require("../../native/index.cjs") as typeof Native;
  } catch (err) {
    const reason = err instanceof Error ? err.message : String(err);
    throw new Error(
      `barstream: the native engine is not built (${reason.split("\n")[0]}). Run 'npm run build' ` +
        `(needs cargo) in the package folder.`,
    );
  }
}

/** The loaded addon: `backtestBatch`, `validateStrategy`, `universeStats`, `engineVersion`. */
export const native: typeof Native = load();
export type { Native };
