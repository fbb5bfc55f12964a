// what both benchmarks share: a freshly migrated sqlite file of their own, the machine facts
// and where the results go. import nothing from the app here: the database url must be set
// before the app's modules load.
import { spawnSync } from "node:child_process";
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";

export const root = path.resolve(import.meta.dirname, "..");

/** an empty, migrated database under tests/.tmp/<name>/, set as DATABASE_URL */
export function freshBenchDatabase(name: string): string {
  const tmp = path.join(root, "tests", ".tmp", name);
  rmSync(tmp, { recursive: true, force: true });
  mkdirSync(tmp, { recursive: true });
  const db = path.join(tmp, `${name}.db`);
  process.env.DATABASE_URL = `file:${db}`;
  process.env.LOG_LEVEL = "silent";
  const migrate = spawnSync(path.join(root, "node_modules", ".bin", "prisma"), ["migrate", "deploy"], {
    cwd: root,
    env: process.env,
    encoding: "utf8",
  });
  if (migrate.status !== 0) throw new Error(migrate.stderr);
  return db;
}

export function machine() {
  return {
    cpus: os.cpus().length,
    model: os.cpus()[0]?.model ?? "unknown",
    memoryGiB: Math.round(os.totalmem() / 2 ** 30),
    node: process.version,
  };
}

/** writes bench/results/<prefix><date>.json and <prefix>latest.json */
export function saveResults(prefix: string, report: { date: string }) {
  const outDir = path.join(root, "bench", "results");
  mkdirSync(outDir, { recursive: true });
  const file = path.join(outDir, `${prefix}${report.date.slice(0, 10)}.json`);
  const text = JSON.stringify(report, null, 2) + "\n";
  writeFileSync(file, text);
  writeFileSync(path.join(outDir, `${prefix}latest.json`), text);
  console.log(`\nsaved ${path.relative(root, file)} and bench/results/${prefix}latest.json`);
}
