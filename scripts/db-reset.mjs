#!/usr/bin/env node
// development only: delete the database, migrate and seed again.
import { spawnSync } from "node:child_process";
import { existsSync, rmSync } from "node:fs";
import path from "node:path";

const root = path.resolve(import.meta.dirname, "..");
process.chdir(root);
if (existsSync(".env")) process.loadEnvFile(".env");
// the same rule as DEMO_DATA's default (app/env.server.ts): only a database on this machine's
// own demo, never one that serves others
const appUrl = new URL(process.env.APP_URL || "http://localhost");
const demo = process.env.DEMO_DATA
  ? /^(true|1|yes)$/.test(process.env.DEMO_DATA)
  : appUrl.protocol === "http:" &&
    (["localhost", "127.0.0.1", "[::1]"].includes(appUrl.hostname) || appUrl.hostname.endsWith(".localhost"));
if (!demo) {
  console.error(`db:reset refuses to run: DEMO_DATA is off (APP_URL is ${appUrl.origin})`);
  process.exit(1);
}
const url = process.env.DATABASE_URL ?? "file:./data/app.db";
const file = path.resolve(url.replace(/^file:/, ""));
for (const suffix of ["", "-wal", "-shm"]) rmSync(file + suffix, { force: true });
for (const [cmd, args] of [
  ["prisma", ["migrate", "deploy"]],
  ["tsx", ["prisma/seed.ts"]],
]) {
  const r = spawnSync(path.join(root, "node_modules", ".bin", cmd), args, {
    stdio: "inherit",
    env: { ...process.env, DATABASE_URL: url },
  });
  if (r.status !== 0) process.exit(r.status ?? 1);
}
console.log(`reset ${path.relative(root, file)}`);
