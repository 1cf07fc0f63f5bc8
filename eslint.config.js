import { defineConfig, globalIgnores } from "eslint/config";
import nextVitals from "eslint-config-next/core-web-vitals";
import nextTs from "eslint-config-next/typescript";

export default defineConfig([
  ...nextVitals,
  ...nextTs,
  globalIgnores([".next/**", "node_modules/**", "dist/**", "test-results/**", "playwright-report/**", "next-env.d.ts"]),
  {
    rules: {
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
      "no-console": ["error", { allow: ["warn", "error"] }],
    },
  },
  {
    // Command-line entry points talk to the terminal; so do measurements printed by tests.
    files: ["scripts/**", "server/sim/cli.ts", "bench/**", "e2e/**"],
    rules: { "no-console": "off" },
  },
  {
    // The risk engine stays pure: no I/O, and nothing from the collector, hub or store.
    files: ["server/risk/**"],
    ignores: ["**/*.test.ts"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          patterns: [
            { group: ["@/server/ib/*", "@/server/realtime/*", "@/server/store/*", "@/server/sim/*"], message: "the risk engine stays pure" },
            { group: ["node:*", "fs", "net", "http", "socket.io*", "@stoqey/ib", "@prisma/*"], message: "the risk engine does no I/O" },
          ],
        },
      ],
    },
  },
]);
