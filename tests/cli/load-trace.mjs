/**
 * Preload (`node --import ./tests/cli/load-trace.mjs ...`) that records what a process loaded:
 * every native addon opened (`process.dlopen`: nodejs-polars, zeromq, the barstream engine, any
 * other) and, at exit, every CommonJS module in the require cache (which also holds the CommonJS
 * packages imported from ESM: nodejs-polars, zeromq, node-sqlite3-wasm, echarts, ...). Written as
 * JSON `{ dlopen: string[], cjs: string[] }` to the file named by BARSTREAM_LOAD_TRACE.
 * Used by tests/cli/startup.test.ts; no timing involved.
 */
import { writeFileSync } from "node:fs";
import { createRequire } from "node:module";

const out = process.env.BARSTREAM_LOAD_TRACE;
if (out) {
  const require = createRequire(import.meta.url);
  const dlopened = [];
  const dlopen = process.dlopen;
  process.dlopen = function (module, filename, ...rest) {
    dlopened.push(String(filename));
    return dlopen.call(this, module, filename, ...rest);
  };
  process.on("exit", () => {
    writeFileSync(out, JSON.stringify({ dlopen: dlopened, cjs: Object.keys(require.cache) }));
  });
}
