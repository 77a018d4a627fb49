#!/usr/bin/env node
// Entry of `npx barstream`: the compiled CLI (npm run build writes dist/).
// On Node >= 22.1, V8's on-disk compile cache (module.enableCompileCache) makes later starts
// skip compiling the CLI's modules; Node 20 has no such function and runs as before.
// (Set NODE_DISABLE_COMPILE_CACHE=1 to turn it off.) The CLI is imported after enabling it.
import module from "node:module";

module.enableCompileCache?.();
await import("../dist/cli.js");
