#!/usr/bin/env node
// the server for playwright: a fresh database and outbox each run, then the normal start
// (build if stale, migrate, seed, serve).
import { cpSync, rmSync } from "node:fs";
import path from "node:path";

const db = (process.env.DATABASE_URL ?? "").replace(/^file:/, "");
if (!db.includes(`${path.sep}tests${path.sep}.tmp${path.sep}`)) {
  console.error("e2e-server: DATABASE_URL must point into tests/.tmp (refusing to delete anything else)");
  process.exit(1);
}
for (const suffix of ["", "-wal", "-shm"]) rmSync(db + suffix, { force: true });
for (const dir of [process.env.OUTBOX_DIR, process.env.SCORM_STORE_DIR]) {
  if (dir) rmSync(dir, { recursive: true, force: true });
}

// the real courses and the test fixture course, side by side
if (process.env.COURSES_DIR) {
  const dir = path.resolve(process.env.COURSES_DIR);
  rmSync(dir, { recursive: true, force: true });
  for (const source of ["courses", "tests/fixtures/courses/valid"]) cpSync(source, dir, { recursive: true });
}

await import("./start.mjs");
