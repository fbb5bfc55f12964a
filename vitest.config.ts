import path from "node:path";
import { defineConfig } from "vitest/config";
import { postgresBin } from "./scripts/postgres-test-server.mjs";

const include = [
  "app/**/*.test.{ts,tsx}",
  "prisma/**/*.test.ts",
  "tests/integration/**/*.test.ts",
  "scripts/**/*.test.ts",
  "tests/scorm-harness/**/*.test.ts",
];

// the suite runs twice: on sqlite (every test), then the tests that use the database again on
// postgresql, a throwaway server started for the run (decision 026). without postgresql
// installed the second pass is left out, and `npm test`'s summary says so.
const sqliteOnly = [
  // the sqlite adapter's own transaction handling, and sqlite's ways of refusing writes
  "tests/integration/sqlite-adapter.test.ts",
  "app/server/storage.test.ts",
  // starts its own postgresql servers
  "tests/integration/postgres-migrations.test.ts",
];
// start app instances on their own postgresql database
const postgresOnly = ["tests/integration/instances.test.ts"];
// tests that never touch the database gain nothing from a second run
const withoutDatabase = [
  "app/certificates/code.test.ts",
  "app/server/hosts.test.ts",
  "app/server/security.test.ts",
  "app/logger.server.test.ts",
  "app/auth/validation.test.ts",
  "app/auth/devices.test.ts",
  "app/scorm/zip.server.test.ts",
  "app/scorm/manifest.test.ts",
  "app/scorm/cmi.test.ts",
  "app/scorm/attachment-merge.test.ts",
  "app/courses/markdown.server.test.ts",
  "app/courses/estimates.test.ts",
  "app/courses/loader.server.test.ts",
  "app/activities/scorm/player-messages.test.ts",
  "app/activities/quiz/grading.test.ts",
  "app/activities/quiz/item-checks.test.ts",
  "app/activities/roleplay/assess.test.ts",
  "app/activities/roleplay/scenario.test.ts",
  "app/organisations/workspace.test.ts",
  "app/env.server.test.ts",
  "app/utils/http.server.test.ts",
  "app/utils/forms.test.ts",
  "app/utils/dates.test.ts",
  "app/mentoring/match.test.ts",
  "tests/integration/course-content.test.ts",
  "app/utils/sha256.test.ts",
  "app/activities/quiz/present.test.ts",
  "app/scorm/export/state.test.ts",
  "app/scorm/export/player/engine.test.ts",
  "app/scorm/export/player/lms.test.ts",
  "tests/scorm-harness/strict-api.test.ts",
];

export default defineConfig({
  resolve: { alias: { "~": path.resolve(import.meta.dirname, "app") } },
  test: {
    pool: "forks",
    testTimeout: 20_000,
    hookTimeout: 60_000,
    projects: [
      {
        extends: true,
        test: {
          name: "sqlite",
          include,
          exclude: ["**/node_modules/**", ...postgresOnly],
          globalSetup: ["tests/setup/global-setup.ts"],
          setupFiles: ["tests/setup/worker-database.ts"],
        },
      },
      ...(postgresBin() && process.env.TEST_POSTGRES !== "0"
        ? [
            {
              extends: true as const,
              test: {
                name: "postgresql",
                include,
                exclude: ["**/node_modules/**", ...sqliteOnly, ...withoutDatabase],
                env: { TEST_DATABASE: "postgresql" },
                globalSetup: ["tests/setup/global-setup-postgres.ts"],
                setupFiles: ["tests/setup/worker-database.ts"],
              },
            },
          ]
        : []),
    ],
  },
});
