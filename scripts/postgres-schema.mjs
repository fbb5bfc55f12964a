#!/usr/bin/env node
// the postgresql schema and migrations, generated from the sqlite ones (prisma/schema.prisma is
// the one source of truth for the data model; decision 026).
//
//   node scripts/postgres-schema.mjs            writes prisma/postgres/schema.prisma and, when
//                                               the data model changed, the next postgresql
//                                               migration (the diff from the schema it
//                                               replaces, rendered by `prisma migrate diff`)
//   node scripts/postgres-schema.mjs --check    exits 1 when the committed postgresql schema or
//                                               migrations are not what schema.prisma gives
//   node scripts/postgres-schema.mjs --name=x   names the migration (default: the newest
//                                               sqlite migration's name, so the two match)
//
// migrate diff between two datamodels needs no database, so this runs anywhere.
import { spawnSync } from "node:child_process";
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";

const root = path.resolve(import.meta.dirname, "..");
const source = path.join(root, "prisma", "schema.prisma");
const target = path.join(root, "prisma", "postgres", "schema.prisma");
const migrationsDir = path.join(root, "prisma", "postgres", "migrations");
const sqliteMigrations = path.join(root, "prisma", "migrations");
const prismaBin = path.join(root, "node_modules", ".bin", "prisma");
const check = process.argv.includes("--check");
const named = process.argv.find((a) => a.startsWith("--name="))?.slice("--name=".length);

const HEADER =
  "// GENERATED from prisma/schema.prisma by scripts/postgres-schema.mjs: do not edit.\n" +
  "// the postgresql client (app/generated/prisma-pg) and migrations come from this file.\n\n";

/** schema.prisma with the provider swapped and the client written beside the sqlite one */
export function postgresSchema(text) {
  const swapped = text
    .replace(/(datasource db \{[^}]*provider\s*=\s*)"sqlite"/, '$1"postgresql"')
    .replace(
      /(generator client \{[^}]*output\s*=\s*)"\.\.\/app\/generated\/prisma"/,
      '$1"../../app/generated/prisma-pg"',
    );
  if (!/provider\s*=\s*"postgresql"/.test(swapped) || !swapped.includes("prisma-pg"))
    throw new Error("schema.prisma no longer has the datasource or generator this script expects");
  return HEADER + swapped;
}

function diff(fromArgs, toPath) {
  const r = spawnSync(
    prismaBin,
    ["migrate", "diff", ...fromArgs, "--to-schema-datamodel", toPath, "--script"],
    {
      cwd: root,
      encoding: "utf8",
      // the config's adapter opens DATABASE_URL even for a diff of two files: a scratch sqlite
      env: { ...process.env, DATABASE_URL: `file:${path.join(tmpdir(), "postgres-schema-diff.db")}` },
    },
  );
  if (r.status !== 0) throw new Error(`prisma migrate diff failed:\n${r.stdout}\n${r.stderr}`);
  const sql = r.stdout.slice(Math.max(0, r.stdout.search(/^(--|CREATE|ALTER|DROP)/m)));
  return /This is an empty migration/.test(sql) || sql.trim() === "" ? null : sql;
}

const wanted = postgresSchema(readFileSync(source, "utf8"));
const current = existsSync(target) ? readFileSync(target, "utf8") : null;
const migrations = existsSync(migrationsDir)
  ? readdirSync(migrationsDir)
      .filter((d) => /^\d{14}_/.test(d))
      .sort()
  : [];

if (check) {
  const problems = [];
  if (current !== wanted)
    problems.push("prisma/postgres/schema.prisma is not what prisma/schema.prisma gives");
  if (migrations.length === 0) problems.push("prisma/postgres/migrations has no migrations");
  if (problems.length) {
    for (const p of problems) console.error(p);
    console.error("run: node scripts/postgres-schema.mjs");
    process.exit(1);
  }
  console.log(`postgresql schema in step with schema.prisma (${migrations.length} migrations)`);
  process.exit(0);
}

if (current === wanted && migrations.length > 0) {
  console.log("the postgresql schema is already in step: nothing to do");
  process.exit(0);
}

const scratch = mkdtempSync(path.join(tmpdir(), "pg-schema-"));
try {
  const next = path.join(scratch, "next.prisma");
  writeFileSync(next, wanted);
  let from = ["--from-empty"];
  if (current !== null && migrations.length > 0) {
    const prev = path.join(scratch, "prev.prisma");
    writeFileSync(prev, current);
    from = ["--from-schema-datamodel", prev];
  }
  const sql = diff(from, next);
  if (sql) {
    const latestSqlite = readdirSync(sqliteMigrations)
      .filter((d) => /^\d{14}_/.test(d))
      .sort()
      .at(-1);
    const name =
      named ?? (migrations.length === 0 ? "baseline" : (latestSqlite?.replace(/^\d{14}_/, "") ?? "change"));
    const stamp = new Date().toISOString().replace(/\D/g, "").slice(0, 14);
    const dir = path.join(migrationsDir, `${stamp}_${name}`);
    mkdirSync(dir, { recursive: true });
    writeFileSync(path.join(dir, "migration.sql"), sql);
    console.log(`created ${path.relative(root, dir)}/migration.sql`);
  }
  mkdirSync(path.dirname(target), { recursive: true });
  writeFileSync(target, wanted);
  console.log(`wrote ${path.relative(root, target)}`);
} finally {
  rmSync(scratch, { recursive: true, force: true });
}
