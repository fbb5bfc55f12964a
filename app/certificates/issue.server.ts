import { createHash, randomBytes } from "node:crypto";
import type { Certificate } from "~/generated/prisma/client";
import { leadsToCertificate } from "~/courses/assessment";
import { definitionFor } from "~/courses/courses.server";
import { prisma } from "~/db.server";
import { getEnv } from "~/env.server";
import { audit } from "~/organisations/audit.server";
import { isUniqueViolation } from "~/utils/db-errors";
import { formatCode, generateCode } from "./code";
import { getEmailTransport } from "~/email/transport.server";
import { logger } from "~/logger.server";
import { buildCredential, signCredential } from "./credential.server";
import { collectEvidence } from "./evidence.server";

/** months after `from`, on the same day of the month (clamped to the month's last day) */
export function addMonths(from: Date, months: number): Date {
  const d = new Date(
    Date.UTC(
      from.getUTCFullYear(),
      from.getUTCMonth() + months,
      1,
      from.getUTCHours(),
      from.getUTCMinutes(),
      from.getUTCSeconds(),
    ),
  );
  const lastDay = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 0)).getUTCDate();
  d.setUTCDate(Math.min(from.getUTCDate(), lastDay));
  return d;
}

/**
 * issues the certificate for a completed enrolment, exactly once: a second call (or a
 * concurrent one) returns the first certificate. returns null if the course is not complete.
 */
export async function issueCertificate(
  enrolmentId: string,
  options: { now?: Date } = {},
): Promise<Certificate | null> {
  const existing = await prisma.certificate.findUnique({ where: { enrolmentId } });
  if (existing) return existing;
  const enrolment = await prisma.enrolment.findUnique({
    where: { id: enrolmentId },
    include: { user: true },
  });
  if (!enrolment?.completedAt) return null;
  const def = await definitionFor(enrolment.courseVersionId);
  // completion of a course without a server-marked assessment is recorded, not certified
  if (!leadsToCertificate(def)) return null;
  const results = await collectEvidence(enrolment, def);
  const issuedAt = options.now ?? new Date();
  const expiresAt = def.certificateValidForMonths ? addMonths(issuedAt, def.certificateValidForMonths) : null;
  const identitySalt = randomBytes(16).toString("hex");
  const identityHash = createHash("sha256")
    .update(enrolment.user.email + identitySalt)
    .digest("hex");

  for (let tries = 0; tries < 5; tries++) {
    const id = crypto.randomUUID();
    const code = generateCode();
    const last = await prisma.certificate.findFirst({
      orderBy: { statusIndex: "desc" },
      select: { statusIndex: true },
    });
    const statusIndex = (last?.statusIndex ?? -1) + 1;
    const facts = {
      id,
      userId: enrolment.userId,
      courseId: enrolment.courseId,
      courseTitle: def.title,
      courseSummary: def.summary,
      courseVersionLabel: def.versionLabel,
      recipientName: enrolment.user.name,
      identityHash,
      identitySalt,
      completedAt: enrolment.completedAt,
      issuedAt,
      expiresAt,
      cpdHours: def.cpdHours,
      outcomes: def.outcomes,
      results,
      statusIndex,
      code,
    };
    const credentialJwt = await signCredential(buildCredential(facts));
    try {
      const certificate = await prisma.certificate.create({
        data: {
          id,
          code,
          enrolmentId,
          userId: enrolment.userId,
          courseId: enrolment.courseId,
          courseVersionId: enrolment.courseVersionId,
          recipientName: enrolment.user.name,
          gmcNumber: enrolment.user.gmcNumber,
          recipientIdentity: identityHash,
          identitySalt,
          courseTitle: def.title,
          courseVersionLabel: def.versionLabel,
          completedAt: enrolment.completedAt,
          cpdHours: def.cpdHours,
          outcomes: JSON.stringify(def.outcomes),
          results: JSON.stringify(results),
          issuerName: getEnv().ISSUER_NAME,
          issuerSignatory: getEnv().ISSUER_SIGNATORY ?? null,
          issuedAt,
          expiresAt,
          statusIndex,
          credentialJwt,
        },
      });
      await audit(prisma, {
        actorId: enrolment.userId,
        organisationId: enrolment.organisationId,
        action: "certificate.issued",
        detail: { certificateId: id, code, courseId: enrolment.courseId },
      });
      await sendCertificateEmail(certificate, enrolment.user.email);
      return certificate;
    } catch (error) {
      if (!isUniqueViolation(error)) throw error;
      // another request issued it first: that one stands
      const winner = await prisma.certificate.findUnique({ where: { enrolmentId } });
      if (winner) return winner;
      // otherwise the code or status index collided: try again with new ones
    }
  }
  throw new Error("could not allocate a certificate code and status index");
}

/**
 * tells the doctor their certificate is ready, with its code and verify link. best effort: the
 * certificate stands whether or not the email goes (the dashboard shows it either way).
 */
async function sendCertificateEmail(certificate: Certificate, email: string) {
  const origin = new URL(getEnv().APP_URL).origin;
  const code = formatCode(certificate.code);
  try {
    await getEmailTransport().send({
      to: email,
      subject: `Your certificate: ${certificate.courseTitle}`,
      text: [
        `Dear ${certificate.recipientName},`,
        "",
        `Congratulations: you have completed "${certificate.courseTitle}" and your certificate has been issued.`,
        "",
        `Verification code: ${code}`,
        `Anyone can check it, without an account, at ${origin}/verify/${code}`,
        "",
        `Download the certificate (PDF), the digital credential and your CPD record from ${origin}/dashboard`,
        ...(certificate.cpdHours ? ["", `It records ${certificate.cpdHours} hours of CPD.`] : []),
        "",
        "Mentor training for doctors",
      ].join("\n"),
    });
  } catch (error) {
    logger.error({ err: error, certificateId: certificate.id }, "certificate email could not be sent");
  }
}
