import Database from "better-sqlite3";
import { spawn } from "node:child_process";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { prisma } from "~/db.server";

// how transactions hold the one SQLite connection (app/db.server.ts): a query from another
// request never joins an open transaction, a failed COMMIT leaves the connection usable, and
// several processes on one file queue for the writer instead of failing

const named = (prefix: string) =>
  prisma.organisation.findMany({ where: { name: { startsWith: prefix } }, orderBy: { name: "asc" } });

describe("transactions on the SQLite adapter", () => {
  it("a write acknowledged outside a transaction survives that transaction rolling back", async () => {
    const prefix = `iso-${crypto.randomUUID().slice(0, 8)}-`;
    let insideStarted!: () => void;
    const started = new Promise<void>((r) => (insideStarted = r));
    const rolledBack = prisma
      .$transaction(async (tx) => {
        await tx.organisation.create({ data: { name: `${prefix}inside`, kind: "other" } });
        insideStarted();
        // another request's write arrives while this transaction is open
        await new Promise((r) => setTimeout(r, 150));
        throw new Error("changed my mind");
      })
      .catch((e: Error) => e.message);
    await started;
    const outside = await prisma.organisation.create({ data: { name: `${prefix}outside`, kind: "other" } });
    expect(outside.name).toBe(`${prefix}outside`);
    expect(await rolledBack).toBe("changed my mind");
    expect((await named(prefix)).map((o) => o.name)).toEqual([`${prefix}outside`]);
  });

  it("a read from another request never sees a transaction's uncommitted write", async () => {
    const prefix = `dirty-${crypto.randomUUID().slice(0, 8)}-`;
    let seen: string[] | undefined;
    let read!: Promise<unknown>;
    await prisma.$transaction(async (tx) => {
      await tx.organisation.create({ data: { name: `${prefix}a`, kind: "other" } });
      read = named(prefix).then((rows) => (seen = rows.map((o) => o.name)));
      await new Promise((r) => setTimeout(r, 50));
      expect(seen).toBeUndefined(); // still waiting for the transaction to end
    });
    // it ran after the commit, so it sees the committed row
    await read;
    expect(seen).toEqual([`${prefix}a`]);
  });

  it("a COMMIT that fails rolls back and leaves the connection free for the next request", async () => {
    const prefix = `commit-${crypto.randomUUID().slice(0, 8)}-`;
    const failed = await prisma
      .$transaction(async (tx) => {
        // foreign keys checked at COMMIT: an audit row naming no organisation fails there
        await tx.$executeRawUnsafe("PRAGMA defer_foreign_keys = ON");
        await tx.organisation.create({ data: { name: `${prefix}lost`, kind: "other" } });
        await tx.auditEvent.create({ data: { action: "test.orphan", organisationId: crypto.randomUUID() } });
      })
      .then(
        () => null,
        (e: Error) => e.message,
      );
    expect(failed).toMatch(/foreign ?key/i);
    // nothing of it stayed, and the next queries answer at once (no stuck transaction)
    expect(await named(prefix)).toEqual([]);
    await prisma.organisation.create({ data: { name: `${prefix}next`, kind: "other" } });
    expect((await named(prefix)).map((o) => o.name)).toEqual([`${prefix}next`]);
  });

  it("a write waiting for another process's lock waits without freezing this process", async () => {
    const prefix = `lock-${crypto.randomUUID().slice(0, 8)}-`;
    await named(prefix); // the client connected and warm, so the writes below reach SQLite at once
    // another process, as far as SQLite can tell: its own connection, holding the write lock
    const other = new Database(process.env.DATABASE_URL!.replace(/^file:/, ""));
    other.prepare("BEGIN IMMEDIATE").run();
    try {
      const write = prisma.organisation.create({ data: { name: `${prefix}waited`, kind: "other" } });
      const tx = prisma.$transaction(async (t) =>
        t.organisation.create({ data: { name: `${prefix}tx`, kind: "other" } }),
      );
      void write.then(() => undefined);
      // the lock is given up by a timer in this same process: it fires on time only if waiting
      // for the lock never blocks the event loop (SQLite's own busy handler sleeps inside the
      // call, and would hold this 300 ms timer back for its whole timeout)
      const started = performance.now();
      await new Promise((r) => setTimeout(r, 300));
      expect(performance.now() - started).toBeLessThan(1_500);
      other.prepare("COMMIT").run();
      await Promise.all([write, tx]);
    } finally {
      if (other.inTransaction) other.prepare("ROLLBACK").run();
      other.close();
    }
    expect((await named(prefix)).map((o) => o.name)).toEqual([`${prefix}tx`, `${prefix}waited`]);
  });

  it("two processes doing read-then-write transactions on one file both succeed, one at a time", async () => {
    const file = process.env.DATABASE_URL!.replace(/^file:/, "");
    const prefix = `proc-${crypto.randomUUID().slice(0, 8)}-`;
    const script = path.join(import.meta.dirname, "../setup/sqlite-writer.ts");
    const tsx = path.join(import.meta.dirname, "../../node_modules/.bin/tsx");
    const PER_PROCESS = 40;
    const run = () =>
      new Promise<{ errors: number; stderr: string }>((resolve, reject) => {
        const child = spawn(tsx, [script, file, prefix, String(PER_PROCESS)], {
          stdio: ["ignore", "pipe", "pipe"],
        });
        let out = "";
        let stderr = "";
        child.stdout.on("data", (d) => (out += d));
        child.stderr.on("data", (d) => (stderr += d));
        child.on("error", reject);
        child.on("exit", () => {
          try {
            resolve({ ...JSON.parse(out.trim().split("\n").at(-1)!), stderr });
          } catch {
            reject(new Error(`the writer process failed: ${stderr}`));
          }
        });
      });
    const results = await Promise.all([run(), run()]);
    expect(results.map((r) => r.stderr.trim())).toEqual(["", ""]);
    expect(results.map((r) => r.errors)).toEqual([0, 0]);
    // every transaction saw the other's committed rows: the numbers run 0..79 with no gap or clash
    const names = (await named(prefix)).map((o) => o.name);
    expect(names).toEqual(
      Array.from({ length: 2 * PER_PROCESS }, (_, i) => `${prefix}${String(i).padStart(4, "0")}`),
    );
  }, 60_000);
});
