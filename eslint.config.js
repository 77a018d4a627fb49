// ESLint 9 flat config: typescript-eslint's recommended rules over the TypeScript sources,
// tests and the vitest config (bench/ is plain .mjs, checked by the recommended JS rules).
import js from "@eslint/js";
import tseslint from "typescript-eslint";

export default tseslint.config(
  { ignores: ["dist/", "native/", "node_modules/", "target/", "bench/peers/.venv/", "bench/results/", ".bench-tmp/", "out/"] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: {
      globals: {
        process: "readonly", console: "readonly", Buffer: "readonly", setTimeout: "readonly", clearTimeout: "readonly",
        setInterval: "readonly", clearInterval: "readonly", setImmediate: "readonly", URL: "readonly", performance: "readonly",
        AbortController: "readonly", AbortSignal: "readonly", TextEncoder: "readonly", TextDecoder: "readonly", structuredClone: "readonly",
        queueMicrotask: "readonly", fetch: "readonly",
      },
    },
    rules: {
      // `_`-prefixed bindings are the codebase's way of saying "destructured to drop it".
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_", destructuredArrayIgnorePattern: "^_", caughtErrors: "none" }],
    },
  },
);
