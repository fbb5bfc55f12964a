// production entry: listens with the app built into build/index.js. `npm start` runs
// scripts/start.mjs, which builds, migrates and seeds first, then imports this file.
//
// the primary does the start-up work and checks the background jobs; it serves nothing itself.
// WEB_CONCURRENCY worker processes serve (one per core by default), sharing the ports through
// node:cluster, each with its own database connection. the primary
// replaces a worker that dies, so a worker can also stop on purpose (a database connection
// left stuck by a storage fault) and come back fresh.
import cluster from "node:cluster";
import os from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";

const root = import.meta.dirname;
// React's production build, always (`npm run serve` without scripts/start.mjs too)
process.env.NODE_ENV = "production";
const build = await import(pathToFileURL(path.join(root, "build", "index.js")).href);
const {
  createServerApp,
  createContentApp,
  flushBuffers,
  prepareDatabase,
  prepareIssuerKey,
  getEnv,
  logger,
  peerStorageFault,
  STORAGE_FAULT_MESSAGE,
  reminderIntervalDays,
  startJobScheduler,
} = build.entry.module;

let env;
try {
  env = getEnv();
  reminderIntervalDays();
} catch (error) {
  console.error(error.message);
  process.exit(1);
}
// on sqlite the workers share the file and take turns to write (transactions begin immediate,
// app/db.server.ts)
const workers = env.WEB_CONCURRENCY ?? os.availableParallelism();
await prepareDatabase();

if (cluster.isPrimary) {
  // once, before anyone serves: the signing key (made on first use when ISSUER_KEY is unset)
  try {
    await prepareIssuerKey();
  } catch (error) {
    // a setting to fix (the database's key is not in this instance's ISSUER_KEYS_DIR): one line
    console.error(`\n  The server cannot start: ${error.message}\n`);
    process.exit(1);
  }
  supervise();
  // background jobs (overdue reminders): each runs on one instance when due, whichever takes
  // its lease first (app/jobs/, decision 027)
  startJobScheduler({ checkEveryMs: env.JOB_CHECK_SECONDS * 1000 });
} else {
  // a worker whose primary has gone (killed, crashed) stops too, freeing the port
  process.on("disconnect", () => process.exit(0));
  // another worker found the database cannot take writes
  process.on("message", peerStorageFault);
  serve();
}

/** a worker: serves both origins */
function serve() {
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
  server.on("error", (error) => {
    logger.fatal({ err: error }, "could not start the server");
    process.exit(1);
  });
  for (const signal of ["SIGINT", "SIGTERM"]) {
    process.once(signal, () => {
      contentServer.close();
      // batched audit rows and rate-limit events are written before the process goes
      server.close(() => void flushBuffers().finally(() => process.exit(0)));
      // keep-alive connections would hold close() open: end them once in-flight requests finish
      server.closeIdleConnections?.();
    });
  }
}

/** the primary: forks the workers, replaces one that dies, stops them all on a signal */
function supervise() {
  // a heap limit per worker: without one V8 sizes the heap from the machine's memory and
  // collects lazily, so a busy worker held 390 MB where its live data was under 100 MB
  const heap = env.WORKER_HEAP_MB ? [`--max-old-space-size=${env.WORKER_HEAP_MB}`] : [];
  cluster.setupPrimary({ exec: path.join(root, "server.mjs"), execArgv: [...process.execArgv, ...heap] });
  let stopping = false;
  const recentDeaths = [];
  const listening = new Set();
  let announced = false;
  const fork = () => {
    const worker = cluster.fork();
    worker.on("listening", () => {
      listening.add(worker.id);
      if (!announced && listening.size === workers) {
        announced = true;
        logger.info({ url: env.APP_URL, port: env.PORT, workers }, "mentor training platform listening");
        console.log(
          `\n  Mentor training is running at ${env.APP_URL}${workers > 1 ? ` (${workers} workers)` : ""}\n`,
        );
      }
    });
  };
  for (let i = 0; i < workers; i++) fork();
  // a worker that finds the database cannot take writes tells the others, through here
  cluster.on("message", (from, message) => {
    if (message?.type !== STORAGE_FAULT_MESSAGE) return;
    for (const worker of Object.values(cluster.workers ?? {})) if (worker && worker !== from) worker.send(message);
  });
  cluster.on("exit", (worker, code, signal) => {
    if (stopping) {
      if (Object.keys(cluster.workers ?? {}).length === 0) process.exit(0);
      return;
    }
    logger.error({ pid: worker.process.pid, code, signal }, "a server worker stopped; starting another");
    // a worker that keeps dying at start (a bad setting, a broken build) stops the server
    const now = Date.now();
    recentDeaths.push(now);
    while (recentDeaths.length && recentDeaths[0] < now - 60_000) recentDeaths.shift();
    if (recentDeaths.length > workers * 3) {
      logger.fatal("server workers keep stopping; giving up");
      process.exit(1);
    }
    fork();
  });
  for (const signal of ["SIGINT", "SIGTERM"]) {
    process.once(signal, () => {
      stopping = true;
      for (const worker of Object.values(cluster.workers ?? {})) worker?.process.kill("SIGTERM");
      // a worker that does not finish within 10 s is stopped
      setTimeout(() => process.exit(1), 10_000).unref();
    });
  }
}
