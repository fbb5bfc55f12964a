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

// credential signing keys (RS256, as open badges 3.0 requires). the private key is a pem file
// (mode 0600) in ISSUER_KEYS_DIR, outside the database, or comes from ISSUER_KEY; public keys
// are kept in the database so every instance publishes the same set, retired ones included.

export const ALG = "RS256";

type ActiveKey = { id: string; privateKey: CryptoKey; publicJwk: JWK };
let active: Promise<ActiveKey> | undefined;

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
  const dir = path.resolve(env.ISSUER_KEYS_DIR);
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
  return createKey();
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

export function activeKey(): Promise<ActiveKey> {
  active ??= load().catch((error) => {
    active = undefined;
    throw error;
  });
  return active;
}

/** a new signing key; the old one is retired but stays published */
export async function rotateKey() {
  const previous = await prisma.signingKey.findMany({ where: { retiredAt: null } });
  const next = await createKey();
  await prisma.signingKey.updateMany({
    where: { id: { in: previous.map((k) => k.id).filter((id) => id !== next.id) } },
    data: { retiredAt: new Date() },
  });
  active = Promise.resolve(next);
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
