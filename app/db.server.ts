import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient } from "./generated/prisma/client";
import { PrismaClient as PostgresClient } from "./generated/prisma-pg/client";
import { getEnv } from "./env.server";

// the one prisma client, on sqlite (the embedded default) or postgresql (DATABASE_URL
// postgresql://…). sqlite specifics (pragmas, how transactions take the connection) live here
// and nowhere else. the app is typed against the sqlite client; the postgresql client is
// generated from the same data model and accepts everything it does (decision 026).
declare global {
  var __prisma: PrismaClient | undefined;
}

type Adapter = Awaited<ReturnType<PrismaBetterSQLite3["connect"]>>;
type Transaction = Awaited<ReturnType<Adapter["startTransaction"]>>;
type Query = Parameters<Adapter["queryRaw"]>[0];

const sql = (text: string): Query => ({ sql: text, args: [], argTypes: [] });

/**
 * prisma's better-sqlite3 adapter, with transactions that own the connection.
 *
 * the adapter has one connection per process, and prisma's own version lets other requests'
 * queries run on it while an interactive transaction is open between two of its statements:
 * they become part of that transaction, and vanish with it if it rolls back, after they were
 * acknowledged (tests/integration/sqlite-adapter.test.ts shows it). here a query outside the
 * transaction waits until the transaction ends.
 *
 * transactions begin IMMEDIATE, taking the write lock at the start: with several server
 * processes on one file, two deferred transactions that both read and then write deadlock
 * (SQLITE_BUSY at once, no waiting); immediate ones wait their turn. the wait is a retry with
 * short pauses, not sqlite's busy handler, which sleeps with the event loop blocked.
 *
 * a COMMIT that fails (disk full, read-only) is rolled back here and the connection released,
 * instead of leaving it inside the transaction for every later query to wait on.
 */
export class SerialisedSqlite {
  readonly provider = "sqlite" as const;
  readonly adapterName: string;
  constructor(private readonly inner: PrismaBetterSQLite3) {
    this.adapterName = inner.adapterName;
  }

  async connect(): Promise<Adapter> {
    return serialise(await this.inner.connect());
  }
}

function serialise(adapter: Adapter): Adapter {
  // resolves when the open transaction ends; null when none is open. every wait below is
  // `while (open) await open` written out where it is used: the check and what follows it must
  // run in one synchronous step, or two callers could both find the connection free
  let open: Promise<void> | null = null;

  // a statement outside a transaction runs on its own (autocommit): refused with SQLITE_BUSY
  // it changed nothing, so it is tried again
  const outside =
    <A extends unknown[], R>(run: (...args: A) => Promise<R>) =>
    async (...args: A): Promise<R> => {
      const deadline = Date.now() + BUSY_TIMEOUT_MS;
      for (let attempt = 0; ; attempt++) {
        while (open) await open;
        try {
          return await run(...args);
        } catch (error) {
          if (!isBusy(error) || Date.now() > deadline) throw error;
        }
        await pause(attempt);
      }
    };

  async function startTransaction(
    isolationLevel?: Parameters<Adapter["startTransaction"]>[0],
  ): Promise<Transaction> {
    if (isolationLevel && isolationLevel !== "SERIALIZABLE") return adapter.startTransaction(isolationLevel);
    const deadline = Date.now() + BUSY_TIMEOUT_MS;
    let closed = false;
    let release!: () => void;
    for (let attempt = 0; ; attempt++) {
      while (open) await open;
      let end!: () => void;
      open = new Promise<void>((resolve) => (end = resolve));
      closed = false;
      release = () => {
        if (closed) return;
        closed = true;
        open = null;
        end();
      };
      try {
        await adapter.executeRaw(sql("BEGIN IMMEDIATE"));
        break;
      } catch (error) {
        release();
        // another process holds the write lock: wait without blocking this one's event loop
        if (!isBusy(error) || Date.now() > deadline) throw error;
      }
      await pause(attempt);
    }
    const rollbackQuietly = async () => {
      try {
        await adapter.executeRaw(sql("ROLLBACK"));
      } catch {
        // nothing left to roll back (sqlite already ended it)
      }
    };
    return {
      provider: adapter.provider,
      adapterName: adapter.adapterName,
      options: { usePhantomQuery: false },
      queryRaw: (query) => adapter.queryRaw(query),
      async executeRaw(query) {
        if (closed) throw new Error("the transaction has already ended");
        const ending = /^\s*(COMMIT|ROLLBACK)\s*$/i.exec(query.sql)?.[1]?.toUpperCase();
        if (!ending) return adapter.executeRaw(query);
        try {
          return await adapter.executeRaw(query);
        } catch (error) {
          if (ending === "COMMIT") await rollbackQuietly();
          throw error;
        } finally {
          release();
        }
      },
      commit: async () => release(),
      rollback: async () => {
        // prisma sends ROLLBACK itself; this covers a transaction it abandons without one
        if (!closed) await rollbackQuietly();
        release();
      },
    };
  }

  return {
    provider: adapter.provider,
    adapterName: adapter.adapterName,
    queryRaw: outside((query: Query) => adapter.queryRaw(query)),
    executeRaw: outside((query: Query) => adapter.executeRaw(query)),
    // several statements: one refused part-way may have left others applied, so never retried
    async executeScript(script: string) {
      while (open) await open;
      return adapter.executeScript(script);
    },
    startTransaction,
    getConnectionInfo: adapter.getConnectionInfo?.bind(adapter),
    dispose: () => adapter.dispose(),
  };
}

/** how long a write waits for another process's transaction before it fails */
const BUSY_TIMEOUT_MS = 5_000;

/** SQLITE_BUSY (another process holds the write lock), as the adapter or the driver reports it */
function isBusy(error: unknown): boolean {
  for (let e = error, depth = 0; e && depth < 4; depth++) {
    const { code, originalCode } = e as { code?: unknown; originalCode?: unknown };
    if ([code, originalCode].some((c) => typeof c === "string" && c.startsWith("SQLITE_BUSY"))) return true;
    e = (e as { cause?: unknown }).cause;
  }
  return false;
}

/** 0.5–1 ms, then doubling to at most 8–16 ms, with jitter so two processes do not keep colliding */
const pause = (attempt: number) =>
  new Promise((resolve) => setTimeout(resolve, Math.min(16, 2 ** attempt) * (0.5 + Math.random() / 2)));

/**
 * a case-insensitive "contains" filter on either database: sqlite's LIKE already ignores case
 * (ascii); postgresql's is case-sensitive unless asked (mode, which the sqlite client's types
 * do not have, so it is added here, the one place that knows the database)
 */
export function containsIgnoringCase(text: string): { contains: string } {
  return databaseKind() === "postgresql"
    ? ({ contains: text, mode: "insensitive" } as { contains: string })
    : { contains: text };
}

/** which database DATABASE_URL names */
export function databaseKind(url = getEnv().DATABASE_URL): "sqlite" | "postgresql" {
  return /^postgres(ql)?:\/\//.test(url) ? "postgresql" : "sqlite";
}

function create(url: string): PrismaClient {
  if (databaseKind(url) === "postgresql") {
    const client = new PostgresClient({
      transactionOptions: { maxWait: 10_000 },
      adapter: new PrismaPg({ connectionString: url, max: getEnv().DATABASE_POOL_SIZE }),
    });
    // the same data model and the same runtime (errors, Prisma.sql): the postgresql client's
    // api is a superset of the sqlite one's (decision 026)
    return client as unknown as PrismaClient;
  }
  return new PrismaClient({
    // transactions take turns for the one connection, and under load the queue is longer than
    // prisma's default 2 s wait to start one: a write that waited its turn is slow, not lost
    transactionOptions: { maxWait: 10_000 },
    // better-sqlite3's own busy timeout sleeps inside the call, freezing the whole process while
    // another one writes: 0 here, and the waiting is done above, asynchronously
    adapter: new SerialisedSqlite(new PrismaBetterSQLite3({ url, timeout: 0 })),
  });
}

export const prisma: PrismaClient = (globalThis.__prisma ??= create(getEnv().DATABASE_URL));

let prepared: Promise<void> | undefined;
/** wal journal (readers never block the writer), enforced foreign keys. idempotent. */
export function prepareDatabase(): Promise<void> {
  prepared ??= (async () => {
    // postgresql: nothing per connection (migrations run before the server starts)
    if (databaseKind() === "postgresql") return;
    await prisma.$queryRawUnsafe("PRAGMA journal_mode = WAL");
    await prisma.$executeRawUnsafe("PRAGMA foreign_keys = ON");
    await prisma.$queryRawUnsafe("PRAGMA synchronous = NORMAL");
  })();
  return prepared;
}
