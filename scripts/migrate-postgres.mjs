// the postgresql migration runner (decision 026). prisma's js schema engine cannot run
// `migrate deploy` on postgresql (../shared/STACK.md), so this applies
// prisma/postgres/migrations itself:
//
// - a ledger table, "_app_migrations": each applied migration's name and sha-256;
// - a session advisory lock around the whole run, so instances starting together migrate once
//   (the others wait, then find nothing to do);
// - one transaction per migration: its sql and its ledger row commit together or not at all;
// - a database that has migrations this code does not know (newer code ran on it), or whose
//   applied migration differs from the file of the same name, is refused before anything runs.
//
// `node scripts/migrate-postgres.mjs` migrates DATABASE_URL; start.mjs, server.mjs and the tests
// import migratePostgres.
import { createHash } from "node:crypto";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import pg from "pg";

export const MIGRATIONS_DIR = path.resolve(import.meta.dirname, "..", "prisma", "postgres", "migrations");
/** any fixed 64-bit number, the same in every instance of this application */
const LOCK_KEY = 7_362_019_445_120_381n;

export class MigrationRefused extends Error {}

/** the migrations in the code, oldest first: name, sql, sha-256 */
export function knownMigrations(dir = MIGRATIONS_DIR) {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((d) => /^\d{14}_[a-z0-9_]+$/.test(d))
    .sort()
    .map((name) => {
      const sql = readFileSync(path.join(dir, name, "migration.sql"), "utf8");
      return { name, sql, checksum: createHash("sha256").update(sql).digest("hex") };
    });
}

/**
 * brings the database up to the code's migrations. returns the names applied now (empty when
 * it was already up to date). throws MigrationRefused when the database is ahead of the code or
 * an applied migration was changed.
 */
export async function migratePostgres(url, { dir = MIGRATIONS_DIR, log = () => {} } = {}) {
  const known = knownMigrations(dir);
  if (known.length === 0) throw new Error(`no postgresql migrations in ${dir}`);
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query("SELECT pg_advisory_lock($1)", [LOCK_KEY.toString()]);
    try {
      await client.query(`CREATE TABLE IF NOT EXISTS "_app_migrations" (
        "name" TEXT PRIMARY KEY,
        "checksum" TEXT NOT NULL,
        "appliedAt" TIMESTAMPTZ NOT NULL DEFAULT now()
      )`);
      const { rows } = await client.query(`SELECT "name", "checksum" FROM "_app_migrations" ORDER BY "name"`);
      const byName = new Map(known.map((m) => [m.name, m]));
      const unknown = rows.filter((r) => !byName.has(r.name)).map((r) => r.name);
      if (unknown.length > 0) {
        throw new MigrationRefused(
          `The database has migrations this version of the code does not have (${unknown.join(", ")}): newer code has run on it. Deploy that version or newer.`,
        );
      }
      const changed = rows.filter((r) => byName.get(r.name).checksum !== r.checksum).map((r) => r.name);
      if (changed.length > 0) {
        throw new MigrationRefused(
          `Migrations already applied to the database differ from the files of the same name (${changed.join(", ")}). Applied migrations must never be edited; add a new one.`,
        );
      }
      const done = new Set(rows.map((r) => r.name));
      const applied = [];
      for (const m of known) {
        if (done.has(m.name)) continue;
        await client.query("BEGIN");
        try {
          await client.query(m.sql);
          await client.query(`INSERT INTO "_app_migrations" ("name", "checksum") VALUES ($1, $2)`, [
            m.name,
            m.checksum,
          ]);
          await client.query("COMMIT");
        } catch (error) {
          await client.query("ROLLBACK");
          throw new Error(`migration ${m.name} failed, and nothing of it was applied: ${error.message}`, {
            cause: error,
          });
        }
        applied.push(m.name);
        log(`applied ${m.name}`);
      }
      return applied;
    } finally {
      await client.query("SELECT pg_advisory_unlock($1)", [LOCK_KEY.toString()]).catch(() => {});
    }
  } finally {
    await client.end();
  }
}

export const isPostgresUrl = (url) => /^postgres(ql)?:\/\//.test(url ?? "");

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  const url = process.env.DATABASE_URL;
  if (!isPostgresUrl(url)) {
    console.error("DATABASE_URL must be a postgresql:// URL (SQLite migrates with `npm run db:migrate`)");
    process.exit(2);
  }
  try {
    const applied = await migratePostgres(url, { log: (line) => console.log(line) });
    console.log(
      applied.length ? `${applied.length} migrations have been applied` : "No pending migrations to apply.",
    );
  } catch (error) {
    console.error(error.message);
    process.exit(1);
  }
}
