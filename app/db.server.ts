import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import { PrismaClient } from "./generated/prisma/client";
import { getEnv } from "./env.server";

// the one prisma client. sqlite specifics (pragmas) live here and nowhere else, so a move to
// postgresql swaps this file's adapter.
declare global {
  var __prisma: PrismaClient | undefined;
}

function create(url: string) {
  return new PrismaClient({
    // timeout = better-sqlite3's busy timeout (ms): wait for a writer instead of failing
    adapter: new PrismaBetterSQLite3({ url, timeout: 5000 }),
  });
}

export const prisma: PrismaClient = (globalThis.__prisma ??= create(getEnv().DATABASE_URL));

let prepared: Promise<void> | undefined;
/** wal journal (readers never block the writer), enforced foreign keys. idempotent. */
export function prepareDatabase(): Promise<void> {
  prepared ??= (async () => {
    await prisma.$queryRawUnsafe("PRAGMA journal_mode = WAL");
    await prisma.$executeRawUnsafe("PRAGMA foreign_keys = ON");
    await prisma.$queryRawUnsafe("PRAGMA synchronous = NORMAL");
  })();
  return prepared;
}
