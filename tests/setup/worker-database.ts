import { copyFileSync, existsSync, rmSync } from "node:fs";
import path from "node:path";
import { BASE_DB, TMP } from "./paths";

// a real sqlite file per worker, copied from the migrated base. tests in one worker share
// it, so they create their own rows (unique emails) rather than expect an empty database.
const id = process.env.VITEST_POOL_ID ?? "0";
const file = path.join(TMP, `worker-${id}.db`);
const marker = `${file}:${process.pid}`;

if (process.env.__TEST_DB !== marker) {
  for (const suffix of ["", "-wal", "-shm"]) rmSync(file + suffix, { force: true });
  if (!existsSync(BASE_DB)) throw new Error("the migrated base database is missing (global setup)");
  copyFileSync(BASE_DB, file);
  process.env.__TEST_DB = marker;
}

process.env.NODE_ENV = "test";
process.env.DATABASE_URL = `file:${file}`;
process.env.OUTBOX_DIR = path.join(TMP, `outbox-${id}`);
process.env.LOG_LEVEL = "silent";
process.env.ISSUER_KEYS_DIR = path.join(TMP, `keys-${id}`);
// imported scorm packages go to the worker's own store, never the development one
process.env.SCORM_STORE_DIR ??= path.join(TMP, `scorm-${id}`);

// what the server bundle connects at start-up (course completion -> certificate). it loads no
// other app module, so a test file may still set its own environment before importing any
await import("~/wiring.server");
