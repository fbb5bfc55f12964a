import { spawnSync } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { knownMigrations, migratePostgres, MigrationRefused } from "../../scripts/migrate-postgres.mjs";
import { postgresBin, startTestPostgres } from "../../scripts/postgres-test-server.mjs";
import { ROOT, TMP } from "../setup/paths";

// the postgresql migration runner against a real postgresql server of its own (decision 026).
// without postgresql installed the suite is skipped, and says so.

const available = postgresBin() !== null;
if (!available)
  console.warn("\n  SKIPPED: PostgreSQL is not installed, so the PostgreSQL migration tests did not run\n");

type Server = Awaited<ReturnType<typeof startTestPostgres>>;
let server: Server;
let n = 0;
const freshDatabase = () => server.createDatabase(`migrations_${process.pid}_${++n}`);

async function query<T extends pg.QueryResultRow>(url: string, sql: string, params: unknown[] = []) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<T>(sql, params)).rows;
  } finally {
    await client.end();
  }
}

/** tables, columns (type, null, default) and indexes: what a schema is, to compare two */
async function shape(url: string) {
  const columns = await query(
    url,
    `SELECT table_name, column_name, data_type, is_nullable, column_default
     FROM information_schema.columns WHERE table_schema = 'public' AND table_name <> '_app_migrations'
     ORDER BY table_name, column_name`,
  );
  const indexes = await query(
    url,
    `SELECT tablename, indexname, indexdef FROM pg_indexes
     WHERE schemaname = 'public' AND tablename <> '_app_migrations' ORDER BY tablename, indexname`,
  );
  const constraints = await query(
    url,
    `SELECT conrelid::regclass::text AS "table", conname, pg_get_constraintdef(oid) AS def
     FROM pg_constraint WHERE connamespace = 'public'::regnamespace
       AND conrelid::regclass::text <> '_app_migrations' ORDER BY 1, 2`,
  );
  return { columns, indexes, constraints };
}

describe.skipIf(!available)("postgresql migrations", () => {
  beforeAll(async () => {
    server = await startTestPostgres("mentor-pg-migrations");
  }, 60_000);

  afterAll(() => server?.stop());

  it("applies every migration once, records each in the ledger, and finds nothing to do the second time", async () => {
    const url = await freshDatabase();
    const known = knownMigrations();
    expect(await migratePostgres(url)).toEqual(known.map((m) => m.name));
    const ledger = await query<{ name: string; checksum: string }>(
      url,
      `SELECT "name", "checksum" FROM "_app_migrations" ORDER BY "name"`,
    );
    expect(ledger).toEqual(known.map((m) => ({ name: m.name, checksum: m.checksum })));
    expect(await migratePostgres(url)).toEqual([]);
    // the schema is there: a user can be written
    await query(
      url,
      `INSERT INTO "User" ("id", "email", "name", "passwordHash", "updatedAt") VALUES ('u1', 'a@b.test', 'Dr A', 'x', now())`,
    );
  });

  it("the migrations give exactly the schema that schema.prisma describes (no drift)", async () => {
    const migrated = await freshDatabase();
    await migratePostgres(migrated);
    const direct = await freshDatabase();
    const r = spawnSync(
      path.join(ROOT, "node_modules", ".bin", "prisma"),
      [
        "migrate",
        "diff",
        "--from-empty",
        "--to-schema-datamodel",
        "prisma/postgres/schema.prisma",
        "--script",
      ],
      {
        cwd: ROOT,
        encoding: "utf8",
        env: { ...process.env, DATABASE_URL: `file:${path.join(TMP, "drift.db")}` },
      },
    );
    expect(r.status, r.stderr).toBe(0);
    await query(direct, r.stdout.slice(r.stdout.search(/^(--|CREATE)/m)));
    expect(await shape(migrated)).toEqual(await shape(direct));
  });

  it("two instances starting together migrate once: the second waits for the lock, then has nothing to do", async () => {
    const url = await freshDatabase();
    const [a, b] = await Promise.all([migratePostgres(url), migratePostgres(url)]);
    expect([...a, ...b]).toEqual(knownMigrations().map((m) => m.name));
    const rows = await query<{ count: string }>(url, `SELECT COUNT(*) AS count FROM "_app_migrations"`);
    expect(Number(rows[0]?.count)).toBe(knownMigrations().length);
  });

  it("refuses a database that newer code has migrated, before changing anything", async () => {
    const url = await freshDatabase();
    await migratePostgres(url);
    await query(
      url,
      `INSERT INTO "_app_migrations" ("name", "checksum") VALUES ('29991231000000_from_the_future', 'x')`,
    );
    await expect(migratePostgres(url)).rejects.toThrow(MigrationRefused);
    await expect(migratePostgres(url)).rejects.toThrow(/29991231000000_from_the_future.*newer code/);
  });

  it("refuses when an applied migration's file has been edited since", async () => {
    const url = await freshDatabase();
    await migratePostgres(url);
    const first = knownMigrations()[0]!.name;
    await query(url, `UPDATE "_app_migrations" SET "checksum" = 'edited' WHERE "name" = $1`, [first]);
    await expect(migratePostgres(url)).rejects.toThrow(/must never be edited/);
  });

  it("a migration that fails leaves nothing of itself behind, and the ones before it stay applied", async () => {
    const url = await freshDatabase();
    const dir = path.join(TMP, `pg-migrations-${process.pid}`);
    const write = (name: string, sql: string) => {
      mkdirSync(path.join(dir, name), { recursive: true });
      writeFileSync(path.join(dir, name, "migration.sql"), sql);
    };
    write("20260101000000_one", `CREATE TABLE "One" ("id" TEXT PRIMARY KEY);`);
    write("20260102000000_two", `CREATE TABLE "Two" ("id" TEXT PRIMARY KEY); SELECT no_such_function();`);
    await expect(migratePostgres(url, { dir })).rejects.toThrow(
      /20260102000000_two failed, and nothing of it was applied/,
    );
    const tables = await query<{ table_name: string }>(
      url,
      `SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' ORDER BY 1`,
    );
    expect(tables.map((t) => t.table_name)).toEqual(["One", "_app_migrations"]);
    const ledger = await query<{ name: string }>(url, `SELECT "name" FROM "_app_migrations"`);
    expect(ledger.map((l) => l.name)).toEqual(["20260101000000_one"]);
  });
});
