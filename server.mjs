// production entry: listens with the app built into build/index.js. `npm start` runs
// scripts/start.mjs, which builds, migrates and seeds first, then imports this file.
import path from "node:path";
import { pathToFileURL } from "node:url";

const root = import.meta.dirname;
// React's production build, always (`npm run serve` without scripts/start.mjs too)
process.env.NODE_ENV = "production";
const build = await import(pathToFileURL(path.join(root, "build", "index.js")).href);
const {
  createServerApp,
  createContentApp,
  flushAudits,
  prepareDatabase,
  getEnv,
  logger,
  reminderIntervalDays,
  sendOverdueReminders,
} = build.entry.module;

let env;
try {
  env = getEnv();
  reminderIntervalDays();
} catch (error) {
  console.error(error.message);
  process.exit(1);
}
await prepareDatabase();
const app = createServerApp(build, path.join(root, "public"));
const server = env.HOST ? app.listen(env.PORT, env.HOST) : app.listen(env.PORT);
// uploaded scorm content is served on its own origin (CONTENT_ORIGIN); in development that is
// a second port of this process
const contentApp = createContentApp();
const contentServer = env.HOST
  ? contentApp.listen(env.CONTENT_PORT, env.HOST)
  : contentApp.listen(env.CONTENT_PORT);
contentServer.on("error", (error) => {
  logger.fatal({ err: error }, "could not start the content origin");
  process.exit(1);
});
server.on("listening", () => {
  logger.info({ url: env.APP_URL, port: env.PORT }, "mentor training platform listening");
  console.log(`\n  Mentor training is running at ${env.APP_URL}\n`);
});
server.on("error", (error) => {
  logger.fatal({ err: error }, "could not start the server");
  process.exit(1);
});
// overdue reminders: a daily job. each enrolment is claimed before its email goes, so several
// instances (or `npm run reminders` at the same time) never send one twice.
async function reminders() {
  try {
    // sendOverdueReminders logs its own summary
    await sendOverdueReminders();
  } catch (error) {
    logger.error({ err: error }, "overdue reminders failed");
  }
}
const reminderTimer = process.env.REMINDERS === "off" ? null : setInterval(reminders, 24 * 3600_000);
reminderTimer?.unref();
if (reminderTimer) server.once("listening", () => void reminders());

for (const signal of ["SIGINT", "SIGTERM"]) {
  process.once(signal, () => {
    if (reminderTimer) clearInterval(reminderTimer);
    contentServer.close();
    // batched audit rows (verify lookups) are written before the process goes
    server.close(() => void flushAudits().finally(() => process.exit(0)));
  });
}
