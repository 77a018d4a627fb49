import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["tests/**/*.test.ts"],
    testTimeout: 120_000,
    hookTimeout: 120_000,
    // The engine uses both cores inside a batch; running files in parallel only adds noise.
    fileParallelism: false,
  },
});
