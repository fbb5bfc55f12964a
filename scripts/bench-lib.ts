// what both benchmarks share: a freshly migrated sqlite file of their own, the machine facts
// and where the results go. import nothing from the app here: the database url must be set
// before the app's modules load.
import { spawnSync } from "node:child_process";
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";

export const root = path.resolve(import.meta.dirname, "..");

// the database the bench was asked to run on: `DATABASE_URL=postgresql://… npm run bench` runs it
// on that postgresql server; otherwise sqlite files. read when this module loads, before
// freshBenchDatabase sets DATABASE_URL to the bench's own database.
const requestedUrl = process.env.DATABASE_URL ?? "";
export const benchDatabase: "sqlite" | "postgresql" = /^postgres(ql)?:\/\//.test(requestedUrl)
  ? "postgresql"
  : "sqlite";
/** a file name prefix for results, so both databases keep their own latest results */
export const resultPrefix = (prefix: string) =>
  benchDatabase === "postgresql" ? `postgresql-${prefix}` : prefix;

/**
 * an empty, migrated database of the bench's own, set as DATABASE_URL, and a folder under
 * tests/.tmp/<name>/ for everything else. on postgresql it is a database on the server
 * DATABASE_URL names, `<its database>_<name>`, dropped and made again (the role needs
 * CREATEDB); the named database itself is never touched, and need not exist. `sqlite: true` keeps to sqlite whatever was asked
 * (the crash soak, which kills sqlite under writes).
 */
export async function freshBenchDatabase(
  name: string,
  options: { sqlite?: boolean } = {},
): Promise<{ url: string; dir: string; file?: string }> {
  const dir = path.join(root, "tests", ".tmp", name);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  process.env.LOG_LEVEL = "silent";
  if (benchDatabase === "postgresql" && !options.sqlite) {
    const pg = (await import("pg")).default;
    const { migratePostgres } = await import("./migrate-postgres.mjs");
    const base = new URL(requestedUrl);
    const database = `${base.pathname.slice(1) || "postgres"}_${name.replace(/[^a-z0-9]/gi, "_")}`;
    // created from the server's maintenance database: the named one need not exist
    const maintenance = new URL(requestedUrl);
    maintenance.pathname = "/postgres";
    const admin = new pg.Client({ connectionString: maintenance.toString() });
    await admin.connect();
    try {
      await admin.query(`DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`);
      await admin.query(`CREATE DATABASE "${database}"`);
    } finally {
      await admin.end();
    }
    const url = new URL(requestedUrl);
    url.pathname = `/${database}`;
    await migratePostgres(url.toString());
    process.env.DATABASE_URL = url.toString();
    return { url: url.toString(), dir };
  }
  const file = path.join(dir, `${name}.db`);
  process.env.DATABASE_URL = `file:${file}`;
  const migrate = spawnSync(path.join(root, "node_modules", ".bin", "prisma"), ["migrate", "deploy"], {
    cwd: root,
    env: process.env,
    encoding: "utf8",
  });
  if (migrate.status !== 0) throw new Error(migrate.stderr);
  return { url: process.env.DATABASE_URL, dir, file };
}

export function machine() {
  return {
    database: benchDatabase,
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
