/**
 * The native engine (napi-rs addon built from `native/` by `npm run build:native`).
 * The generated loader is CommonJS, so it is required, not imported.
 *
 * src/engine/ is the only part of src/ that touches the addon: the rest of src/ uses the typed
 * wrappers beside this file (backtest.ts, scan.ts, sweep.ts, live.ts); tests and benchmarks
 * import `native` from here when they need the raw addon.
 *
 * The addon is loaded on first use, not at import: `barstream --help` (and any command that
 * never reaches the engine) starts without it. A missing build is reported, with how to build
 * it, by the first use.
 */
import { createRequire } from "node:module";
import type * as Native from "../../native/index.cjs";

const require = createRequire(import.meta.url);

let loaded: typeof Native | undefined;

function load(): typeof Native {
  if (loaded) return loaded;
  try {
    loaded = require("../../native/index.cjs") as typeof Native;
  } catch (err) {
    const reason = err instanceof Error ? err.message : String(err);
    throw new Error(
      `barstream: the native engine is not built (${reason.split("\n")[0]}). Run 'npm run build' ` +
        `(needs cargo) in the package folder.`,
    );
  }
  return loaded;
}

/** Whether the addon has been loaded in this process (start-up tests and diagnostics). */
export function nativeLoaded(): boolean {
  return loaded !== undefined;
}

/**
 * The addon: `BacktestRun`, `validateStrategy`, `statsSchema`, `engineVersion`, ... Every
 * operation on it (property read, `in`, `Object.keys`, a spy replacing a function) goes to the
 * loaded module, which is required on the first such operation.
 */
export const native: typeof Native = new Proxy({} as typeof Native, {
  get: (_t, key) => Reflect.get(load(), key),
  set: (_t, key, value) => Reflect.set(load(), key, value),
  has: (_t, key) => Reflect.has(load(), key),
  ownKeys: () => Reflect.ownKeys(load()),
  getOwnPropertyDescriptor: (_t, key) => {
    const d = Reflect.getOwnPropertyDescriptor(load(), key);
    return d && { ...d, configurable: true }; // the empty target holds none; a proxy may not report non-configurable ones
  },
  defineProperty: (_t, key, d) => Reflect.defineProperty(load(), key, d),
  deleteProperty: (_t, key) => Reflect.deleteProperty(load(), key),
});
export type { Native };
