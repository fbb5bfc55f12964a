#!/usr/bin/env node
// `npm start`: build when the sources are newer than the build, apply pending migrations,
// seed demo data (DEMO_DATA: by default only when APP_URL is this machine), then serve. every step says what went wrong in one
// line rather than a stack trace.
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync } from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { buildIsStale } from "./build-state.mjs";
import { isPostgresUrl } from "./migrate-postgres.mjs";

const root = path.resolve(import.meta.dirname, "..");
process.chdir(root);
if (existsSync(".env")) process.loadEnvFile(".env");
// the server always renders with React's production build, whatever the machine is for:
// demo data and secure cookies have their own settings (DEMO_DATA, SECURE_COOKIES)
process.env.NODE_ENV = "production";

const bin = (name) => path.join(root, "node_modules", ".bin", name);

// output is shown only when a step fails: prisma's cli is chatty
function step(label, command, args, env = {}) {
  const started = Date.now();
  const r = spawnSync(command, args, { encoding: "utf8", env: { ...process.env, ...env } });
  if (r.status !== 0) {
    process.stderr.write(`${r.stdout ?? ""}${r.stderr ?? ""}${r.error ? String(r.error) : ""}\n`);
    console.error(`\n  npm start stopped: ${label} failed (see above).\n`);
    process.exit(r.status ?? 1);
  }
  const summary = (r.stdout ?? "")
    .split("\n")
    .filter((l) => /^\s*(seed|courses):|migrations? (found|have been applied)|No pending/.test(l));
  console.log(
    `  ${label}: done in ${Date.now() - started} ms${summary.length ? ` (${summary.map((l) => l.trim()).join("; ")})` : ""}`,
  );
}

const buildFile = path.join(root, "build", "index.js");
const sourcesChanged = buildIsStale(root);
if (sourcesChanged) {
  step("vendor nhs.uk assets", process.execPath, ["scripts/vendor-assets.mjs"]);
  step("build", bin("remix"), ["build"]);
}

// validate the environment with the same code the server uses
const build = await import(pathToFileURL(buildFile).href);
let env;
try {
  env = build.entry.module.getEnv();
} catch (error) {
  console.error(`\n${error.message}\n`);
  process.exit(1);
}

if (isPostgresUrl(env.DATABASE_URL)) {
  // postgresql: the project's own runner (prisma's js engine cannot migrate it; decision 026)
  step("database migrations", process.execPath, ["scripts/migrate-postgres.mjs"], {
    DATABASE_URL: env.DATABASE_URL,
  });
} else {
  const dbFile = path.resolve(env.DATABASE_URL.replace(/^file:/, ""));
  mkdirSync(path.dirname(dbFile), { recursive: true });
  step("database migrations", bin("prisma"), ["migrate", "deploy"], { DATABASE_URL: env.DATABASE_URL });
}
// refuses to go on when any course file is invalid, with the full report
step("course content", bin("tsx"), ["scripts/courses.ts", "sync", "--quiet"], {
  DATABASE_URL: env.DATABASE_URL,
});
if (env.DEMO_DATA) {
  step("demo data", bin("tsx"), ["prisma/seed.ts"], { DATABASE_URL: env.DATABASE_URL });
}

await import(pathToFileURL(path.join(root, "server.mjs")).href);
