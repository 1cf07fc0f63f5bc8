import { defineConfig, globalIgnores } from "eslint/config";
import nextVitals from "eslint-config-next/core-web-vitals";
import nextTs from "eslint-config-next/typescript";

export default defineConfig([
  ...nextVitals,
  ...nextTs,
  globalIgnores([".next/**", "node_modules/**", "dist/**", "test-results/**", "playwright-report/**", "next-env.d.ts", "server/store/generated/**"]),
  {
    rules: {
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
      "no-console": ["error", { allow: ["warn", "error"] }],
    },
  },
  {
    // Command-line entry points talk to the terminal; so do measurements printed by tests.
    files: ["scripts/**", "server/sim/cli.ts", "server/auth/cli.ts", "bench/**", "e2e/**"],
    rules: { "no-console": "off" },
  },
  {
    // The layers, enforced for relative and "@/" imports alike (see README "How it is built").
    rules: {
      "import/no-restricted-paths": [
        "error",
        {
          zones: [
            {
              target: "./server/risk",
              from: "./server",
              except: ["./risk", "./domain"],
              message: "the risk engine uses only lib/ and the domain events",
            },
            {
              target: "./server/ib",
              from: ["./server/risk", "./server/realtime", "./server/store", "./server/auth"],
              message: "the collector knows nothing of risk, browsers or storage",
            },
            {
              target: "./server/store",
              from: ["./server/realtime", "./server/ib"],
              message: "the store keeps what it is given and knows nothing of browsers or the IB link",
            },
            { target: "./lib", from: ["./server", "./components", "./app"], message: "lib/ is shared by browser and server: it imports neither" },
            { target: ["./components", "./app"], from: "./server", message: "the browser's code cannot import the server's" },
            {
              target: "./server/sim",
              from: "./server",
              except: ["./sim", "./tws-wire", "./testing"],
              message: "the simulated gateway stands apart from the app it simulates IB for",
            },
          ],
        },
      ],
    },
  },
  {
    // The risk engine stays pure: no I/O.
    files: ["server/risk/**"],
    ignores: ["**/*.test.ts"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          patterns: [
            { group: ["node:*", "fs", "net", "http", "socket.io*", "@stoqey/ib", "@prisma/*"], message: "the risk engine does no I/O" },
          ],
        },
      ],
    },
  },
]);
