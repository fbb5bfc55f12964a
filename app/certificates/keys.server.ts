import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import {
  calculateJwkThumbprint,
  exportJWK,
  exportPKCS8,
  generateKeyPair,
  importJWK,
  importPKCS8,
  type JWK,
} from "jose";
import { prisma } from "~/db.server";
import { getEnv } from "~/env.server";
import { runLeased } from "~/jobs/lease.server";

// credential signing keys (RS256, as open badges 3.0 requires). the private key is a pem file
// (mode 0600) in ISSUER_KEYS_DIR, outside the database, or comes from ISSUER_KEY; public keys
// are kept in the database so every instance publishes the same set, retired ones included.
//
// several instances (decision 026) sign with one key: the same ISSUER_KEY for all, or one
// ISSUER_KEYS_DIR on a shared volume. the first key is made under a lease, so instances
// starting together make one; an instance that cannot read the database's current key stops
// with what to do, instead of quietly making a second one; a key retired on one instance
// (npm run keys:rotate) stops signing on every other within KEY_RECHECK_MS.

export const ALG = "RS256";

type ActiveKey = { id: string; privateKey: CryptoKey; publicJwk: JWK };
let active: Promise<ActiveKey> | undefined;
let checkedAt = 0;
/** how often a cached key is checked against the database for retirement */
const KEY_RECHECK_MS = 30_000;

/** this instance cannot sign: the database's key is not here (a setting to fix, not a bug) */
export class SigningKeyUnavailable extends Error {}

export function origin() {
  return new URL(getEnv().APP_URL).origin;
}

/** the kid: a url that resolves to the public key */
export function keyUrl(id: string) {
  return `${origin()}/issuer/keys/${id}`;
}

async function publicOf(privateKey: CryptoKey): Promise<JWK> {
  const jwk = await exportJWK(privateKey);
  return { kty: jwk.kty, n: jwk.n, e: jwk.e };
}

async function register(id: string, publicJwk: JWK) {
  await prisma.signingKey.upsert({
    where: { id },
    create: { id, publicJwk: JSON.stringify(publicJwk) },
    update: {},
  });
}

async function load(): Promise<ActiveKey> {
  const env = getEnv();
  if (env.ISSUER_KEY) {
    const privateKey = (await importPKCS8(env.ISSUER_KEY, ALG, { extractable: true })) as CryptoKey;
    const publicJwk = await publicOf(privateKey);
    const id = (await calculateJwkThumbprint(publicJwk)).slice(0, 16);
    await register(id, publicJwk);
    return { id, privateKey, publicJwk };
  }
  // several instances may start at once: one makes the first key, the others wait for it
  const deadline = Date.now() + 60_000;
  for (;;) {
    const found = await fromKeysDir();
    if (found) return found;
    const made = await runLeased("issuer-key", { everyMs: 0, leaseMs: 60_000 }, async () => {
      // another instance may have made it between the look above and the lease
      return (await fromKeysDir()) ?? createKey();
    });
    if (made.ran) return made.result;
    if (Date.now() > deadline)
      throw new Error("timed out waiting for another instance to make the signing key");
    await new Promise((r) => setTimeout(r, 200));
  }
}

/** the newest current key whose private half is in ISSUER_KEYS_DIR; null when there is none */
async function fromKeysDir(): Promise<ActiveKey | null> {
  const dir = path.resolve(getEnv().ISSUER_KEYS_DIR);
  const current = await prisma.signingKey.findMany({
    where: { retiredAt: null },
    orderBy: { createdAt: "desc" },
  });
  for (const row of current) {
    const file = path.join(dir, `${row.id}.pem`);
    if (existsSync(file)) {
      const privateKey = (await importPKCS8(readFileSync(file, "utf8"), ALG, {
        extractable: true,
      })) as CryptoKey;
      return { id: row.id, privateKey, publicJwk: JSON.parse(row.publicJwk) as JWK };
    }
  }
  if (current.length > 0) {
    throw new SigningKeyUnavailable(
      `The credential signing key ${current[0]!.id} is in the database but its private key is not in ISSUER_KEYS_DIR (${dir}). ` +
        "With several instances, give every instance the same ISSUER_KEY, or put ISSUER_KEYS_DIR on a volume they all share. " +
        "If the key is lost, run `npm run keys:rotate` to make a new one (certificates already issued still verify).",
    );
  }
  return null;
}

async function createKey(): Promise<ActiveKey> {
  const dir = path.resolve(getEnv().ISSUER_KEYS_DIR);
  const { privateKey } = await generateKeyPair(ALG, { modulusLength: 2048, extractable: true });
  const publicJwk = await publicOf(privateKey as CryptoKey);
  const id = (await calculateJwkThumbprint(publicJwk)).slice(0, 16);
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const file = path.join(dir, `${id}.pem`);
  writeFileSync(file, await exportPKCS8(privateKey), { mode: 0o600 });
  chmodSync(file, 0o600);
  await register(id, publicJwk);
  return { id, privateKey: privateKey as CryptoKey, publicJwk };
}

export async function activeKey(): Promise<ActiveKey> {
  if (active && Date.now() - checkedAt > KEY_RECHECK_MS) {
    // another instance may have rotated: a retired key signs nothing new
    checkedAt = Date.now();
    const { id } = await active;
    const row = await prisma.signingKey.findUnique({ where: { id }, select: { retiredAt: true } });
    if (!row || row.retiredAt) active = undefined;
  }
  if (!active) {
    checkedAt = Date.now();
    active = load().catch((error) => {
      active = undefined;
      throw error;
    });
  }
  return active;
}

/** a new signing key; the old one is retired but stays published */
export async function rotateKey() {
  if (getEnv().ISSUER_KEY) {
    throw new SigningKeyUnavailable(
      "ISSUER_KEY is set, so the signing key comes from it: to rotate, give every instance a new ISSUER_KEY (the old public key stays published).",
    );
  }
  const previous = await prisma.signingKey.findMany({ where: { retiredAt: null } });
  const next = await createKey();
  await prisma.signingKey.updateMany({
    where: { id: { in: previous.map((k) => k.id).filter((id) => id !== next.id) } },
    data: { retiredAt: new Date() },
  });
  active = Promise.resolve(next);
  checkedAt = Date.now();
  return next.id;
}

/** the published json web key set: every key that ever signed */
export async function jwks() {
  const rows = await prisma.signingKey.findMany({ orderBy: { createdAt: "asc" } });
  return {
    keys: rows.map((r) => ({ ...(JSON.parse(r.publicJwk) as JWK), kid: keyUrl(r.id), alg: ALG, use: "sig" })),
  };
}

export async function publicKeyFor(kid: string) {
  const id = kid.startsWith(`${origin()}/issuer/keys/`) ? kid.slice(`${origin()}/issuer/keys/`.length) : null;
  if (!id) return null;
  const row = await prisma.signingKey.findUnique({ where: { id } });
  if (!row) return null;
  return importJWK(JSON.parse(row.publicJwk) as JWK, ALG);
}

/** tests reset the cached key between databases */
export function forgetActiveKey() {
  active = undefined;
}
