import { gunzipSync, gzipSync } from "node:zlib";
import { prisma } from "~/db.server";
import { issuerProfile, signCredential, STATUS_LIST_PATH } from "./credential.server";
import { origin } from "./keys.server";

// the revocation list (w3c bitstring status list): one bit per certificate, set when it is
// revoked. 131,072 bits, the minimum the spec asks for, so one certificate's bit says little.

export const LIST_BITS = 131_072;

export function encodeBits(setIndexes: number[], bits = LIST_BITS): string {
  const bytes = Buffer.alloc(bits / 8);
  for (const i of setIndexes) bytes[i >> 3]! |= 0x80 >> (i & 7);
  return `u${gzipSync(bytes).toString("base64url")}`;
}

export function bitIsSet(encodedList: string, index: number): boolean {
  const bytes = gunzipSync(Buffer.from(encodedList.replace(/^u/, ""), "base64url"));
  return ((bytes[index >> 3] ?? 0) & (0x80 >> (index & 7))) !== 0;
}

export async function statusListCredential() {
  const revoked = await prisma.certificate.findMany({
    where: { revokedAt: { not: null } },
    select: { statusIndex: true },
  });
  const url = `${origin()}${STATUS_LIST_PATH}`;
  return {
    "@context": ["https://www.w3.org/ns/credentials/v2"],
    id: url,
    type: ["VerifiableCredential", "BitstringStatusListCredential"],
    issuer: issuerProfile().id,
    validFrom: new Date().toISOString(),
    credentialSubject: {
      id: `${url}#list`,
      type: "BitstringStatusList",
      statusPurpose: "revocation",
      encodedList: encodeBits(revoked.map((r) => r.statusIndex)),
    },
  };
}

export async function signedStatusList() {
  return signCredential(await statusListCredential());
}
