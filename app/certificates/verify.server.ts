import { decodeJwt, decodeProtectedHeader, errors as joseErrors, jwtVerify } from "jose";
import type { Certificate } from "~/generated/prisma/client";
import { prisma } from "~/db.server";
import { getEnv } from "~/env.server";
import { takeBufferedRateSlot } from "~/utils/rate-limit.server";
import { logger } from "~/logger.server";
import { audit, auditSoon } from "~/organisations/audit.server";
import { formatCode, parseCode } from "./code";
import { issuerProfile, STATUS_LIST_PATH } from "./credential.server";
import { parseResults, type CertificateResults } from "./evidence";
import { origin, publicKeyFor } from "./keys.server";
import { bitIsSet, statusListCredential } from "./status-list.server";

// verification, for anyone holding a code or a credential. lookups are rate-limited per ip
// (enumeration defence) and every one is written to the audit log.

export type CertificateView = {
  code: string;
  recipientName: string;
  gmcNumber: string | null;
  courseTitle: string;
  courseVersionLabel: string;
  completedAt: string;
  issuedAt: string;
  expiresAt: string | null;
  cpdHours: number;
  outcomes: string[];
  /** as issued: the legacy per-skill array, or { v: 2, modules } evidence */
  results: CertificateResults;
  issuer: string;
  revokedAt: string | null;
  revokedReason: string | null;
};

export type VerifyStatus = "valid" | "revoked" | "expired";

export function statusOf(c: Pick<Certificate, "revokedAt" | "expiresAt">, now = new Date()): VerifyStatus {
  if (c.revokedAt) return "revoked";
  if (c.expiresAt && c.expiresAt <= now) return "expired";
  return "valid";
}

export function viewOf(c: Certificate): CertificateView {
  return {
    code: formatCode(c.code),
    recipientName: c.recipientName,
    gmcNumber: c.gmcNumber,
    courseTitle: c.courseTitle,
    courseVersionLabel: c.courseVersionLabel,
    completedAt: c.completedAt.toISOString(),
    issuedAt: c.issuedAt.toISOString(),
    expiresAt: c.expiresAt?.toISOString() ?? null,
    cpdHours: c.cpdHours,
    outcomes: JSON.parse(c.outcomes) as string[],
    results: parseResults(c.results),
    issuer: c.issuerName,
    revokedAt: c.revokedAt?.toISOString() ?? null,
    revokedReason: c.revokedReason,
  };
}

export type LookupResult =
  | { kind: "invalid"; message: string }
  | { kind: "rate_limited"; retryAfterSeconds: number }
  | { kind: "not_found"; code: string }
  | { kind: "found"; status: VerifyStatus; certificate: CertificateView; raw: Certificate };

const WINDOW_MS = 60_000;

/** code lookups and credential checks share one per-ip limit (VERIFY_MAX_PER_MINUTE) */
async function allowLookup(ip: string): Promise<number> {
  const verdict = await takeBufferedRateSlot(`verify:${ip}`, getEnv().VERIFY_MAX_PER_MINUTE, WINDOW_MS);
  return verdict.ok ? 0 : verdict.retryAfterSeconds;
}

/** a code as typed: a typo is reported without touching the database */
export async function lookupByCode(input: string, ip: string, via: "page" | "api"): Promise<LookupResult> {
  const parsed = parseCode(input);
  if (!parsed.ok) return { kind: "invalid", message: parsed.message };
  const wait = await allowLookup(ip);
  if (wait > 0) {
    logger.warn({ ip, via }, "certificate lookups rate-limited");
    return { kind: "rate_limited", retryAfterSeconds: wait };
  }
  const certificate = await prisma.certificate.findUnique({ where: { code: parsed.code } });
  auditSoon({
    actorId: null,
    action: "certificate.verified",
    detail: { code: parsed.code, found: Boolean(certificate), via, ip },
  });
  if (!certificate) return { kind: "not_found", code: formatCode(parsed.code) };
  return { kind: "found", status: statusOf(certificate), certificate: viewOf(certificate), raw: certificate };
}

export type CredentialVerdict =
  { kind: "rate_limited"; retryAfterSeconds: number } | { kind: "checked"; result: CredentialCheck };

/**
 * a pasted or uploaded credential, from the public verify page: held to the same per-ip limit
 * as code lookups, and audited like them (which certificate, whether it passed, never the
 * credential itself).
 */
export async function verifyCredential(input: string, ip: string): Promise<CredentialVerdict> {
  const wait = await allowLookup(ip);
  if (wait > 0) {
    logger.warn({ ip, via: "credential" }, "certificate lookups rate-limited");
    return { kind: "rate_limited", retryAfterSeconds: wait };
  }
  const result = await checkCredential(input);
  const code = result.summary?.code ? parseCode(result.summary.code) : null;
  auditSoon({
    actorId: null,
    action: "certificate.credential_checked",
    detail: {
      code: code?.ok ? code.code : null,
      valid: result.valid,
      failed: result.checks.filter((c) => !c.ok).map((c) => c.name),
      via: "credential",
      ip,
    },
  });
  return { kind: "checked", result };
}

export type CredentialCheck = {
  valid: boolean;
  checks: { name: string; ok: boolean; detail: string }[];
  summary: { name: string; course: string; issuedAt: string; code: string | null } | null;
};

/**
 * checks a pasted or uploaded credential (a vc-jwt, or json holding one): signature against
 * our published keys, issuer, dates, and the revocation status list.
 */
export async function checkCredential(input: string): Promise<CredentialCheck> {
  const checks: CredentialCheck["checks"] = [];
  const fail = (name: string, detail: string): CredentialCheck => {
    checks.push({ name, ok: false, detail });
    return { valid: false, checks, summary: null };
  };
  let jwt = input.trim();
  let formatDetail = "A signed credential (VC-JWT)";
  if (jwt.startsWith("{")) {
    let parsed: Record<string, unknown>;
    try {
      parsed = JSON.parse(jwt) as Record<string, unknown>;
    } catch {
      return fail("Format", "This is not a credential: paste the .json or .jwt file's contents, unchanged");
    }
    const wrapped = parsed.jwt ?? parsed.credentialJwt;
    if (typeof wrapped === "string") jwt = wrapped.trim();
    else {
      // the credential document (our .json download) carries no signature of its own: it is
      // matched, field for field, to the signed credential this service issued under its id,
      // and that one is then checked in full
      const matched = await issuedCredentialFor(parsed);
      if (!matched.ok) return fail("Format", matched.message);
      jwt = matched.jwt;
      formatDetail = "A credential document, identical to the signed credential this service issued";
    }
  }
  if (!/^[\w-]+\.[\w-]+\.[\w-]+$/.test(jwt))
    return fail("Format", "This is not a signed credential (a JWT has three parts separated by dots)");
  let kid: string | undefined;
  try {
    kid = decodeProtectedHeader(jwt).kid;
  } catch {
    return fail("Format", "The credential's header cannot be read");
  }
  checks.push({ name: "Format", ok: true, detail: formatDetail });
  const key = kid ? await publicKeyFor(kid) : null;
  if (!key) return fail("Signature", "It was not signed with a key this service has published");
  let payload: Record<string, unknown>;
  try {
    ({ payload } = await jwtVerify(jwt, key, { issuer: issuerProfile().id, algorithms: ["RS256"] }));
  } catch (error) {
    if (error instanceof joseErrors.JWTExpired) return fail("Dates", "The credential has expired");
    if (error instanceof joseErrors.JWTClaimValidationFailed) {
      return fail(
        error.claim === "nbf" ? "Dates" : "Issuer",
        error.claim === "nbf" ? "The credential is not valid yet" : "The credential names another issuer",
      );
    }
    return fail(
      "Signature",
      "The signature does not match: the credential has been altered, or was signed with another key",
    );
  }
  checks.push({ name: "Signature", ok: true, detail: "Signed by this service's published key" });
  checks.push({ name: "Issuer", ok: true, detail: issuerProfile().name });
  const types = payload.type as string[] | undefined;
  if (!types?.includes("OpenBadgeCredential")) return fail("Type", "This is not an Open Badges certificate");
  const status = payload.credentialStatus as
    { statusListIndex?: string; statusListCredential?: string } | undefined;
  const index = Number(status?.statusListIndex);
  if (
    !status ||
    status.statusListCredential !== `${origin()}${STATUS_LIST_PATH}` ||
    !Number.isInteger(index)
  ) {
    return fail("Status", "The credential has no status entry from this service");
  }
  const list = await statusListCredential();
  if (bitIsSet(list.credentialSubject.encodedList, index)) {
    const cert = await prisma.certificate.findUnique({ where: { statusIndex: index } });
    return fail(
      "Status",
      `Revoked${cert?.revokedAt ? ` on ${cert.revokedAt.toISOString().slice(0, 10)}` : ""}${cert?.revokedReason ? `: ${cert.revokedReason}` : ""}`,
    );
  }
  checks.push({ name: "Status", ok: true, detail: "Not revoked" });
  checks.push({
    name: "Dates",
    ok: true,
    detail: payload.exp
      ? `Valid until ${new Date((payload.exp as number) * 1000).toISOString().slice(0, 10)}`
      : "Does not expire",
  });
  const subject = payload.credentialSubject as { achievement?: { name?: string } } | undefined;
  const cert = await prisma.certificate.findFirst({
    where: { id: String(payload.jti ?? "").replace(/^urn:uuid:/, "") },
  });
  return {
    valid: true,
    checks,
    summary: {
      name: cert?.recipientName ?? "",
      course: subject?.achievement?.name ?? "",
      issuedAt: String(payload.validFrom ?? ""),
      code: cert ? formatCode(cert.code) : null,
    },
  };
}

/** the jwt claims the .json download leaves out: the rest of the payload is the document */
const JWT_CLAIMS = ["iss", "jti", "nbf", "sub", "exp", "iat"];

/** the credential document a certificate's signed credential holds (its .json download) */
export function credentialDocument(credentialJwt: string): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(decodeJwt(credentialJwt)).filter(([k]) => !JWT_CLAIMS.includes(k)),
  );
}

/** json with its object keys sorted, so two documents compare by content, not key order */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(",")}]`;
  if (value && typeof value === "object") {
    return `{${Object.keys(value)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonical((value as Record<string, unknown>)[k])}`)
      .join(",")}}`;
  }
  return JSON.stringify(value);
}

async function issuedCredentialFor(
  document: Record<string, unknown>,
): Promise<{ ok: true; jwt: string } | { ok: false; message: string }> {
  const id =
    typeof document.id === "string" ? /^urn:uuid:([0-9a-f-]{36})$/i.exec(document.id)?.[1] : undefined;
  if (!id)
    return {
      ok: false,
      message: "This is not one of this service's credentials: it has no credential id of ours",
    };
  const certificate = await prisma.certificate.findUnique({ where: { id }, select: { credentialJwt: true } });
  if (!certificate) return { ok: false, message: "This service has issued no credential with this id" };
  if (canonical(credentialDocument(certificate.credentialJwt)) !== canonical(document)) {
    return {
      ok: false,
      message:
        "The document differs from the credential this service issued under its id: it has been altered",
    };
  }
  return { ok: true, jwt: certificate.credentialJwt };
}

/** revokes with a reason; visible to the verify page, api and status list at once */
export async function revokeCertificate(code: string, reason: string, actorId: string) {
  const { count } = await prisma.certificate.updateMany({
    where: { code, revokedAt: null },
    data: { revokedAt: new Date(), revokedReason: reason, revokedById: actorId },
  });
  if (count === 1) {
    await audit(prisma, { actorId, action: "certificate.revoked", detail: { code, reason } });
  }
  return count === 1;
}
