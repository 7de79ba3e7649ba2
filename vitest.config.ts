import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

const root = fileURLToPath(new URL("./", import.meta.url));
const integrationTests = ["tests/integration/**/*.test.ts"];

export default defineConfig({
  resolve: {
    alias: [
      { find: /^@\//, replacement: root },
      // `server-only` throws outside the react-server condition; tests are trusted
      // server code, so it resolves to an empty module here.
      { find: /^server-only$/, replacement: `${root}tests/support/empty-module.ts` },
    ],
  },
  test: {
    // next-auth imports next/headers itself: inlined, it gets the tests' simulated request too (tests/support/next-request.ts).
    server: { deps: { inline: ["next-auth"] } },
    // Two cores: two test files at a time, across all projects. Each file gets a
    // fresh process (the default forks pool, isolated), hence its own database.
    maxWorkers: 2,
    projects: [
      {
        extends: true,
        test: { name: "unit", include: ["tests/unit/**/*.test.ts"], environment: "node" },
      },
      {
        extends: true,
        test: {
          name: "integration-pglite",
          include: integrationTests,
          globalSetup: ["tests/support/integration-global-setup.ts"],
          setupFiles: ["tests/support/integration-setup.ts"],
          env: { TEST_DATABASE: "pglite" },
          testTimeout: 20_000,
          hookTimeout: 30_000,
        },
      },
      {
        extends: true,
        test: {
          name: "integration-postgres",
          include: integrationTests,
          // First the server (found or started), then the migrated template on it.
          globalSetup: ["tests/support/integration-postgres-global-setup.ts", "tests/support/postgres-global-setup.ts"],
          setupFiles: ["tests/support/integration-setup.ts"],
          env: { TEST_DATABASE: "postgres" },
          testTimeout: 20_000,
          hookTimeout: 30_000,
        },
      },
    ],
  },
});
