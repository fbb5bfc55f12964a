import { copyFileSync, existsSync, rmSync } from "node:fs";
import path from "node:path";
import { inject } from "vitest";
import { BASE_DB, TMP } from "./paths";

// a real database per worker: on sqlite a file copied from the migrated base, on postgresql (the
// suite's second pass, TEST_DATABASE=postgresql) a database copied from the migrated template.
// tests in one worker share it, so they create their own rows (unique emails) rather than expect
// an empty database.
const id = process.env.VITEST_POOL_ID ?? "0";
const onPostgres = process.env.TEST_DATABASE === "postgresql";
const tag = onPostgres ? `pg-${id}` : id;
const marker = `${tag}:${process.pid}`;

if (onPostgres) {
  if (process.env.__TEST_DB !== marker) {
    const { server, template } = inject("postgres");
    const name = `worker_${id}_${process.pid}`;
    const pg = (await import("pg")).default;
    const client = new pg.Client({ connectionString: `${server}/postgres` });
    await client.connect();
    try {
      // workers copy the template at once; postgresql refuses a copy while another is reading it
      for (let attempt = 0; ; attempt++) {
        try {
          await client.query(`CREATE DATABASE "${name}" TEMPLATE "${template}"`);
          break;
        } catch (error) {
          if (attempt > 50 || !/being accessed by other users/.test(String(error))) throw error;
          await new Promise((r) => setTimeout(r, 50 + Math.random() * 100));
        }
      }
    } finally {
      await client.end();
    }
    process.env.__TEST_DB = marker;
  }
  // set for every file, not only the first in this process: a file may point it elsewhere
  process.env.DATABASE_URL = `${inject("postgres").server}/worker_${id}_${process.pid}`;
} else {
  const file = path.join(TMP, `worker-${id}.db`);
  if (process.env.__TEST_DB !== marker) {
    for (const suffix of ["", "-wal", "-shm"]) rmSync(file + suffix, { force: true });
    if (!existsSync(BASE_DB)) throw new Error("the migrated base database is missing (global setup)");
    copyFileSync(BASE_DB, file);
    process.env.__TEST_DB = marker;
  }
  process.env.DATABASE_URL = `file:${file}`;
}

process.env.NODE_ENV = "test";
process.env.OUTBOX_DIR = path.join(TMP, `outbox-${tag}`);
process.env.LOG_LEVEL = "silent";
process.env.ISSUER_KEYS_DIR = path.join(TMP, `keys-${tag}`);
// imported scorm packages go to the worker's own store, never the development one
process.env.SCORM_STORE_DIR ??= path.join(TMP, `scorm-${tag}`);

// what the server bundle connects at start-up (course completion -> certificate). it loads no
// other app module, so a test file may still set its own environment before importing any
await import("~/wiring.server");
