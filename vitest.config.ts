import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["tests/**/*.test.ts"],
    testTimeout: 120_000,
    hookTimeout: 120_000,
    // Two test files at a time, also on 2 cores (vitest's default there is 1 worker): most files
    // spend much of their time waiting on a spawned CLI, a feed or a socket, and the other file
    // fills that core (issue 14: `npm test` under 8 minutes on a fresh clone). Files share no
    // state: each uses its own temp dirs and port 0.
    maxWorkers: 2,
  },
});
