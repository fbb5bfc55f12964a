import { mkdtempSync } from "node:fs";
import path from "node:path";
import { afterAll, afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { prisma } from "~/db.server";
import { TMP } from "../../tests/setup/paths";
import type * as Keys from "./keys.server";

// several app instances on one database, each its own copy of the key module (as separate
// processes have), sharing or not sharing a keys folder


/** a fresh copy of the key module, reading the environment as a new process would */
async function instance(keysDir: string): Promise<typeof Keys> {
  process.env.ISSUER_KEYS_DIR = keysDir;
  vi.resetModules();
  return import("./keys.server");
}

const saved = process.env.ISSUER_KEYS_DIR;
beforeEach(async () => {
  // start from no current key, as a new deployment does (retired keys stay published)
  await prisma.signingKey.updateMany({ where: { retiredAt: null }, data: { retiredAt: new Date() } });
});
afterEach(() => {
  process.env.ISSUER_KEYS_DIR = saved;
  vi.useRealTimers();
  vi.resetModules();
});

// the next test file in this worker shares the database: leave it no current key it cannot read
afterAll(async () => {
  await prisma.signingKey.updateMany({ where: { retiredAt: null }, data: { retiredAt: new Date() } });
});

const folder = () => mkdtempSync(path.join(TMP, "keys-shared-"));

describe("signing keys with several instances", () => {
  it("instances starting together on a shared keys folder make one key and all sign with it", async () => {
    const shared = folder();
    const instances = [await instance(shared), await instance(shared), await instance(shared)];
    const keys = await Promise.all(instances.map((k) => k.activeKey()));
    expect(new Set(keys.map((k) => k.id)).size).toBe(1);
    expect(await prisma.signingKey.count({ where: { retiredAt: null } })).toBe(1);
  });

  it("an instance without the database's key refuses to sign and says what to set, instead of making a second key", async () => {
    await (await instance(folder())).activeKey();
    const elsewhere = await instance(folder());
    await expect(elsewhere.activeKey()).rejects.toThrow(/give every instance the same ISSUER_KEY/);
    await expect(elsewhere.activeKey()).rejects.toBeInstanceOf(elsewhere.SigningKeyUnavailable);
    expect(await prisma.signingKey.count({ where: { retiredAt: null } })).toBe(1);
  });

  it("a key rotated on one instance stops signing on the others within half a minute", async () => {
    const shared = folder();
    const a = await instance(shared);
    const first = await a.activeKey();
    const b = await instance(shared);
    const rotated = await b.rotateKey();
    expect(rotated).not.toBe(first.id);
    // within the re-check window, a still has its key cached
    expect((await a.activeKey()).id).toBe(first.id);
    vi.useFakeTimers({ toFake: ["Date"], now: Date.now() + 31_000 });
    expect((await a.activeKey()).id).toBe(rotated);
  });

  it("rotating is refused while ISSUER_KEY supplies the key", async () => {
    const { generateKeyPair, exportPKCS8 } = await import("jose");
    const { privateKey } = await generateKeyPair("RS256", { extractable: true });
    process.env.ISSUER_KEY = await exportPKCS8(privateKey);
    try {
      const k = await instance(folder());
      await expect(k.rotateKey()).rejects.toThrow(/new ISSUER_KEY/);
    } finally {
      delete process.env.ISSUER_KEY;
    }
  });
});
