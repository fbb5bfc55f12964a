import type { AddressInfo } from "node:net";
import { createRequestHandler, type ServerBuild } from "@remix-run/node";
import express from "express";
import { afterEach, describe, expect, it } from "vitest";
import { prisma } from "~/db.server";
import { guardStorage, refuseWritesWhileStorageUnavailable } from "./storage-guard.server";
import {
  noteStorageError,
  peerStorageFault,
  probeStorage,
  STORAGE_FAULT_MESSAGE,
  storageProblemOf,
  storageUnavailable,
} from "./storage.server";

// the database's own ways of refusing a write, on the test's real sqlite file: query_only is
// what a read-only file gives (SQLITE_READONLY), max_page_count what a full disk gives
// (SQLITE_FULL). the soak run (npm run soak) does the same with a real full disk.

async function pragma(sql: string) {
  await prisma.$queryRawUnsafe(sql);
}

afterEach(async () => {
  await pragma("PRAGMA query_only = OFF");
  await pragma("PRAGMA max_page_count = 1073741823");
  await probeStorage();
});

describe("storage that cannot take writes", () => {
  it("tells a full disk and a read-only database from other errors, sqlite and postgresql", () => {
    expect(
      storageProblemOf(Object.assign(new Error("database or disk is full"), { code: "SQLITE_FULL" })),
    ).toBe("full");
    expect(
      storageProblemOf(new Error("x", { cause: { code: "53100", message: "could not extend file" } })),
    ).toBe("full");
    expect(storageProblemOf(new Error("attempt to write a readonly database"))).toBe("read_only");
    expect(storageProblemOf({ code: "25006" })).toBe("read_only");
    expect(storageProblemOf(new Error("Unique constraint failed"))).toBeNull();
    expect(storageProblemOf(null)).toBeNull();
  });

  it("another worker's word that storage is full makes this one refuse changes too, until its own probe writes", async () => {
    expect(storageUnavailable()).toBeNull();
    // anything else arriving on the worker's message channel is ignored
    for (const other of [
      null,
      "storage-fault",
      { type: "other", kind: "full" },
      { type: STORAGE_FAULT_MESSAGE, kind: "gone" },
    ])
      peerStorageFault(other);
    expect(storageUnavailable()).toBeNull();
    peerStorageFault({ type: STORAGE_FAULT_MESSAGE, kind: "full" });
    expect(storageUnavailable()?.kind).toBe("full");
    // the database here takes writes: the probe clears the mark
    await probeStorage();
    expect(storageUnavailable()).toBeNull();
  });

  it("a read-only database: the write fails cleanly, is noted, and the probe clears it once writable", async () => {
    await pragma("PRAGMA query_only = ON");
    const error = await prisma.rateEvent
      .create({ data: { key: "t", createdAt: new Date() } })
      .catch((e: unknown) => e);
    expect(storageProblemOf(error)).toBe("read_only");
    expect(noteStorageError(error)).toBe("read_only");
    expect(storageUnavailable()).toMatchObject({ kind: "read_only" });
    await probeStorage();
    expect(storageUnavailable()).not.toBeNull();
    await pragma("PRAGMA query_only = OFF");
    await probeStorage();
    expect(storageUnavailable()).toBeNull();
  });

  it("a full disk: the failed write leaves nothing behind", async () => {
    const [row] = await prisma.$queryRawUnsafe<{ page_count: bigint }[]>("PRAGMA page_count");
    await pragma(`PRAGMA max_page_count = ${Number(row!.page_count)}`);
    const key = `full-${crypto.randomUUID()}`;
    const rows = Array.from({ length: 2000 }, () => ({ key, createdAt: new Date() }));
    const error = await prisma.rateEvent.createMany({ data: rows }).catch((e: unknown) => e);
    expect(storageProblemOf(error)).toBe("full");
    await pragma("PRAGMA max_page_count = 1073741823");
    expect(await prisma.rateEvent.count({ where: { key } })).toBe(0);
  });

  it("answers 503 with the reason: a route's failed write, and every write while it lasts; reads go on", async () => {
    const build = {
      routes: {
        root: {
          id: "root",
          path: "",
          module: {
            default: () => null,
            loader: () => ({ ok: true }),
            action: () => {
              throw Object.assign(new Error("database or disk is full"), { code: "SQLITE_FULL" });
            },
          },
        },
      },
    } as unknown as ServerBuild;
    // the database refuses writes meanwhile, so the probe cannot clear the mark mid-test
    await pragma("PRAGMA query_only = ON");
    const guarded = guardStorage(build);
    const action = guarded.routes.root!.module.action!;
    const thrown = await Promise.resolve()
      .then(() => action({} as never))
      .catch((e: unknown) => e);
    expect(thrown).toMatchObject({ init: { status: 503 } });
    expect(storageUnavailable()).toMatchObject({ kind: "full" });

    // meanwhile, the middleware refuses writes before they start
    const app = express();
    app.use(refuseWritesWhileStorageUnavailable);
    app.all("/x", (_req, res) => void res.send("handled"));
    const server = app.listen(0, "127.0.0.1");
    await new Promise((resolve) => server.once("listening", resolve));
    try {
      const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
      const post = await fetch(`${base}/x`, { method: "POST", headers: { accept: "text/html" } });
      expect(post.status).toBe(503);
      expect(post.headers.get("retry-after")).toBe("30");
      expect(await post.text()).toContain("storage is full. Nothing you sent was saved");
      const api = await fetch(`${base}/x`, { method: "POST", headers: { accept: "application/json" } });
      expect(await api.json()).toMatchObject({ ok: false, error: expect.stringMatching(/storage is full/) });
      expect(await (await fetch(`${base}/x`)).text()).toBe("handled");
      // writable again: the probe clears the mark and writes go through
      await pragma("PRAGMA query_only = OFF");
      await probeStorage();
      expect(storageUnavailable()).toBeNull();
      expect(await (await fetch(`${base}/x`, { method: "POST" })).text()).toBe("handled");
    } finally {
      server.close();
    }
    // unused here, but proves the guarded build still works with remix's handler
    expect(typeof createRequestHandler(guarded, "production")).toBe("function");
  });
});
