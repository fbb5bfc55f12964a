#!/usr/bin/env node
// development only: delete the database, migrate and seed again.
import { spawnSync } from "node:child_process";
import { existsSync, rmSync } from "node:fs";
import path from "node:path";

const root = path.resolve(import.meta.dirname, "..");
process.chdir(root);
if (existsSync(".env")) process.loadEnvFile(".env");
if (process.env.NODE_ENV === "production") {
  console.error("db:reset refuses to run with NODE_ENV=production");
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
