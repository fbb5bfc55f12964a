import { createLocalJWKSet, decodeJwt, exportPKCS8, generateKeyPair, jwtVerify, SignJWT } from "jose";
import { PDFDocument } from "pdf-lib";
import { describe, expect, it } from "vitest";
import { courseForUser, enrol } from "~/courses/courses.server";
import { prisma } from "~/db.server";
import { completeFixtureCourse, syncFixtureCourse } from "../../tests/setup/courses";
import { pdfText } from "../../tests/setup/pdf";
import { achievementCredentialValidator } from "../../tests/setup/ob3";
import { createUser } from "../../tests/setup/factories";
import { formatCode } from "./code";
import { issuerProfile } from "./credential.server";
import { addMonths, issueCertificate } from "./issue.server";
import { jwks, rotateKey } from "./keys.server";
import { certificatePdf, verifyUrl } from "./pdf.server";
import { bitIsSet, statusListCredential } from "./status-list.server";
import {
  checkCredential,
  credentialDocument,
  lookupByCode,
  revokeCertificate,
  verifyCredential,
} from "./verify.server";
import { flushAudits } from "~/organisations/audit.server";

async function completed(edits: Record<string, (t: string) => string> = {}) {
  const { courseId } = await syncFixtureCourse(edits);
  const user = await createUser({ name: "Dr Certified Doctor" });
  await prisma.user.update({
    where: { id: user.id },
    data: { gmcNumber: String(1_000_000 + Math.floor(Math.random() * 8_999_999)) },
  });
  const enrolment = await enrol(user.id, courseId);
  const def = (await courseForUser(courseId, user.id))!.definition;
  await completeFixtureCourse(enrolment, def);
  const certificate = await prisma.certificate.findUniqueOrThrow({ where: { enrolmentId: enrolment.id } });
  return { courseId, user, enrolment, certificate };
}

const ip = () => `192.0.2.${Math.floor(Math.random() * 250)}-${crypto.randomUUID().slice(0, 6)}`;

describe("issuing", () => {
  it("completing the course issues a certificate with the course's facts and evidence", async () => {
    const { certificate, user } = await completed();
    expect(certificate).toMatchObject({
      userId: user.id,
      recipientName: "Dr Certified Doctor",
      courseTitle: "Demo course for tests",
      courseVersionLabel: "1.0",
      cpdHours: 0.5,
      expiresAt: null,
      revokedAt: null,
    });
    expect(certificate.code).toMatch(/^[0-9A-HJKMNP-TV-Z]{13}$/);
    const results = JSON.parse(certificate.results) as { v: number; modules: { skill: string }[] };
    expect(results.v).toBe(2);
    // the practice module has lessons only: no evidence to show
    expect(results.modules.map((m) => m.skill)).toEqual(["questioning", "active_listening"]);
  });

  it("is issued exactly once, even when two completions race", async () => {
    const { enrolment, certificate } = await completed();
    const again = await Promise.all([
      issueCertificate(enrolment.id),
      issueCertificate(enrolment.id),
      issueCertificate(enrolment.id),
    ]);
    expect(again.map((c) => c!.id)).toEqual([certificate.id, certificate.id, certificate.id]);
    expect(await prisma.certificate.count({ where: { enrolmentId: enrolment.id } })).toBe(1);
  });

  it("two simultaneous first issues give one certificate", async () => {
    const { courseId } = await syncFixtureCourse();
    const user = await createUser();
    const enrolment = await enrol(user.id, courseId);
    const def = (await courseForUser(courseId, user.id))!.definition;
    await completeFixtureCourse(enrolment, def);
    await prisma.certificate.deleteMany({ where: { enrolmentId: enrolment.id } });
    const both = await Promise.all([issueCertificate(enrolment.id), issueCertificate(enrolment.id)]);
    expect(both[0]!.id).toBe(both[1]!.id);
    expect(await prisma.certificate.count({ where: { enrolmentId: enrolment.id } })).toBe(1);
  });

  it("is not issued for an unfinished course", async () => {
    const { courseId } = await syncFixtureCourse();
    const user = await createUser();
    const enrolment = await enrol(user.id, courseId);
    expect(await issueCertificate(enrolment.id)).toBeNull();
  });

  it("expires when the course says so, months after issue", async () => {
    const { certificate } = await completed({
      "course.yaml": (t) => t.replace("cpdHours: 0.5", "cpdHours: 0.5\ncertificate:\n  validForMonths: 36"),
    });
    expect(certificate.expiresAt).not.toBeNull();
    const years = (certificate.expiresAt!.getTime() - certificate.issuedAt.getTime()) / (365.25 * 86_400_000);
    expect(years).toBeCloseTo(3, 1);
    expect(decodeJwt(certificate.credentialJwt).exp).toBe(
      Math.floor(certificate.expiresAt!.getTime() / 1000),
    );
  });

  it("adds months the way people expect", () => {
    expect(addMonths(new Date("2026-01-31T10:00:00Z"), 1).toISOString()).toBe("2026-02-28T10:00:00.000Z");
    expect(addMonths(new Date("2024-02-29T10:00:00Z"), 12).toISOString()).toBe("2025-02-28T10:00:00.000Z");
    expect(addMonths(new Date("2026-11-25T09:00:00Z"), 36).toISOString()).toBe("2029-11-25T09:00:00.000Z");
  });
});

describe("the open badges 3.0 credential", () => {
  it("validates against the 1EdTech achievement credential schema", async () => {
    const { certificate } = await completed();
    const validate = achievementCredentialValidator();
    const payload = decodeJwt(certificate.credentialJwt);
    expect(validate(payload), JSON.stringify(validate.errors)).toBe(true);
    expect(payload).toMatchObject({
      type: ["VerifiableCredential", "OpenBadgeCredential"],
      iss: issuerProfile().id,
      jti: `urn:uuid:${certificate.id}`,
      sub: `urn:uuid:${certificate.userId}`,
      credentialStatus: {
        type: "BitstringStatusListEntry",
        statusPurpose: "revocation",
        statusListIndex: String(certificate.statusIndex),
      },
    });
    const subject = payload.credentialSubject as {
      identifier: { identityHash: string }[];
      achievement: { achievementType: string };
    };
    expect(subject.identifier[0]!.identityHash).toMatch(/^sha256\$[0-9a-f]{64}$/);
    expect(subject.achievement.achievementType).toBe("Certificate");
    expect(payload.nbf).toBe(Math.floor(certificate.issuedAt.getTime() / 1000));
  });

  it("has only the jose headers open badges allows, and verifies with nothing but the public jwks", async () => {
    const { certificate } = await completed();
    const [header] = certificate.credentialJwt.split(".");
    const decoded = JSON.parse(Buffer.from(header!, "base64url").toString());
    expect(Object.keys(decoded).sort()).toEqual(["alg", "kid", "typ"]);
    expect(decoded.alg).toBe("RS256");
    const keys = createLocalJWKSet(JSON.parse(JSON.stringify(await jwks())));
    const { payload } = await jwtVerify(certificate.credentialJwt, keys, { issuer: issuerProfile().id });
    expect(payload.jti).toBe(`urn:uuid:${certificate.id}`);
  });

  it("a tampered payload, a wrong key and a revoked credential each fail with the right reason", async () => {
    const { certificate } = await completed();
    expect((await checkCredential(certificate.credentialJwt)).valid).toBe(true);

    const [h, p, sig] = certificate.credentialJwt.split(".");
    const payload = JSON.parse(Buffer.from(p!, "base64url").toString());
    payload.credentialSubject.creditsEarned = 40;
    const tampered = `${h}.${Buffer.from(JSON.stringify(payload)).toString("base64url")}.${sig}`;
    const t = await checkCredential(tampered);
    expect(t.valid).toBe(false);
    expect(t.checks.at(-1)).toMatchObject({
      name: "Signature",
      ok: false,
      detail: expect.stringMatching(/altered/),
    });

    const { privateKey } = await generateKeyPair("RS256");
    const forged = await new SignJWT(decodeJwt(certificate.credentialJwt))
      .setProtectedHeader({ alg: "RS256", kid: JSON.parse(Buffer.from(h!, "base64url").toString()).kid })
      .sign(privateKey);
    const f = await checkCredential(forged);
    expect(f.valid).toBe(false);
    expect(f.checks.at(-1)).toMatchObject({ name: "Signature", ok: false });
    void exportPKCS8;

    await revokeCertificate(certificate.code, "Issued in error", certificate.userId);
    const r = await checkCredential(certificate.credentialJwt);
    expect(r.valid).toBe(false);
    expect(r.checks.at(-1)).toMatchObject({
      name: "Status",
      ok: false,
      detail: expect.stringMatching(/^Revoked on .*: Issued in error$/),
    });
  });

  it("the .json credential document pasted back verifies; altered, or not ours, it does not", async () => {
    const { certificate } = await completed();
    const document = credentialDocument(certificate.credentialJwt);
    // as downloaded (pretty-printed) and with its keys in another order: the same document
    const pasted = await checkCredential(JSON.stringify(document, null, 2));
    expect(pasted.valid).toBe(true);
    expect(pasted.checks[0]).toMatchObject({
      name: "Format",
      ok: true,
      detail: expect.stringMatching(/identical/),
    });
    expect(pasted.summary?.code).toBe(formatCode(certificate.code));
    const reordered = Object.fromEntries(Object.entries(document).reverse());
    expect((await checkCredential(JSON.stringify(reordered))).valid).toBe(true);

    const altered = structuredClone(document) as { credentialSubject: { creditsEarned?: number } };
    altered.credentialSubject.creditsEarned = 40;
    const a = await checkCredential(JSON.stringify(altered));
    expect(a.valid).toBe(false);
    expect(a.checks.at(-1)).toMatchObject({
      name: "Format",
      ok: false,
      detail: expect.stringMatching(/altered/),
    });

    const stranger = await checkCredential(
      JSON.stringify({ ...document, id: `urn:uuid:${crypto.randomUUID()}` }),
    );
    expect(stranger.checks.at(-1)).toMatchObject({
      name: "Format",
      ok: false,
      detail: expect.stringMatching(/no credential with this id/),
    });

    // revoked, the document fails on status like the signed credential
    await revokeCertificate(certificate.code, "Issued in error", certificate.userId);
    expect((await checkCredential(JSON.stringify(document))).checks.at(-1)).toMatchObject({
      name: "Status",
      ok: false,
    });
  });

  it("old credentials still verify after the signing key is rotated", async () => {
    const { certificate } = await completed();
    await rotateKey();
    expect((await jwks()).keys.length).toBeGreaterThanOrEqual(2);
    expect((await checkCredential(certificate.credentialJwt)).valid).toBe(true);
    const { certificate: newer } = await completed();
    expect(JSON.parse(Buffer.from(newer.credentialJwt.split(".")[0]!, "base64url").toString()).kid).not.toBe(
      JSON.parse(Buffer.from(certificate.credentialJwt.split(".")[0]!, "base64url").toString()).kid,
    );
  });
});

describe("verification by code", () => {
  it("tells a typo without a lookup, and finds valid, revoked and unknown codes", async () => {
    const { certificate } = await completed();
    const typo = certificate.code.slice(0, 12) + (certificate.code[12] === "0" ? "1" : "0");
    const before = await prisma.auditEvent.count({ where: { action: "certificate.verified" } });
    expect(await lookupByCode(typo, ip(), "page")).toMatchObject({
      kind: "invalid",
      message: expect.stringMatching(/typing mistake/),
    });
    await flushAudits();
    expect(await prisma.auditEvent.count({ where: { action: "certificate.verified" } })).toBe(before);

    expect(await lookupByCode(formatCode(certificate.code).toLowerCase(), ip(), "page")).toMatchObject({
      kind: "found",
      status: "valid",
    });
    await revokeCertificate(certificate.code, "GMC registration lapsed", certificate.userId);
    const revoked = await lookupByCode(certificate.code, ip(), "api");
    expect(revoked).toMatchObject({
      kind: "found",
      status: "revoked",
      certificate: { revokedReason: "GMC registration lapsed" },
    });

    let unknown = "ZZZZZZZZZZZZ";
    const { parseCode } = await import("./code");
    for (const c of "0123456789ABCDEFGHJKMNPQRSTVWXYZ") if (parseCode(unknown + c).ok) unknown += c;
    expect(await lookupByCode(unknown, ip(), "page")).toMatchObject({ kind: "not_found" });
    // lookups are audited in batches, written without anyone asking
    await expect
      .poll(() => prisma.auditEvent.count({ where: { action: "certificate.verified" } }), { timeout: 10_000 })
      .toBe(before + 3);
  });

  it("an expired certificate shows as expired", async () => {
    const { certificate } = await completed();
    await prisma.certificate.update({
      where: { id: certificate.id },
      data: { expiresAt: new Date(Date.now() - 1000) },
    });
    expect(await lookupByCode(certificate.code, ip(), "page")).toMatchObject({
      kind: "found",
      status: "expired",
    });
  });

  it("is rate-limited per address", async () => {
    const { certificate } = await completed();
    const address = ip();
    for (let i = 0; i < 30; i++)
      expect((await lookupByCode(certificate.code, address, "api")).kind).toBe("found");
    const limited = await lookupByCode(certificate.code, address, "api");
    expect(limited).toMatchObject({ kind: "rate_limited" });
    expect((await lookupByCode(certificate.code, ip(), "api")).kind).toBe("found");
  });

  it("a pasted credential is held to the same per-address limit as code lookups, and audited", async () => {
    const { certificate } = await completed();
    const address = ip();
    // code lookups and credential checks share one budget: 20 + 10 uses it up
    for (let i = 0; i < 20; i++)
      expect((await lookupByCode(certificate.code, address, "page")).kind).toBe("found");
    for (let i = 0; i < 10; i++) {
      const verdict = await verifyCredential(certificate.credentialJwt, address);
      expect(verdict).toMatchObject({ kind: "checked", result: { valid: true } });
    }
    expect(await verifyCredential(certificate.credentialJwt, address)).toMatchObject({
      kind: "rate_limited",
      retryAfterSeconds: expect.any(Number),
    });
    expect(await lookupByCode(certificate.code, address, "page")).toMatchObject({ kind: "rate_limited" });
    // parallel pastes from a fresh address cannot overrun the limit either
    const burst = ip();
    const verdicts = await Promise.all(
      Array.from({ length: 45 }, () => verifyCredential("not a credential", burst)),
    );
    expect(verdicts.filter((v) => v.kind === "checked").length).toBeLessThanOrEqual(30);
    await flushAudits();
    const audited = await prisma.auditEvent.findMany({
      where: { action: "certificate.credential_checked", detail: { contains: address } },
    });
    expect(audited).toHaveLength(10);
    const detail = JSON.parse(audited[0]!.detail) as Record<string, unknown>;
    expect(detail).toMatchObject({ code: certificate.code, valid: true, via: "credential" });
    // the credential itself is never stored in the audit
    expect(audited[0]!.detail).not.toContain(certificate.credentialJwt.slice(0, 40));
  });

  it("revocation reaches the status list at once", async () => {
    const { certificate } = await completed();
    expect(
      bitIsSet((await statusListCredential()).credentialSubject.encodedList, certificate.statusIndex),
    ).toBe(false);
    expect(await revokeCertificate(certificate.code, "Issued in error", certificate.userId)).toBe(true);
    expect(await revokeCertificate(certificate.code, "again", certificate.userId)).toBe(false);
    expect(
      bitIsSet((await statusListCredential()).credentialSubject.encodedList, certificate.statusIndex),
    ).toBe(true);
  });
});

describe("the pdf", () => {
  it("opens as a4 landscape pages and contains the name, course, code and verify url", async () => {
    const { certificate } = await completed();
    const bytes = await certificatePdf(certificate);
    const doc = await PDFDocument.load(bytes);
    // the certificate, then its evidence
    expect(doc.getPageCount()).toBe(2);
    const { width, height } = doc.getPage(0).getSize();
    expect(Math.round(width)).toBe(842);
    expect(Math.round(height)).toBe(595);
    const text = pdfText(bytes);
    expect(text).toContain("Dr Certified Doctor");
    expect(text).toContain("Demo course for tests");
    expect(text).toContain(formatCode(certificate.code));
    expect(text).toContain(verifyUrl(certificate.code));
  });
});
