#!/usr/bin/env node
// Entry of `npx barstream`: the compiled CLI (npm run build writes dist/).
import "../dist/cli.js";
