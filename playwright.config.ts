import path from "node:path";
import { defineConfig } from "@playwright/test";

// end-to-end tests drive Debian's chromium against the production build served by the real
// server (scripts/e2e-server.mjs) on its own sqlite file. fixtures in the test process write
// to the same database through the app's data layer.
const PORT = Number(process.env.E2E_PORT ?? 3100);
const baseURL = `http://localhost:${PORT}`;
const tmp = path.resolve(import.meta.dirname, "tests", ".tmp");

const serverEnv = {
  NODE_ENV: "test",
  PORT: String(PORT),
  APP_URL: baseURL,
  DATABASE_URL: `file:${path.join(tmp, "e2e.db")}`,
  OUTBOX_DIR: path.join(tmp, "e2e-outbox"),
  COURSES_DIR: path.join(tmp, "e2e-courses"),
  ISSUER_KEYS_DIR: path.join(tmp, "e2e-keys"),
  // the content origin (uploaded scorm packages) is another host and port of the same server
  CONTENT_PORT: String(PORT + 1),
  CONTENT_ORIGIN: `http://127.0.0.1:${PORT + 1}`,
  SCORM_STORE_DIR: path.join(tmp, "e2e-scorm"),
  // every test shares 127.0.0.1; the per-ip limit itself is tested in vitest
  VERIFY_MAX_PER_MINUTE: "10000",
  REGISTER_MAX_PER_HOUR: "10000",
  // the browser tests click through lessons at once; the reading-time floor is tested in vitest
  // (app/activities/lesson/lesson.test.ts)
  LESSON_MIN_READ_FRACTION: "0",
  // and quizzes and role-play replies at once; their floor is tested in vitest
  // (app/activities/quiz/quiz-timing.test.ts, app/activities/roleplay/attempts.test.ts)
  ANSWER_READING_WPM: "0",
  LOG_LEVEL: "warn",
};
// the test workers load this file too: they share the server's settings
Object.assign(process.env, serverEnv);

export const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";

export default defineConfig({
  testDir: "tests/e2e",
  fullyParallel: true,
  workers: 2,
  retries: 0,
  timeout: 60_000,
  expect: { timeout: 5_000 },
  forbidOnly: Boolean(process.env.CI),
  use: {
    baseURL,
    trace: "retain-on-failure",
    launchOptions: {
      executablePath: CHROMIUM,
      args: [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
      ],
    },
  },
  webServer: {
    command: "node scripts/e2e-server.mjs",
    url: `${baseURL}/healthz`,
    reuseExistingServer: false,
    timeout: 180_000,
    env: serverEnv,
    stdout: "ignore",
    stderr: "pipe",
  },
});
