import { spawnSync } from "node:child_process";
import { mkdirSync, rmSync } from "node:fs";
import path from "node:path";
import { BASE_DB, ROOT, TMP } from "./paths";

// one migrated database per run; each worker copies it (tests/setup/worker-database.ts)
export default function setup() {
  mkdirSync(TMP, { recursive: true });
  for (const suffix of ["", "-wal", "-shm"]) rmSync(BASE_DB + suffix, { force: true });
  const r = spawnSync(path.join(ROOT, "node_modules", ".bin", "prisma"), ["migrate", "deploy"], {
    cwd: ROOT,
    env: { ...process.env, DATABASE_URL: `file:${BASE_DB}` },
    encoding: "utf8",
  });
  if (r.status !== 0) throw new Error(`migrating the test database failed:\n${r.stdout}\n${r.stderr}`);
}
